/**
 * The generator code's digest (cache/fingerprint.ts) kept in the cache folder, by the identities of
 * the files it was made from: a process whose code files all have those identities takes it
 * instead of reading and hashing them. The bundle's folder holds ~4 MB (the bundled recheck 2.9 MB
 * of it), ~20 ms of reading and hashing in every process that opens the cache, of the ~170 ms a
 * no-op at 1000 events takes after node's start. One line, `<identities> <digest>`, replaced whole (written beside,
 * then renamed), so a reader sees one process's line or the other's; anything else in the file is
 * a miss, and a miss only costs the hashing.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CodeDigestMemo } from "./fingerprint.js";

/** The file's name in the cache folder (a file, not a kind's folder: the store's pruning leaves it). */
export const CODE_DIGEST_FILE = "code-digest";

const DIGEST = /^[0-9a-f]{64}$/;

export function codeDigestRecord(dir: string): CodeDigestMemo {
  const path = join(dir, CODE_DIGEST_FILE);
  return {
    get(identities) {
      try {
        const [recorded, digest, ...rest] = readFileSync(path, "utf8").trimEnd().split(" ");
        return recorded === identities && digest !== undefined && DIGEST.test(digest) && rest.length === 0 ? digest : undefined;
      } catch {
        return undefined;
      }
    },
    set(identities, digest) {
      const beside = `${path}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(beside, `${identities} ${digest}\n`);
        renameSync(beside, path);
      } catch {
        // The cache is an optimisation: the next process hashes the code again.
        try {
          rmSync(beside, { force: true });
        } catch {
          // nothing was written there
        }
      }
    },
  };
}
