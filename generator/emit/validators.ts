/**
 * The package's validators/ files: each module's code (from the code cache when its key is
 * there), and where each version file's validator is exported.
 */
import type { RegistryModel } from "../model/registry-model.js";
import { moduleCode, moduleCodeKey, type ModuleCodeCache } from "../validators/module-code.js";
import { envelopeContextSchema, moduleExports } from "../validators/module-layout.js";
import type { SchemaSet } from "../validators/schema-set.js";

export interface ValidatorFiles {
  files: Map<string, string>;
  /** Split per domain (a large registry): the registry loads each module on first use. */
  split: boolean;
  /** Version file -> { module specifier from the package root, export name }. */
  exportOf: Map<string, { module: string; name: string }>;
}
export function emitValidators(model: RegistryModel, schemas: SchemaSet, cache?: ModuleCodeCache): ValidatorFiles {
  const files = new Map<string, string>();
  const exportOf = new Map<string, { module: string; name: string }>();
  const modules = schemas.modules();
  if (modules.length === 0) throw new Error("internal: create the SchemaSet with the validatorModules() of the model");
  const contextSchema = envelopeContextSchema(model);
  for (const module of [...modules].sort((a, b) => a.path.localeCompare(b.path))) {
    const specifier = `./${module.path}.js`;
    const exported = moduleExports(model, module, contextSchema);
    for (const [key, name] of exported.exports) exportOf.set(key, { module: specifier, name });
    const key = cache ? moduleCodeKey(schemas.moduleKey(module.path), exported) : undefined;
    let code = key ? cache!.get(key) : undefined;
    if (!code) {
      code = moduleCode(schemas.moduleAjv(module.path), exported);
      if (key) cache!.set(key, code);
    }
    files.set(`${module.path}.js`, code.js);
    files.set(`${module.path}.d.ts`, code.dts);
  }
  return { files, exportOf, split: modules.length > new Set(modules.map((m) => m.dialect)).size };
}
