/**
 * A folder copied as hard links (bench/edit-process.ts): each file keeps its inode, size and
 * modification time, so a generator's output put back this way still matches the cache's record
 * of what the cold run wrote (cache/output-record.ts), as the folder the cold run left does.
 */
import { linkSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** `from` rebuilt at `to`: folders made anew, every file a hard link of the original. */
export function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) linkTree(join(from, entry.name), join(to, entry.name));
    else linkSync(join(from, entry.name), join(to, entry.name));
  }
}
