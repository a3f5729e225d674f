/**
 * The package's validators/ files: each module's code (from the code cache when its key is
 * there), and where each version file's validator is exported.
 */
import type { RegistryModel } from "../model/registry-model.js";
import { moduleCode, moduleCodeKey, type ModuleCodeCache } from "../validators/module-code.js";
import { moduleExports } from "../validators/module-layout.js";
import type { SchemaSet, ValidatorModule } from "../validators/schema-set.js";

/** What the package files need of the validators: known from the module layout, before any module is compiled. */
export interface ValidatorExports {
  /** Split per domain (a large registry): the registry loads each module on first use. */
  split: boolean;
  /** Version file -> { module specifier from the package root, export name }. */
  exportOf: Map<string, { module: string; name: string }>;
}

export interface ValidatorFiles {
  files: Map<string, string>;
}

export function validatorExports(model: RegistryModel, modules: ValidatorModule[]): ValidatorExports {
  const exportOf = new Map<string, { module: string; name: string }>();
  for (const module of inPathOrder(modules)) {
    for (const [key, name] of moduleExports(model, module).exports) exportOf.set(key, { module: `./${module.path}.js`, name });
  }
  return { exportOf, split: modules.length > new Set(modules.map((m) => m.dialect)).size };
}

/**
 * `reuse`: takes a file as the output folder holds it, by the digest of its content
 * (write/output-dir.ts); a module whose stored code the output holds already is not read.
 */
export function emitValidators(model: RegistryModel, schemas: SchemaSet, cache?: ModuleCodeCache, reuse?: (path: string, digest: string) => boolean): ValidatorFiles {
  const files = new Map<string, string>();
  for (const module of inPathOrder(schemas.modules())) {
    const exported = moduleExports(model, module);
    const key = cache ? moduleCodeKey(schemas.moduleKey(module.path), exported) : undefined;
    const paths = { js: `${module.path}.js`, dts: `${module.path}.d.ts` };
    const stored = key && reuse ? cache!.digests?.(key) : undefined;
    const reused = { js: stored !== undefined && reuse!(paths.js, stored.js), dts: stored !== undefined && reuse!(paths.dts, stored.dts) };
    if (reused.js && reused.dts) continue;
    let code = key ? cache!.get(key) : undefined;
    if (!code) {
      code = moduleCode(schemas.moduleAjv(module.path), exported);
      if (key) cache!.set(key, code);
    }
    if (!reused.js) files.set(paths.js, code.js);
    if (!reused.dts) files.set(paths.dts, code.dts);
  }
  return { files };
}

/** The modules by path, the order their exports and files are emitted in. */
function inPathOrder(modules: ValidatorModule[]): ValidatorModule[] {
  if (modules.length === 0) throw new Error("internal: create the SchemaSet with the validatorModules() of the model");
  return [...modules].sort((a, b) => a.path.localeCompare(b.path));
}
