/**
 * The registry folder read once: every JSON file's bytes, listed the way the loader lists them.
 * `generate` digests this snapshot for its no-op check and loads the registry from it, so each
 * file is read once per run instead of twice, and the run manifest describes exactly the bytes
 * the output was made from, even when a file is saved while the run goes on.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { digest } from "../cache/hash.js";
import { listJsonFiles } from "./scan.js";

export interface RegistryFiles {
  root: string;
  /** Relative paths of every JSON file, in the loader's order. */
  list: string[];
  /** A file's text, or undefined when it could not be read. */
  text(file: string): string | undefined;
  /** Digest of a file's bytes ("unreadable" when it could not be read). */
  digest(file: string): string;
}

/** Reads every JSON file under `root` now; throws when the folder itself cannot be listed. */
export function readRegistryFiles(root: string): RegistryFiles {
  const list = listJsonFiles(root);
  const bytes = new Map<string, Buffer | undefined>();
  for (const file of list) {
    try {
      bytes.set(file, readFileSync(join(root, file)));
    } catch {
      bytes.set(file, undefined);
    }
  }
  const digests = new Map<string, string>();
  return {
    root,
    list,
    text: (file) => bytes.get(file)?.toString("utf8"),
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
