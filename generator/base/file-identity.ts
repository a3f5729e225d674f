/**
 * A file's identity on disk: size, modification time (ns) and inode. A long-lived process
 * (`generate --watch`) compares it with the identity it saw to know a file is unchanged without
 * reading it: a save, a rename over it or a copy onto it changes one of the three.
 */
import { lstatSync, statSync, type BigIntStats } from "node:fs";

/** "missing" when the file cannot be stat'ed. */
export function fileIdentity(path: string): string {
  try {
    return identityOf(statSync(path, { bigint: true }));
  } catch {
    return "missing";
  }
}

/**
 * The identity of the regular file at `path` itself ("missing" for anything else: a symbolic link
 * is never followed). For a tree another run left, whose file may be a link to the very file an
 * identity was recorded of: kept as it is, it would put a link, not the file, into the output.
 */
export function ownFileIdentity(path: string): string {
  try {
    const s = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    return s?.isFile() ? identityOf(s) : "missing";
  } catch {
    return "missing";
  }
}

/** One spelling for all: a spare's file (ownFileIdentity), a file stat'ed already (the run manifest's check) and the identity the output record holds (fileIdentity). */
export function identityOf(s: BigIntStats): string {
  return `${s.size} ${s.mtimeNs} ${s.ino}`;
}
