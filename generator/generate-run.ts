/**
 * `generate` and `generate --check`: the run-level wiring around the pipeline. It stays light (no
 * compiler, ajv or prettier) so that a run with nothing to do ends before the pipeline is loaded.
 */
import { existsSync } from "node:fs";
import { join, resolve as resolvePath } from "node:path";
import { GeneratorCache } from "./cache/generator-cache.js";
import { inputDigest, outputMatches, readManifest, saveManifest } from "./cache/run-manifest.js";
import { readOutputRecord, saveOutputRecord } from "./cache/output-record.js";
import { claimSpare } from "./cache/output-spare.js";
import type { FrontEndEntry } from "./front-end/persisted-front-end.js";
import { readStatRecord, saveStatRecord, type StoredStatRecord } from "./cache/registry-stat.js";
import { readRegistryFiles, type RegistryFiles } from "./load/registry-files.js";
import { readTemplates } from "./load/templates.js";
import type { GenerateOptions, ReadInputs } from "./pipeline.js";
import { diffOutput, InMemoryOutput, StagedOutput, type OutputSink } from "./write/output-dir.js";
import { assertReplaceable, OUTPUT_MARKER, removeAbandonedStaging } from "./write/output-ownership.js";
import { ReadOnlyOutputFolder } from "./write/removable-tree.js";
import { fileSystemFailure, UsageError } from "./base/usage-error.js";
import type { GenerateSession } from "./generate-session.js";
import type { CacheUse } from "./base/timings.js";

/** Where a run's files go: a StagedOutput (generate), or a map (--check); `digests` of what was put, for the manifest. */
type RunOutput = OutputSink & { size: number; readonly digests: Map<string, string> };

/**
 * With a cache, a run whose inputs and output folder match the manifest of an earlier run returns
 * `upToDate` without rendering; otherwise it renders into the output `open` gives (with the stage
 * caches) and records the manifest from the digests of what was put there.
 */
async function renderUnlessUpToDate<O extends RunOutput>(options: GenerateOptions, open: (cache?: GeneratorCache) => O, session?: GenerateSession): Promise<{ output: O; inputs?: string } | { upToDate: number }> {
  if (!options.cache) {
    const files = session ? readableRegistry(options.schemas, session) : undefined;
    return { output: await renderInto(open(), options, undefined, files ? { files } : {}, session) };
  }
  const cache = session ? session.cacheFor(options.cache) : new GeneratorCache(options.cache);
  const told = options.timings ? cacheUseSince(cache) : undefined;
  try {
    return await renderWithCache(options, open, session, cache);
  } finally {
    if (told) options.timings!.cache = told();
  }
}

