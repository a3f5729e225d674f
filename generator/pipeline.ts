/**
 * The generator as one readable pipeline: load → resolve → model → check → emit → format → write.
 * Each stage lives in the folder of the same name; the first four are the front end every
 * command shares (front-end/front-end.ts), and write is generate-run.ts's. This file only wires them.
 */
import { resolve as resolvePath } from "node:path";
import type { StageTimings } from "./base/timings.js";
import { GeneratorCache, type CacheOptions } from "./cache/generator-cache.js";
import { asyncApiSections, emitAsyncApi } from "./emit/asyncapi/emit-asyncapi.js";
import { emitDocs } from "./emit/catalog/emit-catalog.js";
import { emitPackageFiles, type PackageFiles } from "./emit/package-files.js";
import { createTemplates } from "./emit/templates.js";
import { emitTypes, type TypeFiles } from "./emit/types/emit-types.js";
import { emitValidators } from "./emit/validators.js";
import * as frontEnd from "./front-end/front-end.js";
import type { RegistryFiles } from "./load/registry-files.js";
import { shippedDependencies, type ShippedDependencies } from "./load/shipped-dependencies.js";
import { readTemplates, type TemplateSources } from "./load/templates.js";
import type { GenerateSession } from "./generate-session.js";
import { createFormatter, flatTexts, type Formatter } from "./write/format.js";
import { withOutputMarker } from "./write/output-ownership.js";

export interface GenerateOptions {
  schemas: string;
  out: string;
  templates?: string;
  /** Reuse the work of earlier runs (generator/cache); nothing is cached when absent. */
  cache?: CacheOptions;
  /** Records the wall time of each stage (`--timings`). */
  timings?: StageTimings;
}

/** What the load stage reads besides the registry: the templates, and the ranges the package depends on. */
export interface PackageSources {
  templates: TemplateSources;
  shipped: ShippedDependencies;
}

/** Inputs a caller has read already (generate-run.ts digests them for its no-op check); the rest is read here. */
export interface ReadInputs {
  files?: RegistryFiles;
  templates?: TemplateSources;
}

/** Emitted files: the type and package files on their way through prettier, and the rest not yet formatted. */
export interface Emitted {
  types: Promise<Map<string, string>>;
  pkg: Promise<Map<string, string>>;
  rest: Map<string, string>;
}

/** Everything `generate` would write, formatted, keyed by path relative to the output dir. */
export async function renderPackage(options: GenerateOptions): Promise<Map<string, string>> {
  return render(options, options.cache ? new GeneratorCache(options.cache) : undefined);
}

/** `session`: what a long-lived process keeps between runs (generate-session.ts); the output is the same without it. */
export async function render(options: GenerateOptions, cache: GeneratorCache | undefined, read: ReadInputs = {}, session?: GenerateSession): Promise<Map<string, string>> {
  const formatter = createFormatter(cache ? { cache: cache.format } : {});
  try {
    const emitted = await checkAndEmit(options, cache, formatter, read, session); // load → resolve → model → check → emit
    const formatted = await format(emitted, formatter); // format
    options.timings?.lap("format");
    return formatted;
  } finally {
    // Also after a failure: what was computed is keyed by its inputs, and the packs' files close.
    cache?.store.flush();
    await formatter.close();
  }
}

/**
 * The stages up to emit, in one function so that what they build (the model, the compiled
 * schemas) is garbage once it returns: formatting runs without them.
 */
async function checkAndEmit(options: GenerateOptions, cache: GeneratorCache | undefined, formatter: Formatter, read: ReadInputs, session: GenerateSession | undefined): Promise<Emitted> {
  const root = resolvePath(options.schemas);
  const knownValid = cache?.knownValidFiles(root);
  const kept = session?.frontEnd;
  const loaded = frontEnd.load(options.schemas, { ...(read.files ? { files: read.files } : {}), ...(knownValid ? { knownValid } : {}), ...(kept ? { kept: kept.parses } : {}) });
  const sources: PackageSources = { templates: read.templates ?? readTemplates(options.templates), shipped: shippedDependencies() };
  const resolved = frontEnd.resolve(loaded, kept?.resolutions);
  const modelled = frontEnd.model(resolved);
  const schemaDigests = cache?.schemaDigests(root);
  const compiled = await frontEnd.compileForPackage(modelled, cache ? { verdicts: cache.verdicts, code: cache.validatorModules, ...(schemaDigests ? { schemaDigests } : {}) } : {});
  const checked = frontEnd.check(modelled, compiled, cache?.compatibilityFindings(root));
  options.timings?.lap("load, resolve, check");
  return emit(checked, sources, formatter, cache, options.timings, session);
}

/**
 * Stage 5: every file of the package from a checked registry and the sources the load stage read;
 * reads no file. The type files go to `formatter` at once (prettier on worker threads, when there
 * are many) while this thread compiles validators and renders the catalog.
 */
export async function emit(checked: frontEnd.Checked, sources: PackageSources, formatter: Formatter, cache?: GeneratorCache, timings?: StageTimings, session?: GenerateSession): Promise<Emitted> {
  const { model, schemas, code } = checked;
  const lap = (stage: string) => timings?.lap(stage);
  const templates = session ? session.templatesFor(sources.templates.overrideDigest, () => createTemplates(sources.templates)) : createTemplates(sources.templates);
  const types = await emitTypes(model, cache ? { memo: cache.typesMemo, eventFiles: cache.eventTypes } : {});
  const typesFormatted = formatTypes(types, formatter, cache);
  // Awaited by format(); until then a failure must not be reported as unhandled.
  typesFormatted.catch(() => undefined);
  lap("types");
  const validators = emitValidators(model, schemas, code);
  lap("validators");
  const pkg = formatPackageFiles(emitPackageFiles(model, validators, templates, sources.shipped, types.files.has("types/_shared.d.ts")), formatter);
  pkg.catch(() => undefined);
  lap("package files");
  const docs = emitDocs(model, schemas, templates, cache ? { pages: cache.pages } : {});
  lap("catalog");
  const asyncapi = emitAsyncApi(model, session ? (session.asyncApiSections ??= asyncApiSections(cache?.asyncApiYaml)) : cache ? asyncApiSections(cache.asyncApiYaml) : undefined);
  lap("asyncapi");
  schemas.saveVerdicts();
  // ajv's module code and the catalog's pages are flat already (toPureEsm's replace and emitDocs
  // build them flat, the cache reads them so): they need no flat copy.
  return { types: typesFormatted, pkg, rest: new Map([...validators.files, ...docs, ...asyncapi]) };
}

/** Stage 6: the emitted files formatted (not the validators nor the catalog, see write/format.ts), sorted by path, with the output marker. */
export async function format(emitted: Emitted, formatter: Formatter): Promise<Map<string, string>> {
  const formatted = withOutputMarker(new Map([...(await emitted.types), ...(await emitted.pkg), ...(await formatter.format(emitted.rest))]));
  return new Map([...formatted].sort(([a], [b]) => a.localeCompare(b)));
}

/** The package files formatted: those the emitter wrote in prettier's layout pass through. */
async function formatPackageFiles(pkg: PackageFiles, formatter: Formatter): Promise<Map<string, string>> {
  const formatted = await formatter.format(flatTexts(new Map([...pkg.files].filter(([path]) => !pkg.laidOut.has(path)))));
  for (const path of pkg.laidOut) formatted.set(path, pkg.files.get(path)!);
  return formatted;
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
