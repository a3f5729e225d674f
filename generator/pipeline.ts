/**
 * The generator as one readable pipeline: load → resolve → model → check → emit → format → write.
 * Each stage lives in the folder of the same name; the first four are the front end every
 * command shares (front-end/front-end.ts), and write is generate-run.ts's. This file only wires them.
 * One overlap: ajv compiles on worker threads while this thread emits what needs no compiled code
 * (the types, the AsyncAPI document, the package files, and the catalog as the workers report the
 * verdicts of its examples); the check runs its rules that need no validator meanwhile, the rest,
 * then the validators, follow the compile.
 */
import { resolve as resolvePath } from "node:path";
import type { StageTimings } from "./base/timings.js";
import { GeneratorCache, type CacheOptions } from "./cache/generator-cache.js";
import { rememberLatestReads } from "./compat/latest-reads.js";
import { ASYNCAPI_PATH, cachedAsyncApi, emitAsyncApi, keptAsyncApi } from "./emit/asyncapi/emit-asyncapi.js";
import { DocumentLayouts } from "./emit/asyncapi/document-layout.js";
import { emitDocsAsReported } from "./emit/catalog/emit-catalog.js";
import { emitPackageFiles, TEMPLATE_OF_FILE } from "./emit/package-files.js";
import { blamingOverrideOutput, overrideFile } from "./emit/template-failure.js";
import { indexFragmentStore } from "./emit/package/index-fragments.js";
import { createTemplates } from "./emit/templates.js";
import { emitTypes, type TypeFiles } from "./emit/types/emit-types.js";
import { emitValidators, validatorExports } from "./emit/validators.js";
import * as frontEnd from "./front-end/front-end.js";
import type { RegistryFiles } from "./load/registry-files.js";
import { PersistedFrontEnd, type FrontEndEntry } from "./front-end/persisted-front-end.js";
import { shippedDependencies, type ShippedDependencies } from "./load/shipped-dependencies.js";
import { readTemplates, type TemplateSources } from "./load/templates.js";
import type { GenerateSession } from "./generate-session.js";
import type { RegistryModel } from "./model/registry-model.js";
import { createFormatter, flatTexts, writtenAsIs, type Formatter } from "./write/format.js";
import { InMemoryOutput, type OutputSink, type PreviousFile } from "./write/output-dir.js";
import { OUTPUT_MARKER, outputMarker } from "./write/output-ownership.js";
import { closedOnFailure, declaredOn, type CompilePool } from "./validators/precompile.js";

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
  /** Where another process's front end kept what it made of `files` (front-end/persisted-front-end.ts); a session keeps its own. */
  frontEnd?: FrontEndEntry;
  /** A compile worker the caller started ahead once it knew the run renders (generate-run.ts); none without it. */
  compileAhead?: CompilePool;
}

/** What emit left to finish: files still in prettier, each put into the output when formatted; the compile's workers stopping. */
export interface Emitted {
  formatting: Array<Promise<void>>;
  /** Never rejects. */
  workersStopped: Promise<void>;
}

