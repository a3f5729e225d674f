/**
 * The registry folder read once: every JSON file's bytes, listed the way the loader lists them.
 * `generate` digests this snapshot for its no-op check and loads the registry from it, so each
 * file is read once per run instead of twice, and the run manifest describes exactly the bytes
 * the output was made from, even when a file is saved while the run goes on.
 */
import { join } from "node:path";
import { digest } from "../base/hash.js";
import { listJsonFiles, type UnlistedEntry } from "./scan.js";
import { limitsOf, readBounded, sizeProblem, type InputLimits } from "./input-limits.js";

export interface RegistryFiles {
  root: string;
  /** Relative paths of every JSON file, in the loader's order. */
  list: string[];
  /** Files and folders that could not be listed, and why. */
  unlisted: UnlistedEntry[];
  /** The limits of this registry (its registry.json's, over the defaults). */
  limits: InputLimits;
  /** A file's text, or undefined when it could not be read (`failure` says why). */
  text(file: string): string | undefined;
  /** Why a file's text is undefined: unreadable, or over the size limit (then not read at all). */
  failure(file: string): { tooLarge: boolean; reason: string } | undefined;
  /** Digest of a file's bytes ("unreadable" when it could not be read). */
  digest(file: string): string;
}

/** Reads every JSON file under `root` now; throws when the folder itself cannot be listed. */
export function readRegistryFiles(root: string): RegistryFiles {
  const { files: list, unlisted } = listJsonFiles(root);
  const limits = limitsOf(root);
  const bytes = new Map<string, Buffer | undefined>();
  const failures = new Map<string, { tooLarge: boolean; reason: string }>();
  for (const file of list) {
    try {
      const read = readBounded(join(root, file), limits.maxFileSize);
      if ("bytes" in read) bytes.set(file, read.bytes);
      else failures.set(file, { tooLarge: true, reason: sizeProblem(Infinity, limits)! });
    } catch (err) {
      failures.set(file, { tooLarge: false, reason: `cannot read ${file}: ${(err as Error).message}` });
    }
  }
  const digests = new Map<string, string>();
  return {
    root,
    list,
    unlisted,
    limits,
    text: (file) => bytes.get(file)?.toString("utf8"),
    failure: (file) => failures.get(file),
    digest(file) {
      let d = digests.get(file);
      if (d === undefined) {
        const b = bytes.get(file);
        d = b ? digest(b) : "unreadable";
        digests.set(file, d);
      }
      return d;
    },
  };
}
