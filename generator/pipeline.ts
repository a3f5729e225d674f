/**
 * The generator as one readable pipeline: load → resolve → model → check → emit → format → write.
 * Each stage lives in the folder of the same name; this file only wires them.
 */
import { resolve as resolvePath } from "node:path";
import { Diagnostics, RegistryError } from "./base/diagnostics.js";
import { loadRegistry, type LoadOptions } from "./load/load-registry.js";
import { resolveRefs, type ResolvedRegistry } from "./resolve/resolve-refs.js";
import { buildModel, type RegistryModel } from "./model/registry-model.js";
import { checkRegistry } from "./check/check-registry.js";
import { createSchemaSet, type SchemaSet, type VerdictCache } from "./validators/schema-set.js";
import { emitTypes, type TypeFiles } from "./emit/types/emit-types.js";
import { emitValidators } from "./emit/validators.js";
import type { ModuleCodeCache } from "./validators/module-code.js";
import { validatorModules } from "./validators/module-layout.js";
import { compileWorkers, PrecompiledModules } from "./validators/precompile.js";
import { emitPackageFiles } from "./emit/package-files.js";
import { createTemplates } from "./emit/templates.js";
import { emitDocs } from "./emit/catalog/emit-catalog.js";
import { asyncApiSections, emitAsyncApi } from "./emit/asyncapi/emit-asyncapi.js";
import { createFormatter, flatTexts, type Formatter } from "./write/format.js";
import { withOutputMarker } from "./write/output-ownership.js";
import { GeneratorCache, type CacheOptions } from "./cache/generator-cache.js";
import type { RegistryFiles } from "./load/registry-files.js";
import type { StageTimings } from "./base/timings.js";
import type { GenerateSession } from "./generate-session.js";

export interface GenerateOptions {
  schemas: string;
  out: string;
  templates?: string;
  /** Reuse the work of earlier runs (generator/cache); nothing is cached when absent. */
  cache?: CacheOptions;
  /** Records the wall time of each stage (`--timings`). */
  timings?: StageTimings;
}

export interface CheckedRegistry {
  model: RegistryModel;
  schemas: SchemaSet;
  diagnostics: Diagnostics;
}

/** Load, resolve and model a registry; throws RegistryError listing every problem found so far. */
function modelRegistryAt(schemasDir: string, load: LoadOptions = {}): { resolved: ResolvedRegistry; model: RegistryModel; diagnostics: Diagnostics } {
  const diagnostics = new Diagnostics();
  const resolved = resolveRefs(loadRegistry(resolvePath(schemasDir), diagnostics, load), diagnostics);
  diagnostics.throwIfErrors(schemasDir);
  return { resolved, model: buildModel(resolved), diagnostics };
}

/** Load, resolve, model and lint a registry; throws RegistryError listing every problem. */
export function checkRegistryAt(schemasDir: string, options: { standalone?: boolean; verdicts?: VerdictCache } = {}): CheckedRegistry {
  const { resolved, model, diagnostics } = modelRegistryAt(schemasDir);
  // Standalone (rendering): compiled per validator module, so each module's code depends on its own schemas only.
  const standalone = options.standalone ?? false;
  const schemas = createSchemaSet(resolved, { standalone, ...(standalone ? { modules: validatorModules(model) } : {}), ...(options.verdicts ? { verdicts: options.verdicts } : {}) });
  checkRegistry(model, schemas, diagnostics);
  diagnostics.throwIfErrors(schemasDir);
  return { model, schemas, diagnostics };
}

/** Everything `generate` would write, formatted, keyed by path relative to the output dir. */
export async function renderPackage(options: GenerateOptions): Promise<Map<string, string>> {
  return render(options, options.cache ? new GeneratorCache(options.cache) : undefined);
}

/**
 * `files`: the registry folder as already read (for the no-op check); else read when loading.
 * `session`: what a long-lived process keeps between runs (generate-session.ts).
 */
export async function render(options: GenerateOptions, cache: GeneratorCache | undefined, files?: RegistryFiles, session?: GenerateSession): Promise<Map<string, string>> {
  const formatter = createFormatter(cache ? { cache: cache.format } : {});
  try {
    // The model and the compiled schemas are garbage once emit() returns: the rest of the
    // formatting runs without them.
    const { types, pkg, rest } = await emit(options, cache, formatter, files, session);
    const formatted = withOutputMarker(new Map([...(await types), ...(await pkg), ...(await formatter.format(rest))]));
    options.timings?.lap("format");
    return new Map([...formatted].sort(([a], [b]) => a.localeCompare(b)));
  } finally {
    // Also after a failure: what was computed is keyed by its inputs, and the packs' files close.
    cache?.store.flush();
    await formatter.close();
  }
}

