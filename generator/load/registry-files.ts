/**
 * The registry folder read once: every JSON file's bytes, listed the way the loader lists them.
 * `generate` digests this snapshot for its no-op check and loads the registry from it, so each
 * file is read once per run instead of twice, and the run manifest describes exactly the bytes
 * the output was made from, even when a file is saved while the run goes on.
 */
import { join } from "node:path";
import { digest } from "../base/hash.js";
import { fileIdentity } from "../base/file-identity.js";
import { listJsonFiles, type UnlistedEntry } from "./scan.js";
import { FolderListings, folderIdentity, type Listing } from "./folder-listings.js";
import { limitsOf, readBounded, sizeProblem, type InputLimits } from "./input-limits.js";
import { isNotUtf8, utf8Text } from "./utf8-text.js";
import { entryType, nowNs, recordedDirent, settled, statOf, type StatRecord } from "./stat-record.js";

export interface RegistryFiles {
  root: string;
  /** Relative paths of every JSON file, in the loader's order. */
  list: string[];
  /** Files and folders that could not be listed, and why. */
  unlisted: UnlistedEntry[];
  /** The limits of this registry (its registry.json's, over the defaults). */
  limits: InputLimits;
  /** A file's text, or undefined when it could not be read or is not UTF-8 (`failure` says why). */
  text(file: string): string | undefined;
  /**
   * Why a file's text is undefined: unreadable, over the size limit (then not read at all), or
   * not UTF-8 (utf8-text.ts; `notUtf8` says where, known once its text was asked for).
   */
  failure(file: string): Failure | undefined;
  /** Digest of a file's bytes ("unreadable" when it could not be read). */
  digest(file: string): string;
  /**
   * A file taken from the stat record (stat-record.ts) was read when its text was asked for and
   * did not hold the recorded bytes any more (saved during the run): the digests do not describe
   * what was rendered, so no manifest may be recorded for them.
   */
  readonly drifted?: boolean;
  /** How many files were read from the disk (the others taken from the stat record or the earlier read unread). */
  readonly readFromDisk?: number;
  /**
   * Every file and folder was taken from the stat record given to the read, none read, listed or
   * found changed since: the record this read would keep (statRecordOf) is that one, and need
   * not be made to be compared with it (a no-op's ~13 ms at 1000 events).
   */
  readonly asRecorded?: boolean;
}

/**
 * What an earlier read of the same folder saw, for a long-lived process (`generate --watch`): a
 * file whose identity (base/file-identity.ts) is as it was then, and that the
 * watcher did not name, is taken from `previous` instead of being read again.
 */
export interface EarlierRead {
  previous: RegistryFiles;
  /** Files the watcher reported as changed (relative paths): read again whatever their identity. */
  named: ReadonlySet<string>;
  /**
   * `previous`'s files and folders as they were a moment before this read (sweepRegistry, made
   * while the watch waited out a burst of changes, after its last event), used instead of a
   * `stat` each: a folder whose swept identity is the one it was listed with is taken as listed
   * (unless it holds a file the watcher named), a file has its swept identity (one it named is
   * read whatever). What changed since unreported, the run after the next change reads.
   */
  swept?: RegistrySweep;
}

export interface RegistrySweep {
  /** Each file's identity (base/file-identity.ts), by relative path. */
  files: ReadonlyMap<string, string>;
  /** Each folder's stat as a listing keeps it (folder-listings.ts), by relative path ("" the registry's own). */
  folders: ReadonlyMap<string, string>;
}

/** `files`' files and folders as they are now, for `EarlierRead.swept`. */
export function sweepRegistry(files: RegistryFiles): RegistrySweep {
  const swept = { files: new Map<string, string>(), folders: new Map<string, string>() };
  for (const file of files.list) swept.files.set(file, fileIdentity(join(files.root, file)));
  for (const folder of keptListings.get(files)?.listed.keys() ?? []) swept.folders.set(folder, folderIdentity(join(files.root, folder)));
  return swept;
}

export interface Failure {
  tooLarge: boolean;
  reason: string;
  notUtf8?: { line: number; column: number };
}

interface KeptFile {
  identity: string;
  /** The stat as the record keeps it, taken before the file was read; absent when no record is kept. */
  stat?: string;
  /** Taken from the record unread: read when its text is asked for. */
  unread?: boolean;
  bytes?: Buffer;
  failure?: Failure;
  /** Computed when first asked; shared with the next read while the file is unchanged. */
  digest?: string;
}

/** Every file's identity and bytes as read, and every folder as listed, for the next EarlierRead. */
const keptFiles = new WeakMap<RegistryFiles, Map<string, KeptFile>>();
const keptListings = new WeakMap<RegistryFiles, FolderListings>();
/** When a read keeping a stat record began. */
const readAt = new WeakMap<RegistryFiles, bigint>();

/**
 * Reads every JSON file under `root` now (or takes unchanged ones from `earlier`); throws when the
 * folder itself cannot be listed. `record`: keep a stat record of this read (statRecordOf), taking
 * each file and folder `record.previous` (another process's) knows unchanged from it unread.
 */
