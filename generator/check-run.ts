/**
 * `jetschema check` as a function: load, resolve, model and check the registry (lint and
 * compatibility, exactly what generate runs), then, with a git ref, compare with what was
 * released there. Returns every diagnostic, warnings included, instead of throwing.
 */
import { Diagnostics, RegistryError, sortDiagnostics, type Diagnostic } from "./base/diagnostics.js";
import * as frontEnd from "./front-end/front-end.js";
import type { RegistryModel } from "./model/registry-model.js";
import { checkAgainst, type AgainstSummary } from "./released/check-released.js";
import { readRegistryAt } from "./released/git-registry.js";

export interface CheckResult {
  diagnostics: Diagnostic[];
  model?: RegistryModel;
  against?: AgainstSummary;
}

export function runCheck(schemasDir: string, options: { against?: string } = {}): CheckResult {
  // Read the ref first: a bad ref is a usage error, whatever state the registry is in.
  const snapshot = options.against !== undefined ? readRegistryAt(schemasDir, options.against) : undefined;
  const diagnostics = new Diagnostics();
  let model: RegistryModel | undefined;
  try {
    const modelled = frontEnd.model(frontEnd.resolve(frontEnd.load(schemasDir, {}, diagnostics)));
    model = modelled.model;
    frontEnd.check(modelled, frontEnd.compile(modelled));
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err; // its diagnostics are in the list already
  }
  const against = snapshot && model ? checkAgainst(model, snapshot, diagnostics) : undefined;
  return { diagnostics: sortDiagnostics(diagnostics.list), ...(model ? { model } : {}), ...(against ? { against } : {}) };
}
