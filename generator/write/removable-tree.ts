/**
 * Whether the output folder the swap takes out can be removed (or refilled as the next run's
 * staging tree) by this user. The swap is a rename in the folder above, which a read-only output
 * folder does not stop; removing the old tree afterwards is an unlink in each of its folders,
 * which it does. Found only then, the new output would be in place, the run reported as failed,
 * and the old tree left beside it where no later run could remove it. So every folder of the
 * output is checked before the swap, and a read-only one stops the run with the output as it was.
 */
import { accessSync, constants, readdirSync } from "node:fs";
import { join } from "node:path";
import { FOREIGN } from "./output-ownership.js";

/** A folder of the output (`inside`: its path in the output, "" for the output itself) whose entries this user may not change. */
export class ReadOnlyOutputFolder extends Error {
  override name = "ReadOnlyOutputFolder";
  readonly code = "EACCES";
  constructor(
    readonly path: string,
    readonly inside: string,
  ) {
    super(`EACCES: permission denied, ${path} is read-only`);
  }
}

/** What `access` says of a folder whose entries this user may not change (a read-only disk too). */
const READ_ONLY = new Set(["EACCES", "EPERM", "EROFS"]);

/**
 * Throws ReadOnlyOutputFolder for the first folder under `root` (itself included; the top-level
 * node_modules aside, carried over whole) whose entries cannot be removed; other errors as the
 * file system gives them. One `access` and one listing per folder (an output has a handful).
 */
export function assertRemovable(root: string, inside = ""): void {
  const dir = join(root, inside);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    if (READ_ONLY.has((err as NodeJS.ErrnoException).code ?? "")) throw new ReadOnlyOutputFolder(dir, inside);
    throw err;
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || (inside === "" && FOREIGN.has(entry.name))) continue;
    assertRemovable(root, inside ? `${inside}/${entry.name}` : entry.name);
  }
}
