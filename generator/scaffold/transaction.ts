/**
 * Writes a set of files, checks the registry, and puts everything back when the writes caused a
 * new error: `new` and `bump` never leave a registry worse than they found it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Diagnostic } from "../base/diagnostics.js";
import { fileSystemFailure } from "../base/usage-error.js";
import { runCheck, type CheckResult } from "../check-run.js";

/** A file to write, or one to remove (`bump` removes a minor that was never released when it moves it). */
export type FileWrite = { path: string; text: string } | { path: string; remove: true };

export interface WriteOutcome {
  after: CheckResult;
  /** Errors the writes introduced; when any, nothing was kept. */
  introduced: Diagnostic[];
  /** Errors of a moved file that now stand at the same place in the file it moved to. */
  carried: Diagnostic[];
  /** Errors the registry had before and still has, as they were reported before the writes. */
  remaining: Diagnostic[];
}

/**
 * An error is the same one after the writes when file, pointer and rule match: its message may
 * name versions the writes created (the next major moves up), which does not make it new.
 */
const key = (d: Diagnostic, file = d.file) => `${file}\u0000${d.pointer}\u0000${d.rule}`;

/** `moved` maps a registry file whose content the writes moved to the file that now holds it. */
export function writeChecked(schemasDir: string, before: Diagnostic[], writes: FileWrite[], moved: ReadonlyMap<string, string> = new Map()): WriteOutcome {
  const previous = writes.map((w) => ({ path: w.path, text: existsSync(w.path) ? readFileSync(w.path, "utf8") : undefined }));
  const createdDirs: string[] = [];
  try {
    for (const w of writes) {
      if ("remove" in w) {
        removeFile(w.path);
        continue;
      }
      // Noted before mkdir: a mkdir that fails half-way (a name too long for the disk) has made the folders above.
      const missing = firstMissing(dirname(w.path));
      if (missing !== undefined) createdDirs.push(missing);
      mkdirSync(dirname(w.path), { recursive: true });
      writeFile(w.path, w.text);
    }
    const after = runCheck(schemasDir);
    const beforeErrors = before.filter((d) => d.severity === "error");
    const known = new Map(beforeErrors.map((d) => [key(d), d]));
    const movedAlong = new Set(beforeErrors.flatMap((d) => (moved.has(d.file) ? [key(d, moved.get(d.file))] : [])));
    const outcome: WriteOutcome = { after, introduced: [], carried: [], remaining: [] };
    for (const d of after.diagnostics.filter((x) => x.severity === "error")) {
      const earlier = known.get(key(d));
      if (earlier) outcome.remaining.push(earlier);
      else if (movedAlong.has(key(d))) outcome.carried.push(d);
      else outcome.introduced.push(d);
    }
    if (outcome.introduced.length > 0) restore();
    return outcome;
  } catch (err) {
    restore();
    throw fileSystemFailure(err, `cannot write in ${schemasDir}`);
  }

  /**
   * Puts every file back and removes the folders the writes made. Each step on its own: one that
   * fails (a path the writes could not make either) must not stop the others, nor replace the
   * error that made the writes fail.
   */
  function restore() {
    const step = (undo: () => void) => {
      try {
        undo();
      } catch {
        /* nothing was written there */
      }
    };
    for (const p of previous) step(() => (p.text === undefined ? rmSync(p.path, { force: true }) : writeFileSync(p.path, p.text)));
    for (const dir of createdDirs.reverse()) step(() => rmSync(dir, { recursive: true, force: true }));
  }
}

/** The writes' own failures name the file: "cannot write schemas/registry.json: permission denied". */
function writeFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw fileSystemFailure(err, `cannot write ${path}`);
  }
}

function removeFile(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch (err) {
    throw fileSystemFailure(err, `cannot remove ${path}`);
  }
}

/** The topmost folder of `dir` that does not exist yet (the one mkdir -p makes first), or undefined when `dir` exists. */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing = d;
    if (dirname(d) === d) break;
  }
  return missing;
}