/** Everything `generate` would write, formatted, keyed by path relative to the output dir, sorted by path. */
export async function renderPackage(options: GenerateOptions): Promise<Map<string, string>> {
  const output = new InMemoryOutput();
  await render(options, options.cache ? new GeneratorCache(options.cache) : undefined, {}, undefined, output);
  return new Map([...output.files].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Every file of the package into `output`, each as soon as it is final (generate writes it to the
 * staging folder then, so a large package is never held whole), the output marker last. A run
 * that fails (the check rejects the registry) throws, and generate removes what it staged.
 * `session`: what a long-lived process keeps between runs
 * (generate-session.ts); the output is the same without it.
 */
export async function render(options: GenerateOptions, cache: GeneratorCache | undefined, read: ReadInputs, session: GenerateSession | undefined, output: OutputSink): Promise<void> {
  const formatter = createFormatter(cache ? { cache: cache.format } : {});
  const paths: string[] = [];
  const listed: OutputSink = {
    put(path, content) {
      paths.push(path);
      output.put(path, content);
    },
    ...(output.reuse ? { reuse: (path: string, digest: string) => output.reuse!(path, digest) && paths.push(path) > 0 } : {}),
    ...(output.previous ? { previous: output.previous.bind(output) } : {}),
    ...(output.digestPut ? { digestPut: output.digestPut.bind(output) } : {}),
  };
  const persisted = read.files && read.frontEnd && !session ? new PersistedFrontEnd(read.frontEnd, read.files) : undefined;
  let emitted: Emitted | undefined;
  try {
    emitted = await checkAndEmit(options, cache, formatter, read, session, listed, persisted); // load → resolve → model → check → emit
    await format(emitted); // format
    output.put(OUTPUT_MARKER, outputMarker(paths));
    options.timings?.lap("format");
  } finally {
    // Also after a failure: what was computed is keyed by its inputs, and the packs' files close.
    // A session writes them once its output is in place (GenerateSession.writeCache).
    if (cache && session) session.writeCacheLater();
    else cache?.store.flush();
    // No worker outlives the run: the compile's stop while this thread formats and writes.
    await Promise.all([formatter.close(), emitted?.workersStopped]);
  }
}

/**
 * The stages up to emit, in one function so that what they build (the model, the compiled
 * schemas) is garbage once it returns: formatting runs without them.
 *
 * ajv compiles the validator modules on worker threads (compileForPackage) while this thread emits
 * what needs no compiled code: the types and the AsyncAPI document, then the package files, and
 * the catalog page by page as the workers report the verdicts its examples need. The check runs
 * what needs no validator, then waits for the compile, and the validators are emitted after it. A registry the check
 * rejects fails with the check's diagnostics, whatever the early emit did, and the catalog
 * renders no further page.
 */
async function checkAndEmit(options: GenerateOptions, cache: GeneratorCache | undefined, formatter: Formatter, read: ReadInputs, session: GenerateSession | undefined, output: OutputSink, persisted?: PersistedFrontEnd): Promise<Emitted> {
  // A separate process with a cache (an edit, most often) started its compile worker before this
  // stage loaded (generate-run.ts), so that the worker is ready when the front end is done.
  const ahead = read.compileAhead;
  const root = resolvePath(options.schemas);
  // The AsyncAPI document the output holds, read on libuv's threads while this one loads the registry.
  const previousAsyncApi = cache && !session ? output.previous?.(ASYNCAPI_PATH) : undefined;
  previousAsyncApi?.text.catch(() => undefined);
  const { modelled, sources } = closedOnFailure(ahead, () => {
    const knownValid = cache?.knownValidFiles(root);
    const kept = session?.frontEnd ?? persisted?.kept;
    // A session keeps its meta-schema validators in memory; a separate process finds them as code in the cache.
    const metaSchemaCode = session ? undefined : cache?.metaSchemaCode;
    const loaded = frontEnd.load(options.schemas, { ...(read.files ? { files: read.files } : {}), ...(knownValid ? { knownValid } : {}), ...(kept ? { kept: kept.parses } : {}), ...(metaSchemaCode ? { metaSchemaCode } : {}) });
    const sources: PackageSources = { templates: read.templates ?? readTemplates(options.templates), shipped: shippedDependencies() };
    const resolved = frontEnd.resolve(loaded, kept?.resolutions);
    return { modelled: frontEnd.model(resolved), sources };
  });
  const schemaDigests = cache?.schemaDigests(root);
  // Before the compile is given its modules: an edit's few types go to the worker started ahead
  // first, so they are not queued behind the module it recompiles (emit-types.ts sends them now).
  // A separate process takes an unchanged event's type file as the output holds it, by the digest its cache entry records (a session's output keeps contents, not digests).
  // Every emitter asks which older minors a major's latest cannot read: answered once, from the cache for the events an edit did not touch.
  if (cache) rememberLatestReads(modelled.model, cache.latestReads(root));
  const inPlace = cache && output.reuse && !session ? { inPlace: cache.eventTypesInPlace(root, output.reuse.bind(output)) } : {};
  const types = emitTypes(modelled.model, {
    ...(cache ? { memo: cache.typesMemo, eventFiles: cache.eventTypes, ...inPlace, ...(ahead ? { declarations: declaredOn(ahead) } : {}) } : {}),
    ...(session ? { declaredNames: session.declaredNames } : {}),
  });
  types.catch(() => undefined);
  let emitted!: () => void;
  const emitting = new Promise<void>((resolve) => (emitted = resolve));
  const compiling = frontEnd.compileForPackage(modelled, cache ? { verdicts: cache.verdicts, code: cache.validatorModules, ...(schemaDigests ? { schemaDigests } : {}) } : {}, emitting, ahead);
  // Awaited below, after the early emit; until then a failure must not be reported as unhandled.
  compiling.compiled.catch(() => undefined);
  options.timings?.lap("load, resolve, model");
  const early = await attempt(() => emitFromModel(modelled.model, types, formatter, output, cache, options.timings, session, previousAsyncApi)); // emit, while ajv compiles
  const stop = new AbortController();
  try {
    const beside = attempt(async () => emitBesideCompile(modelled.model, compiling, early().sharedTypes, sources, formatter, output, stop.signal, cache, options.timings, session)); // emit, while ajv compiles
    // From here this thread renders a catalog page now and then, as the workers report.
    emitted();
    // What the front end kept (its lines made now, not before the compile started) and what the early emit set go to the cache's packs now, while the workers compile, not at the end of the run (a watch session's save sets little).
    persisted?.store();
    if (!session) cache?.store.writePending();
    // What the check needs no validator for runs now: an edit's main thread would wait for its module idle.
    const memos = { ...(cache ? { compatibility: cache.compatibilityFindings(root), exampleFindings: cache.exampleFindings(root), acyclic: cache.acyclicGraphs, safePatterns: cache.safePatterns } : {}), ...(session ? { lastAcyclic: session.lastAcyclic, lastNesting: session.lastNesting } : {}) };
    const checking = frontEnd.checkAsCompiled(modelled, compiling.schemas, memos); // check
    const checked = checking(await compiling.compiled);
    options.timings?.lap("compile, check");
    return { ...(await emitFromChecked(checked, early(), (await beside)(), formatter, output, options.timings)), workersStopped: compiling.stopped }; // emit, the rest
  } catch (err) {
    stop.abort();
    await compiling.stopped;
    throw err;
  }
}

/** What emitFromModel left to finish: the type files still in prettier, each put into the output when formatted. */
interface EarlyEmitted {
  types: Promise<void>;
  sharedTypes: boolean;
}

/**
 * Stage 5, the part that needs only the model: the type files (`emitting`, started by the
 * caller), handed to `formatter` at once (prettier on worker threads, when there are many), and
 * the AsyncAPI document. Reads no file but the AsyncAPI document the output holds, read ahead
 * (`previousAsyncApi`). Each goes to `output` once final, so the main thread does not hold them
 * through the compile.
 */
async function emitFromModel(
  model: RegistryModel,
  emitting: Promise<TypeFiles>,
  formatter: Formatter,
  output: OutputSink,
  cache?: GeneratorCache,
  timings?: StageTimings,
  session?: GenerateSession,
  previousAsyncApi?: PreviousFile,
): Promise<EarlyEmitted> {
  const types = await emitting;
  const typesPut = putWhenDone(formatTypes(types, formatter, cache), output);
  // A turn of the event loop: the type files prettier has nothing to do for are put (and let go) now.
  await new Promise(setImmediate);
  timings?.lap("types");
  // By sections even without a cache: one stringify of a large document holds the yaml library's
  // tree of all of it (~100 MiB more at the peak of 5000 events), the same bytes. A separate
  // process takes the unchanged sections from the document the output holds (document-layout.ts).
  const recorded = previousAsyncApi && { digest: previousAsyncApi.digest, text: await previousAsyncApi.text };
  const layouts = cache && !session ? new DocumentLayouts(cache.asyncApiLayouts, recorded) : undefined;
  putAll(emitAsyncApi(model, session ? (session.asyncApi ??= keptAsyncApi(cache?.asyncApiYaml, cache?.asyncApiEvents)) : cachedAsyncApi(cache?.asyncApiYaml, cache?.asyncApiEvents, layouts)), output);
  layouts?.written(output.digestPut?.(ASYNCAPI_PATH));
  timings?.lap("asyncapi");
  return { types: typesPut, sharedTypes: types.files.has("types/_shared.d.ts") };
}

/** What emitBesideCompile started: the package files still in prettier, the catalog (its event pages as the compile reports). */
interface EmittedBeside {
  packageFiles: Promise<void>;
  catalog: Promise<void>;
}

/**
 * Stage 5, the part that needs no compiled code, emitted while ajv compiles: the package files
 * (they need only where each validator is exported), and the catalog, each event page once the
 * modules holding its versions have reported the verdicts of its examples. `stop`: the run failed,
 * and the catalog renders no further page.
 */
function emitBesideCompile(model: RegistryModel, compiling: frontEnd.PackageCompile, sharedTypes: boolean, sources: PackageSources, formatter: Formatter, output: OutputSink, stop: AbortSignal, cache?: GeneratorCache, timings?: StageTimings, session?: GenerateSession): EmittedBeside {
  // A session compiles its templates once and keeps them; a separate process finds them compiled in the cache.
  const templates = session ? session.templatesFor(sources.templates.overrideDigest, () => createTemplates(sources.templates)) : createTemplates(sources.templates, cache?.templateSpecs);
  const printed = session ? session.printedWith(cache?.printed, cache?.keepPrinted) : cache?.printed;
  const pkgFiles = emitPackageFiles(model, validatorExports(model, compiling.schemas.modules()), templates, sources.shipped, sharedTypes, printed, session?.printed, indexFragmentStore(session?.indexFragments, cache?.packageFragments(model.root)), cache?.sharedData);
  // What the emitter wrote in prettier's layout goes out as it is; the rest through prettier.
  const fromOverride = new Map<string, string>();
  for (const [file, template] of Object.entries(TEMPLATE_OF_FILE)) {
    const override = overrideFile(sources.templates, template);
    if (override !== undefined) fromOverride.set(file, override);
  }
  const packageFiles = blamingOverrideOutput(formatInto(pkgFiles.files, formatter, output, (path) => pkgFiles.laidOut.has(path)), fromOverride);
  timings?.lap("package files");
  const reuse = output.reuse ? { reuse: output.reuse.bind(output) } : {};
  const pages = { set: (path: string, text: string) => output.put(path, text), ...reuse };
  const catalog = emitDocsAsReported(pages, model, compiling.schemas, templates, compiling.reported, stop, { ...(cache ? { pages: cache.pages } : {}), ...(session ? { kept: session.printed, lastPages: session.pages } : {}) });
  // Awaited by emitFromChecked; until then a failure must not be reported as unhandled.
  catalog.catch(() => undefined);
  return { packageFiles, catalog };
}

/**
 * Stage 5, the rest, from a checked registry: the validators, then what emitBesideCompile has
 * left of the catalog. Each file goes to `output` once final: the catalog's pages as they are
 * rendered, what prettier formats when it is done.
 */
async function emitFromChecked(checked: frontEnd.Checked, early: EarlyEmitted, beside: EmittedBeside, formatter: Formatter, output: OutputSink, timings?: StageTimings): Promise<Omit<Emitted, "workersStopped">> {
  const validatorFiles = emitValidatorFiles(checked, formatter, output);
  timings?.lap("validators");
  await beside.catalog;
  timings?.lap("catalog");
  checked.schemas.saveVerdicts();
  return { formatting: [early.types, validatorFiles, beside.packageFiles] };
}

/**
 * The validator files, put into `output`. A function of its own so that what it emitted
 * (megabytes of validator code at 5000 events) is garbage before the catalog's last pages render.
 */
function emitValidatorFiles(checked: frontEnd.Checked, formatter: Formatter, output: OutputSink): Promise<void> {
  const validators = emitValidators(checked.model, checked.schemas, checked.code, output.reuse?.bind(output));
  // Every validator file is written as it is (write/format.ts): none is copied or formatted.
  return formatInto(validators.files, formatter, output);
}

/**
 * Files written as they are (by default those `formatter` gives back unchanged) go to `output`
 * now; flat copies of the others (see flatTexts) go to prettier, and to `output` once formatted.
 */
function formatInto(files: Map<string, string>, formatter: Formatter, output: OutputSink, asIs: (path: string) => boolean = writtenAsIs): Promise<void> {
  const toFormat = new Map<string, string>();
  for (const [path, text] of files) {
    if (asIs(path)) output.put(path, text);
    else toFormat.set(path, text);
  }
  return putWhenDone(formatter.format(flatTexts(toFormat)), output);
}

function putWhenDone(formatting: Promise<Map<string, string>>, output: OutputSink): Promise<void> {
  const done = formatting.then((files) => putAll(files, output));
  // Awaited by format(); until then a failure must not be reported as unhandled.
  done.catch(() => undefined);
  return done;
}

function putAll(files: Map<string, string>, output: OutputSink): void {
  for (const [path, text] of files) output.put(path, text);
}

/**
 * Runs `work` now; what it returned, or threw, is given when the returned function is called.
 * For work started before the check stage's verdict: a registry the check rejects fails with the
 * check's diagnostics, not with whatever its invalid schemas made an emitter throw.
 */
async function attempt<T>(work: () => Promise<T>): Promise<() => T> {
  try {
    const value = await work();
    return () => value;
  } catch (err) {
    return () => {
      throw err;
    };
  }
}

/** Stage 6: the files still in prettier (not the validators nor the catalog, see write/format.ts) formatted and put into the output. */
export async function format(emitted: Pick<Emitted, "formatting">): Promise<void> {
  await Promise.all(emitted.formatting);
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
