/**
 * `jetschema check` as a function: load, resolve, model and check the registry (lint and
 * compatibility, exactly what generate runs), then, with a git ref, compare with what was
 * released there. Returns every diagnostic, warnings included, instead of throwing.
 *
 * With a cache folder, the patterns recheck found safe are read from it and added to it
 * (cache/safe-patterns.ts), generate's entries and check's alike; nothing else of a check is
 * kept. The folder is opened only when a pattern asks, and written only when something was
 * judged or a damaged record is to be dropped: a registry without patterns never touches it.
 */
import { Diagnostics, RegistryError, sortDiagnostics, type Diagnostic } from "./base/diagnostics.js";
import * as frontEnd from "./front-end/front-end.js";
import type { RegistryModel } from "./model/registry-model.js";
import { checkAgainst, type AgainstSummary } from "./released/check-released.js";
import { readRegistryAt } from "./released/git-registry.js";
import { CacheStore } from "./cache/disk-store.js";
import { safePatternsIn } from "./cache/safe-patterns.js";

export interface CheckResult {
  diagnostics: Diagnostic[];
  model?: RegistryModel;
  against?: AgainstSummary;
}

export interface CheckOptions {
  against?: string;
  /** The cache folder (generate's, by default node_modules/.cache/jetschema) whose pattern verdicts the check reads and adds to. */
  cache?: { dir: string };
}

export function runCheck(schemasDir: string, options: CheckOptions = {}): CheckResult {
  // Read the ref first: a bad ref is a usage error, whatever state the registry is in.
  const snapshot = options.against !== undefined ? readRegistryAt(schemasDir, options.against) : undefined;
  const diagnostics = new Diagnostics();
  const store = options.cache ? new CacheStore(options.cache.dir) : undefined;
  let model: RegistryModel | undefined;
  try {
    const modelled = frontEnd.model(frontEnd.resolve(frontEnd.load(schemasDir, {}, diagnostics)));
    model = modelled.model;
    frontEnd.check(modelled, frontEnd.compile(modelled), store ? { safePatterns: safePatternsIn(store) } : {});
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err; // its diagnostics are in the list already
  } finally {
    if (store && (store.stats.writes > 0 || store.stats.rejected > 0)) store.flush();
  }
  const against = snapshot && model ? checkAgainst(model, snapshot, diagnostics) : undefined;
  return { diagnostics: sortDiagnostics(diagnostics.list), ...(model ? { model } : {}), ...(against ? { against } : {}) };
}
