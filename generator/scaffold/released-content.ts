/**
 * What `bump` counts as released: the registry folder at the last commit, or at `--against <ref>`.
 * The latest minor of a major whose file differs from it holds an unreleased edit, which `bump`
 * moves into the new version. Without a repository (or a commit) nothing can be told apart, and
 * `bump` says so instead of guessing.
 */
import { parse } from "jsonc-parser";
import { existsAt, GitError, readRegistryAt } from "../released/git-registry.js";
import { deepEqual } from "../compat/schema-view.js";
import type { MajorModel } from "../model/registry-model.js";

export type Released =
  | { known: true; ref: string; files: Map<string, string>; listed: Set<string> }
  | { known: false; why: string };

/** The registry at `against` (default HEAD). A bad `against` is the user's mistake: GitError. */
export function releasedRegistry(schemasDir: string, against?: string): Released {
  const ref = against ?? "HEAD";
  try {
    const snapshot = readRegistryAt(schemasDir, ref);
    return { known: true, ref, files: snapshot.files, listed: new Set(snapshot.list) };
  } catch (err) {
    if (!(err instanceof GitError) || against !== undefined) throw err;
    if (err.reason === "no-repository") return { known: false, why: `${schemasDir} is not in a git repository` };
    if (err.reason === "unknown-ref") return { known: false, why: `the git repository of ${schemasDir} has no commit yet` };
    throw err;
  }
}

/**
 * The ref that holds `file` (a version file bump is about to create), or undefined when none
 * does: the released registry, and HEAD too when --against names another ref. A version number
 * once committed stays that schema's, even when its file was deleted here since.
 */
export function refHolding(schemasDir: string, released: Released, against: string | undefined, file: string): string | undefined {
  if (released.known && released.listed.has(file)) return released.ref;
  if (against !== undefined && existsAt(schemasDir, "HEAD", file)) return "HEAD";
  return undefined;
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