async function renderWithCache<O extends RunOutput>(options: GenerateOptions, open: (cache?: GeneratorCache) => O, session: GenerateSession | undefined, cache: GeneratorCache): Promise<{ output: O; inputs?: string } | { upToDate: number }> {
  // Read once: digested here, rendered from, so the manifest names the bytes the output was made from.
  // A separate process takes the files whose stat the last run recorded unread (a session keeps its own read).
  const stat = session ? undefined : { root: resolvePath(options.schemas), stored: readStatRecord(cache, resolvePath(options.schemas)) };
  const registry = readableRegistry(options.schemas, session, stat?.stored);
  const templates = readTemplates(options.templates);
  const inputs = registry ? inputDigest(registry, templates.overrideDigest) : undefined;
  // Deleted by hand while watching: what the session last wrote is gone, the output is not up to date.
  if (session?.written && !outputStillThere(options.out)) session.forgetOutput();
  if (session?.written && inputs) {
    // The output folder is what this session last wrote: no manifest of another input can match it.
    if (session.written.inputs === inputs) return { upToDate: session.written.files };
  } else {
    const manifest = inputs ? readManifest(cache, inputs) : undefined;
    if (manifest && outputMatches(options.out, manifest, () => readOutputRecord(cache, options.out))) {
      if (session && inputs) session.written = { inputs, files: Object.keys(manifest).length };
      if (stat && registry && saveStatRecord(cache, stat.root, registry, stat.stored)) cache.store.flush();
      return { upToDate: Object.keys(manifest).length };
    }
  }
  const frontEnd = stat ? { frontEnd: frontEndEntry(cache, stat.root) } : {};
  // Known now to render: a separate process's compile worker starts here, before the pipeline's
  // modules load (they took 60-120 ms of an edit, which the worker's start and warm-up then
  // followed, and the check stage waited for its compile). Not for a registry the cache has no
  // record of: that run is cold, and starts its workers with the compile.
  const compileAhead = stat && registry ? (await import("./validators/precompile.js")).compileWorkerAhead(registry.list.length, stat.stored.record !== undefined) : undefined;
  let output;
  try {
    output = await renderInto(open(cache), options, cache, { ...(registry ? { files: registry } : {}), templates, ...frontEnd, ...(compileAhead ? { compileAhead } : {}) }, session);
  } catch (err) {
    // Closed by the compile once given to it; here when the run failed before (closing twice is harmless).
    void compileAhead?.close();
    throw err;
  }
  // A file saved during the run: the output may be of other bytes than `inputs` names.
  if (inputs && !registry?.drifted) saveManifest(cache, inputs, output.digests);
  if (stat && registry) saveStatRecord(cache, stat.root, registry, stat.stored);
  // Saved before the swap: the record is checked file by file against the disk when read.
  if (output instanceof StagedOutput && output.record.size > 0) saveOutputRecord(cache, options.out, output.record);
  if (session) session.writeCacheLater();
  else cache.store.flush();
  return { output, ...(inputs ? { inputs } : {}) };
}

/** The cache's entry of what the front end kept of the registry folder `root`, and its delta (front-end/persisted-front-end.ts). */
export function frontEndEntry(cache: GeneratorCache, root: string): FrontEndEntry {
  const folder = cache.folderName(root);
  return {
    get: () => cache.get("front-end", folder),
    set: (text) => cache.set("front-end", [folder], text),
    delta: { get: () => cache.getIfStored("front-end-delta", folder), set: (text) => cache.set("front-end-delta", [folder], text) },
  };
}

/** What `cache` serves and misses from now on, for --timings (a watch session's store counts across runs). */
function cacheUseSince(cache: GeneratorCache): () => CacheUse {
  const { hits, misses } = cache.store.stats;
  const before = { hits: { ...hits }, misses: { ...misses }, ...cache.fileChecks };
  const since = (now: Record<string, number>, then: Record<string, number>) =>
    Object.fromEntries(Object.entries(now).map(([kind, n]) => [kind, n - (then[kind] ?? 0)]).filter(([, n]) => n !== 0));
  return () => {
    const files = cache.fileChecks.files - before.files;
    return {
      dir: cache.store.dir,
      served: since(hits, before.hits),
      missed: since(misses, before.misses),
      ...(files > 0 ? { metaSchemaChecks: { files, checked: cache.fileChecks.checked - before.checked } } : {}),
    };
  };
}

/** The pipeline, loaded only when there is something to render; a StagedOutput is abandoned when the render fails. */
async function renderInto<O extends RunOutput>(output: O, options: GenerateOptions, cache: GeneratorCache | undefined, read: ReadInputs, session: GenerateSession | undefined): Promise<O> {
  try {
    await (await import("./pipeline.js")).render(options, cache, read, session, output);
    return output;
  } catch (err) {
    if (output instanceof StagedOutput) output.abandon();
    throw err;
  }
}

/** The output marker is still where this session wrote it (one stat). */
function outputStillThere(out: string): boolean {
  return existsSync(join(out, OUTPUT_MARKER));
}

/** The registry folder read (unchanged files taken from the session's last read), or undefined when it cannot be listed (loading reports why). */
function readableRegistry(schemas: string, session?: GenerateSession, stat?: StoredStatRecord): RegistryFiles | undefined {
  try {
    const named = new Set(session?.named);
    session?.named.clear();
    const swept = session?.files ? session.registryAhead() : undefined;
    const files = readRegistryFiles(resolvePath(schemas), session?.files ? { previous: session.files, named, ...(swept ? { swept } : {}) } : undefined, stat ? { ...(stat.record ? { previous: stat.record } : {}) } : undefined);
    if (session) session.files = files;
    return files;
  } catch {
    return undefined;
  }
}

