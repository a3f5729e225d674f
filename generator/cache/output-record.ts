/**
 * What the last run wrote to an output folder, kept in the cache for the next process: each
 * file's content digest and its identity on disk (size, modification time, inode) once written.
 * A file that still has that identity still holds that content, so a later run giving it the same
 * content (by digest) hard-links it without reading it back, and a cached page whose stored digest
 * is that one is not even read from the cache (write/output-dir.ts's `reuse`). A file edited,
 * replaced or removed by hand has another identity and is compared or written as before.
 *
 * One entry per output folder, keyed by its absolute path: unlike every other entry, the record
 * is about files on one disk (their inodes and times), which a clone or a restored cache does not
 * have. A cache moved with its project to another path misses it (the next run compares the output
 * by content, as a run without the record does, and records it anew); one restored at the same path
 * finds it, and every file of a fresh checkout fails its identity check the same way. The record is
 * a hint checked against the disk file by file, never a source of output: a stale or damaged record
 * costs reads, not output.
 */
import { resolve } from "node:path";
import type { OutputRecord } from "../write/recorded-output.js";
import type { GeneratorCache } from "./generator-cache.js";

const KIND = "output-record";

export function readOutputRecord(cache: GeneratorCache, out: string): OutputRecord {
  const text = cache.get(KIND, resolve(out));
  const record: OutputRecord = new Map();
  if (text === undefined) return record;
  try {
    for (const [path, digest, identity] of JSON.parse(text) as Array<[string, string, string]>) {
      if (typeof path === "string" && typeof digest === "string" && typeof identity === "string") record.set(path, { digest, identity });
    }
  } catch {
    record.clear();
  }
  return record;
}

export function saveOutputRecord(cache: GeneratorCache, out: string, record: OutputRecord): void {
  cache.set(KIND, [resolve(out)], JSON.stringify([...record].map(([path, r]) => [path, r.digest, r.identity])));
}
