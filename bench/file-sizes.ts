/** Sizes of emitted code on disk, for the figures on validator size. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Bytes and number of the files under `dir` (recursively) whose names end with `suffix`. */
export function sizeOf(dir: string, suffix: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const rel of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!rel.endsWith(suffix)) continue;
    const stat = statSync(join(dir, rel));
    if (!stat.isFile()) continue;
    bytes += stat.size;
    files++;
  }
  return { bytes, files };
}