/** What a `generate` did; `leftovers`: staging or retired folders of ended runs it could not remove, each with why (output-ownership.ts). */
export interface GenerateResult {
  files: number;
  upToDate: boolean;
  leftovers?: string[];
}

/**
 * Refuses (UsageError) an output folder it must not replace, before any work. `session`: what a
 * long-lived process keeps between runs (generate-session.ts); the output is the same without it.
 */
export async function generate(options: GenerateOptions, session?: GenerateSession): Promise<GenerateResult> {
  session?.writeCache();
  try {
    return await generateRun(options, session);
  } finally {
    session?.endRun();
  }
}

async function generateRun(options: GenerateOptions, session: GenerateSession | undefined): Promise<GenerateResult> {
  if (options.timings && session?.madeAheadMs !== undefined) options.timings.madeAheadMs = session.madeAheadMs;
  let leftovers: string[];
  try {
    assertReplaceable({ out: options.out, schemas: options.schemas });
    leftovers = removeAbandonedStaging(options.out);
  } catch (err) {
    throw fileSystemFailure(err, `cannot write the output folder ${options.out}`);
  }
  // Filled while the pipeline renders; swapped in below.
  let staged: StagedOutput | undefined;
  // A separate process links what an earlier one wrote by the cache's record of it, and stages in the
  // cache's spare tree when it can (cache/output-spare.ts); a session by what it kept.
  const stage = (cache?: GeneratorCache) =>
    (staged = session
      ? new StagedOutput(options.out, session.outputAhead() ?? { dir: "", files: new Map() }, session.digestOf)
      : cache
        ? new StagedOutput(options.out, undefined, undefined, readOutputRecord(cache, options.out), claimSpare(cache.store.dir, options.out))
        : new StagedOutput(options.out));
  let rendered;
  try {
    rendered = await renderUnlessUpToDate(options, stage, session);
  } catch (err) {
    if (staged?.failure !== err) throw err;
    session?.forgetOutput();
    throw fileSystemFailure(err, `cannot write the output folder ${options.out}`);
  }
  if ("upToDate" in rendered) {
    options.timings?.lap("up-to-date check");
    return { files: rendered.upToDate, upToDate: true, ...(leftovers.length > 0 ? { leftovers } : {}) };
  }
  try {
    const output = rendered.output.commit();
    if (session) {
      session.output = output;
      session.written = rendered.inputs ? { inputs: rendered.inputs, files: rendered.output.size } : undefined;
    }
  } catch (err) {
    session?.forgetOutput();
    if (err instanceof ReadOnlyOutputFolder) throw readOnlyOutput(options.out, err);
    throw fileSystemFailure(err, `cannot write the output folder ${options.out}`);
  }
  options.timings?.lap("write");
  return { files: rendered.output.size, upToDate: false, ...(leftovers.length > 0 ? { leftovers } : {}) };
}

/** The output left as it was because a folder of it is read-only (write/removable-tree.ts): which, and what to do. */
function readOnlyOutput(out: string, err: ReadOnlyOutputFolder): UsageError {
  const folder = err.inside ? join(out, err.inside) : out;
  return new UsageError(
    `cannot write the output folder ${out}: ${folder} is read-only to this user (permission denied, EACCES: ${err.path}); ` +
      `generate replaces the whole folder and could not remove the old one, so the output is left as it was: make it writable (chmod -R u+w ${out}) and run again`,
  );
}

export async function checkGenerated(options: GenerateOptions): Promise<string[]> {
  const rendered = await renderUnlessUpToDate(options, () => new InMemoryOutput());
  if ("upToDate" in rendered) return [];
  try {
    return diffOutput(options.out, rendered.output.files);
  } catch (err) {
    throw fileSystemFailure(err, `cannot read the output folder ${options.out}`);
  }
}