export function readRegistryFiles(root: string, earlier?: EarlierRead, record?: { previous?: StatRecord }): RegistryFiles {
  const startedNs = nowNs();
  const previous = record?.previous;
  const listings = earlier
    ? new FolderListings(keptListings.get(earlier.previous)?.listed, earlier.named, earlier.swept?.folders)
    : record
      ? new FolderListings(previous ? recordedListings(previous) : undefined)
      : undefined;
  const { files: list, unlisted } = listJsonFiles(root, listings);
  const limits = limitsOf(root);
  const before = earlier && JSON.stringify(earlier.previous.limits) === JSON.stringify(limits) ? keptFiles.get(earlier.previous) : undefined;
  const kept = new Map<string, KeptFile>();
  let drifted = false;
  let readAnew = 0;
  let readLate = 0;
  let takenFromRecord = 0;
  const readInto = (file: string, entry: KeptFile): KeptFile => {
    try {
      const read = readBounded(join(root, file), limits.maxFileSize);
      if ("bytes" in read) entry.bytes = read.bytes;
      else entry.failure = { tooLarge: true, reason: sizeProblem(Infinity, limits)! };
    } catch (err) {
      entry.failure = { tooLarge: false, reason: `cannot read ${file}: ${(err as Error).message}` };
    }
    return entry;
  };
  for (const file of list) {
    // Taken before reading: a save during the read then differs next time and is read again.
    const identity = earlier ? (earlier.swept?.files.get(file) ?? fileIdentity(join(root, file))) : "";
    const old = before?.get(file);
    if (old && old.identity === identity && !earlier!.named.has(file)) {
      kept.set(file, old);
      continue;
    }
    const stat = record ? statOf(join(root, file)) : undefined;
    const recorded = previous?.files.get(file);
    // Over a size limit registry.json lowered since: read, so that it is refused as a read refuses it.
    if (stat && recorded && recorded.stat === stat.stat && settled(stat.changedNs, previous!.readAtNs) && stat.size <= BigInt(limits.maxFileSize)) {
      kept.set(file, { identity, stat: stat.stat, unread: true, digest: recorded.digest });
      takenFromRecord++;
      continue;
    }
    kept.set(file, readInto(file, { identity, ...(stat ? { stat: stat.stat } : {}) }));
    readAnew++;
  }
  /** The text of a file taken unread from the record, read now; a file changed since is the run's drift. */
  const readNow = (file: string, entry: KeptFile) => {
    entry.unread = false;
    readLate++;
    const recorded = entry.digest;
    delete entry.digest;
    readInto(file, entry);
    if (!entry.bytes || digest(entry.bytes) !== recorded) {
      drifted = true;
      delete entry.stat;
    } else entry.digest = recorded;
  };
  const files: RegistryFiles = {
    root,
    list,
    unlisted,
    limits,
    text(file) {
      const entry = kept.get(file);
      if (entry?.unread) readNow(file, entry);
      if (!entry?.bytes) return undefined;
      const text = utf8Text(entry.bytes);
      if (!isNotUtf8(text)) return text;
      // The bytes stay: the digest describes them, and the next read of the same bytes is refused again.
      entry.failure = { tooLarge: false, reason: text.message, notUtf8: { line: text.line, column: text.column } };
      return undefined;
    },
    failure: (file) => kept.get(file)?.failure,
    digest(file) {
      const entry = kept.get(file);
      if (!entry) return "unreadable";
      entry.digest ??= entry.bytes ? digest(entry.bytes) : "unreadable";
      return entry.digest;
    },
    get drifted() {
      return drifted;
    },
    get readFromDisk() {
      return readAnew + readLate;
    },
    get asRecorded() {
      // Each recorded file and folder taken, and nothing else: a link whose target went leaves its file out, its folder listed as recorded.
      return previous !== undefined && readAnew === 0 && listings!.listedAnew === 0 && !drifted && takenFromRecord === previous.files.size && listings!.listed.size === previous.folders.size;
    },
  };
  keptFiles.set(files, kept);
  if (listings) keptListings.set(files, listings);
  // Nothing read or listed anew: the previous record holds, its guard's time with it (and is not written again).
  if (record) readAt.set(files, previous && readAnew === 0 && listings!.listedAnew === 0 ? previous.readAtNs : startedNs);
  return files;
}

/**
 * What the next process may take from this read unread: each file read whole (or taken unread)
 * with the stat it had before, and each folder listed at least SETTLED_NS after its last change.
 * undefined for a read that kept no record.
 */
export function statRecordOf(files: RegistryFiles): StatRecord | undefined {
  const readAtNs = readAt.get(files);
  const kept = keptFiles.get(files);
  const listings = keptListings.get(files);
  if (readAtNs === undefined || !kept || !listings) return undefined;
  const record: StatRecord = { readAtNs, files: new Map(), folders: new Map() };
  for (const [file, entry] of kept) if (entry.stat && (entry.bytes || entry.unread)) record.files.set(file, { stat: entry.stat, digest: files.digest(file) });
  for (const [folder, listing] of listings.listed) record.folders.set(folder, { stat: listing.identity, entries: listing.entries.map((e) => [e.name, entryType(e)]) });
  return record;
}

function recordedListings(record: StatRecord): Map<string, Listing> {
  return new Map([...record.folders].map(([folder, { stat, entries }]) => [folder, { identity: stat, entries: entries.map(recordedDirent) }]));
}
