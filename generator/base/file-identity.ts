/**
 * A file's identity on disk: size, modification time (ns) and inode. A long-lived process
 * (`generate --watch`) compares it with the identity it saw to know a file is unchanged without
 * reading it: a save, a rename over it or a copy onto it changes one of the three.
 */
import { statSync } from "node:fs";

/** "missing" when the file cannot be stat'ed. */
export function fileIdentity(path: string): string {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.size} ${s.mtimeNs} ${s.ino}`;
  } catch {
    return "missing";
  }
}
