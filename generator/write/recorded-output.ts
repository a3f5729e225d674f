/**
 * What an earlier run wrote to an output folder, and the one rule by which a later run believes
 * it. cache/output-record.ts keeps the record between processes; the no-op's check
 * (cache/run-manifest.ts) and the writer (write/output-dir.ts) ask it.
 *
 * The rule: a file that still has the identity recorded for it (size, modification time in ns,
 * inode: base/file-identity.ts) still holds the content whose digest was recorded with it. A hand
 * edit, a rename over it or a copy onto it changes the identity, and the record then says nothing.
 * The file's identity is asked for only when the record's digest already decides the question, so
 * a file the record cannot answer for costs no `stat`.
 */

/** One file as a run wrote it: the digest of its content, and its identity on disk once written. */
export interface RecordedFile {
  digest: string;
  identity: string;
}

/** Output path -> the file as the run that wrote it recorded it. */
export type OutputRecord = Map<string, RecordedFile>;

/** By the record, the file holds `digest`: recorded with that digest, and still as recorded. */
export function recordSaysHolds(recorded: RecordedFile | undefined, digest: string, identityNow: () => string): recorded is RecordedFile {
  return recorded !== undefined && recorded.digest === digest && stillAsRecorded(recorded, identityNow);
}

/** By the record, the file holds other bytes than `digest`: recorded with another digest, and still as recorded. */
export function recordSaysDiffers(recorded: RecordedFile | undefined, digest: string, identityNow: () => string): boolean {
  return recorded !== undefined && recorded.digest !== digest && stillAsRecorded(recorded, identityNow);
}

function stillAsRecorded(recorded: RecordedFile, identityNow: () => string): boolean {
  return identityNow() === recorded.identity;
}
