/**
 * The stat record of a registry folder (load/stat-record.ts) kept in the cache for the next
 * process: one entry per registry folder, named by its path from the cache folder like the other
 * folder entries. A cache restored at another path finds it, and every file there fails its stat
 * (other inodes), so the registry is read whole; the record is a hint checked against the disk,
 * never a source of output.
 */
import { parseRecord, recordText, type StatRecord } from "../load/stat-record.js";
import { statRecordOf, type RegistryFiles } from "../load/registry-files.js";
import type { GeneratorCache } from "./generator-cache.js";

const KIND = "registry-stat";

/** The record and its text as stored (saveStatRecord writes only a different one). */
export interface StoredStatRecord {
  record?: StatRecord;
  text?: string;
}

export function readStatRecord(cache: GeneratorCache, root: string): StoredStatRecord {
  const text = cache.get(KIND, cache.folderName(root));
  const record = text === undefined ? undefined : parseRecord(text);
  return record ? { record, text } : {};
}

/** What `files` read, as the next process's record; nothing is written when it is the stored one. */
export function saveStatRecord(cache: GeneratorCache, root: string, files: RegistryFiles, stored: StoredStatRecord): boolean {
  // Taken whole from the stored record: the same record (test/generator/registry-stat-record.test.ts).
  if (files.asRecorded && stored.text !== undefined) return false;
  const record = statRecordOf(files);
  if (!record) return false;
  const text = recordText(record);
  if (text === stored.text) return false;
  cache.set(KIND, [cache.folderName(root)], text);
  return true;
}
