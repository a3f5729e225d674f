/**
 * The registry folder as the last run of another process read it, kept like git's index: per
 * file (path inside the registry) its device, inode, size, modification and change times in ns
 * with the digest of its bytes; per folder its identity and entries. A later process takes a file
 * whose stat is what the record says as holding the recorded bytes, without reading or hashing
 * it, and a folder as holding the recorded entries, without listing it.
 *
 * An edit changes the file's stat: a save its times (and mostly its size), a rename over it its
 * inode, a copy from another disk its device; a time put back by hand (`touch -d`) leaves the
 * change time, which nothing can set back. A file added, removed or renamed changes its folder's
 * times. What the stat cannot tell is a change in the same clock tick as the read that recorded
 * the file (file times move in ticks of the kernel's coarse clock, seconds on some file systems),
 * so, as git does for racily clean entries, a record is trusted only for files and folders that
 * changed SETTLED_NS before the read that recorded them; the others are read again.
 *
 * A record restored at another path or on another disk has other inodes or devices: every file
 * is read, as without one.
 */
import { statSync, type Dirent } from "node:fs";

/** Files and folders changed less than this before a read are read again by the next one. */
export const SETTLED_NS = 2_000_000_000n;

export interface RecordedFile {
  stat: string;
  digest: string;
}

export type EntryType = "d" | "f" | "l" | "o";

export interface RecordedFolder {
  stat: string;
  entries: Array<[name: string, type: EntryType]>;
}

export interface StatRecord {
  /** When the read began (ns since the epoch): entries changed less than SETTLED_NS before it are not trusted. */
  readAtNs: bigint;
  files: Map<string, RecordedFile>;
  folders: Map<string, RecordedFolder>;
}

/** The clock the record's guard compares file times with, in ns. */
export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/** A path's stat as the record keeps it, and its last change; undefined when it cannot be stat'ed. */
export function statOf(path: string): { stat: string; size: bigint; changedNs: bigint } | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return { stat: `${s.dev} ${s.ino} ${s.size} ${s.mtimeNs} ${s.ctimeNs}`, size: s.size, changedNs: s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs };
  } catch {
    return undefined;
  }
}

/** A path last changed at `changedNs` was settled when a read beginning at `readAtNs` recorded it. */
export function settled(changedNs: bigint, readAtNs: bigint): boolean {
  return changedNs < readAtNs - SETTLED_NS;
}

export function entryType(entry: Dirent): EntryType {
  return entry.isDirectory() ? "d" : entry.isFile() ? "f" : entry.isSymbolicLink() ? "l" : "o";
}

/** A recorded entry as the scan reads a Dirent (its name and kind). */
export function recordedDirent([name, type]: [string, EntryType]): Dirent {
  return { name, isDirectory: () => type === "d", isFile: () => type === "f", isSymbolicLink: () => type === "l" } as Dirent;
}

interface StoredRecord {
  v: 1;
  readAtNs: string;
  files: Array<[string, string, string]>;
  folders: Array<[string, string, Array<[string, EntryType]>]>;
}

export function recordText(record: StatRecord): string {
  const stored: StoredRecord = {
    v: 1,
    readAtNs: String(record.readAtNs),
    files: [...record.files].map(([path, f]) => [path, f.stat, f.digest]),
    folders: [...record.folders].map(([path, f]) => [path, f.stat, f.entries]),
  };
  return JSON.stringify(stored);
}

/** undefined for a text that is not a record (damaged, or of another layout): the registry is then read whole. */
export function parseRecord(text: string): StatRecord | undefined {
  try {
    const stored = JSON.parse(text) as StoredRecord;
    if (stored.v !== 1 || !/^\d+$/.test(stored.readAtNs) || !Array.isArray(stored.files) || !Array.isArray(stored.folders)) return undefined;
    const files = new Map<string, RecordedFile>();
    for (const [path, stat, digest] of stored.files) if (typeof path === "string" && typeof stat === "string" && typeof digest === "string") files.set(path, { stat, digest });
    const folders = new Map<string, RecordedFolder>();
    for (const [path, stat, entries] of stored.folders) {
      if (typeof path === "string" && typeof stat === "string" && Array.isArray(entries)) folders.set(path, { stat, entries });
    }
    return { readAtNs: BigInt(stored.readAtNs), files, folders };
  } catch {
    return undefined;
  }
}