/**
 * checkRegistryAt for rendering: the validator modules of a large registry are compiled on worker
 * threads (validators/precompile.ts) between modelling and linting, and served to the lint stage and
 * the validator emitter through the caches they read anyway.
 */
async function checkForRender(options: GenerateOptions, cache: GeneratorCache | undefined, files: RegistryFiles | undefined): Promise<{ model: RegistryModel; schemas: SchemaSet; code: ModuleCodeCache | undefined }> {
  const knownValid = cache?.knownValidFiles(resolvePath(options.schemas));
  const { resolved, model, diagnostics } = modelRegistryAt(options.schemas, { ...(files ? { files } : {}), ...(knownValid ? { knownValid } : {}) });
  const modules = validatorModules(model);
  const workers = compileWorkers(modules);
  const persistent = cache ? { verdicts: cache.verdicts, code: cache.validatorModules } : {};
  const precompiled = workers > 0 ? new PrecompiledModules(persistent) : undefined;
  const verdicts = precompiled?.verdicts ?? persistent.verdicts;
  const schemaDigests = cache?.schemaDigests(resolvePath(options.schemas));
  const schemas = createSchemaSet(resolved, { standalone: true, modules, ...(verdicts ? { verdicts } : {}), ...(schemaDigests ? { schemaDigests } : {}) });
  await precompiled?.compile(model, schemas, workers);
  checkRegistry(model, schemas, diagnostics);
  diagnostics.throwIfErrors(options.schemas);
  return { model, schemas, code: precompiled?.code ?? persistent.code };
}

/**
 * Everything emitted, the type files prettier still has to format and the package files already
 * on their way through it (worker threads, when there are many) while this thread renders the
 * catalog and the AsyncAPI document.
 */
async function emit(
  options: GenerateOptions,
  cache: GeneratorCache | undefined,
  formatter: Formatter,
  files: RegistryFiles | undefined,
  session: GenerateSession | undefined,
): Promise<{ types: Promise<Map<string, string>>; pkg: Promise<Map<string, string>>; rest: Map<string, string> }> {
  const lap = (stage: string) => options.timings?.lap(stage);
  const { model, schemas, code } = await checkForRender(options, cache, files);
  lap("load, resolve, check");
  const templates = session ? session.templatesFor(options.templates, () => createTemplates(options.templates)) : createTemplates(options.templates);
  const types = await emitTypes(model, cache ? { memo: cache.typesMemo, eventFiles: cache.eventTypes } : {});
  const typesFormatted = formatTypes(types, formatter, cache);
  // Awaited by render(); until then a failure must not be reported as unhandled.
  typesFormatted.catch(() => undefined);
  lap("types");
  const validators = emitValidators(model, schemas, code);
  lap("validators");
  const pkg = formatter.format(flatTexts(emitPackageFiles(model, validators, templates, types.files.has("types/_shared.d.ts"))));
  pkg.catch(() => undefined);
  lap("package files");
  const docs = emitDocs(model, schemas, templates, cache ? { pages: cache.pages } : {});
  lap("catalog");
  const asyncapi = emitAsyncApi(model, session ? (session.asyncApiSections ??= asyncApiSections()) : undefined);
  lap("asyncapi");
  schemas.saveVerdicts();
  // ajv's module code and the catalog's pages are flat already (toPureEsm's replace and emitDocs
  // build them flat, the cache reads them so); copying their 40 MB again cost an edit 60–90 ms.
  return { types: typesFormatted, pkg, rest: new Map([...validators.files, ...docs, ...asyncapi]) };
}

/**
 * The type files formatted: those in prettier's layout already (laid out by emitTypes, or served
 * by their event's key) pass through, the rest go to prettier; each event's file not served is
 * then stored under its event's key for the next run.
 */
async function formatTypes(types: TypeFiles, formatter: Formatter, cache: GeneratorCache | undefined): Promise<Map<string, string>> {
  const fresh = new Map([...types.files].filter(([path]) => !types.formatted.has(path)));
  const formatted = await formatter.format(flatTexts(fresh));
  for (const path of types.formatted) formatted.set(path, types.files.get(path)!);
  for (const [path, key] of types.eventKeys) if (!types.served.has(path)) cache?.eventTypes.set(key, formatted.get(path)!);
  return formatted;
}

export { checkGenerated, generate } from "./generate-run.js";
export { RegistryError };
