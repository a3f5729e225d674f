/**
 * The generator as one readable pipeline: load → resolve → model → check → emit → format → write.
 * Each stage lives in the folder of the same name; this file only wires them.
 */
import { resolve as resolvePath } from "node:path";
import { Diagnostics, RegistryError } from "./diagnostics.js";
import { loadRegistry } from "./load/load-registry.js";
import { resolveRefs } from "./resolve/resolve-refs.js";
import { buildModel, type RegistryModel } from "./model/registry-model.js";
import { checkRegistry } from "./check/check-registry.js";
import { createSchemaSet, type SchemaSet } from "./check/schema-set.js";
import { emitTypes } from "./emit/types/emit-types.js";
import { emitValidators } from "./emit/validators.js";
import { emitPackageFiles } from "./emit/package-files.js";
import { createTemplates } from "./emit/templates.js";
import { emitDocs } from "./emit/docs/emit-docs.js";
import { formatFiles } from "./write/format.js";
import { diffOutput, writeOutputAtomically } from "./write/output-dir.js";

export interface GenerateOptions {
  schemas: string;
  out: string;
  templates?: string;
}

export interface CheckedRegistry {
  model: RegistryModel;
  schemas: SchemaSet;
  diagnostics: Diagnostics;
}

/** Load, resolve, model and lint a registry; throws RegistryError listing every problem. */
export function checkRegistryAt(schemasDir: string, options: { standalone?: boolean } = {}): CheckedRegistry {
  const root = resolvePath(schemasDir);
  const diagnostics = new Diagnostics();
  const loaded = loadRegistry(root, diagnostics);
  const resolved = resolveRefs(loaded, diagnostics);
  diagnostics.throwIfErrors(schemasDir);
  const model = buildModel(resolved);
  const schemas = createSchemaSet(resolved, { standalone: options.standalone ?? false });
  checkRegistry(model, schemas, diagnostics);
  diagnostics.throwIfErrors(schemasDir);
  return { model, schemas, diagnostics };
}

/** Everything `generate` would write, formatted, keyed by path relative to the output dir. */
export async function renderPackage(options: GenerateOptions): Promise<Map<string, string>> {
  const { model, schemas } = checkRegistryAt(options.schemas, { standalone: true });
  const templates = createTemplates(options.templates);
  const types = await emitTypes(model);
  const validators = emitValidators(model, schemas);
  const pkg = emitPackageFiles(model, validators, templates, types.files.has("types/_shared.d.ts"));
  return formatFiles(new Map([...types.files, ...validators.files, ...pkg, ...emitDocs(model, schemas, templates)]));
}

export async function generate(options: GenerateOptions): Promise<{ files: number }> {
  const files = await renderPackage(options);
  writeOutputAtomically(options.out, files);
  return { files: files.size };
}

export async function checkGenerated(options: GenerateOptions): Promise<string[]> {
  const files = await renderPackage(options);
  return diffOutput(options.out, files);
}

export { RegistryError };
