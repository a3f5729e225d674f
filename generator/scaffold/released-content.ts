/**
 * What `bump` counts as released: the registry folder at the last commit, or at `--against <ref>`.
 * The latest minor of a major whose file differs from it holds an unreleased edit, which `bump`
 * moves into the new version. Without a repository (or a commit) nothing can be told apart, and
 * `bump` says so instead of guessing.
 */
import { parse } from "jsonc-parser";
import { GitError, readRegistryAt } from "../released/git-registry.js";
import { deepEqual } from "../compat/schema-view.js";
import type { MajorModel } from "../model/registry-model.js";

export type Released =
  | { known: true; ref: string; files: Map<string, string> }
  | { known: false; why: string };

/** The registry at `against` (default HEAD). A bad `against` is the user's mistake: GitError. */
export function releasedRegistry(schemasDir: string, against?: string): Released {
  const ref = against ?? "HEAD";
  try {
    return { known: true, ref, files: readRegistryAt(schemasDir, ref).files };
  } catch (err) {
    if (!(err instanceof GitError) || against !== undefined) throw err;
    if (err.reason === "no-repository") return { known: false, why: `${schemasDir} is not in a git repository` };
    if (err.reason === "unknown-ref") return { known: false, why: `the git repository of ${schemasDir} has no commit yet` };
    throw err;
  }
}

/** Where a major's latest minor stands against the released registry. */
export type MinorState =
  | { state: "unknown"; why: string }
  | { state: "new"; ref: string }
  | { state: "unchanged"; ref: string }
  | { state: "edited"; ref: string; releasedText: string };

export function latestMinorState(released: Released, major: MajorModel): MinorState {
  if (!released.known) return { state: "unknown", why: released.why };
  const releasedText = released.files.get(major.latest.file);
  if (releasedText === undefined) return { state: "new", ref: released.ref };
  const same = deepEqual(parse(releasedText), major.latest.doc.schema);
  return same ? { state: "unchanged", ref: released.ref } : { state: "edited", ref: released.ref, releasedText };
}
