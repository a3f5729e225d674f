/**
 * Writes a set of files, checks the registry, and puts everything back when the writes caused a
 * new error: `new` and `bump` never leave a registry worse than they found it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { runCheck, type CheckResult } from "../compat/run-check.js";

export interface FileWrite {
  path: string;
  text: string;
}

export interface WriteOutcome {
  after: CheckResult;
  /** Errors the writes introduced; when any, nothing was kept. */
  introduced: Diagnostic[];
  /** Errors the registry had before and still has. */
  remaining: Diagnostic[];
}

const key = (d: Diagnostic) => `${d.file}\u0000${d.pointer}\u0000${d.rule}\u0000${d.message}`;

export function writeChecked(schemasDir: string, before: Diagnostic[], writes: FileWrite[]): WriteOutcome {
  const previous = writes.map((w) => ({ path: w.path, text: existsSync(w.path) ? readFileSync(w.path, "utf8") : undefined }));
  const createdDirs: string[] = [];
  try {
    for (const w of writes) {
      const made = mkdirSync(dirname(w.path), { recursive: true });
      if (made) createdDirs.push(made);
      writeFileSync(w.path, w.text);
    }
    const after = runCheck(schemasDir);
    const known = new Set(before.filter((d) => d.severity === "error").map(key));
    const errors = after.diagnostics.filter((d) => d.severity === "error");
    const introduced = errors.filter((d) => !known.has(key(d)));
    if (introduced.length > 0) restore();
    return { after, introduced, remaining: errors.filter((d) => known.has(key(d))) };
  } catch (err) {
    restore();
    throw err;
  }

  function restore() {
    for (const p of previous) {
      if (p.text === undefined) rmSync(p.path, { force: true });
      else writeFileSync(p.path, p.text);
    }
    for (const dir of createdDirs.reverse()) rmSync(dir, { recursive: true, force: true });
  }
}
