/**
 * One file written whole or not at all (`asyncapi --out`, `permissions --out`): the text goes to a
 * temporary file beside it, renamed over it, so a reader sees the old file or the new one, never
 * half of one, and a full disk leaves the old file as it was.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileSystemFailure, UsageError } from "../base/usage-error.js";

/** Throws a UsageError (exit 2) naming `path` and the reason when it cannot be written. */
export function writeWhole(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    // A temporary file that could not be made (no folder, a file on the path) has nothing to remove.
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* the reason to report is the write's */
    }
    // ENOENT names the temporary file; what is missing is the folder.
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT" ? `: the folder ${dirname(path)} does not exist` : "";
    throw missing ? new UsageError(`cannot write ${path}${missing}`) : fileSystemFailure(err, `cannot write ${path}`);
  }
}
