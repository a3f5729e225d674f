/**
 * `jetschema check` as a function: load, resolve, model and check the registry (lint and
 * compatibility, exactly what generate runs), then, with a git ref, compare with what was
 * released there. Returns every diagnostic, warnings included, instead of throwing.
 */
import { resolve } from "node:path";
import { checkRegistry } from "./check/check-registry.js";
import { createSchemaSet } from "./validators/schema-set.js";
import { Diagnostics, RegistryError, sortDiagnostics, type Diagnostic } from "./base/diagnostics.js";
import { loadRegistry } from "./load/load-registry.js";
import { buildModel, type RegistryModel } from "./model/registry-model.js";
import { resolveRefs } from "./resolve/resolve-refs.js";
import { readRegistryAt } from "./released/git-registry.js";
import { checkAgainst, type AgainstSummary } from "./released/check-released.js";

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
    const loaded = loadRegistry(resolve(schemasDir), diagnostics);
    const resolved = resolveRefs(loaded, diagnostics);
    diagnostics.throwIfErrors(schemasDir);
    model = buildModel(resolved);
    checkRegistry(model, createSchemaSet(resolved, { standalone: false }), diagnostics);
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err; // its diagnostics are in the list already
  }
  const against = snapshot && model ? checkAgainst(model, snapshot, diagnostics) : undefined;
  return { diagnostics: sortDiagnostics(diagnostics.list), ...(model ? { model } : {}), ...(against ? { against } : {}) };
}
