/**
 * A large registry's validator modules compiled on worker threads, all cores at once, before the
 * lint stage asks about them: ajv's compile is most of the check stage, and the modules are
 * independent. The results reach schema-set.ts and emit/validators.ts through the caches they
 * already read (verdicts by module key, code by code key), layered over the persistent cache, so
 * nothing downstream changes: a module a worker could not compile is compiled in this thread as
 * before, and reports its problem the usual way. Once this thread stops emitting, it also takes
 * modules from the workers' queue (compileHere), compiled as a worker compiles them.
 */
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { setImmediate } from "node:timers/promises";
import { canonicalUri } from "../resolve/resolve-refs.js";
import type { RegistryModel } from "../model/registry-model.js";
import { moduleCodeKey, type ModuleCodeCache } from "./module-code.js";
import { moduleExports, SPLIT_MODULES_ABOVE } from "./module-layout.js";
import { WorkerPool } from "../base/worker-pool.js";
import { collectGarbageAbove } from "../base/collect-garbage.js";
import type { SchemaSet, ValidatorModule, VerdictCache, ModuleVerdicts } from "./schema-set.js";
import { compileModule, type CompileJob, type CompileResult, type WorkerJob } from "./compile-worker.js";
import { WARM_UP_DECLARATIONS, WARM_UP_JOB } from "./warm-up-job.js";
import { schemaDeclarations } from "../base/schema-to-typescript.js";

/** Below this many modules (a registry under SPLIT_MODULES_ABOVE schemas has one per dialect) starting workers costs more than it saves. */
const WORKERS_FROM_MODULES = 4;

const JOBS_PER_WORKER = 2;

/**
 * Each compile worker's young generation, in MB (V8's own: 48 on a machine with memory to spare).
 * A module's compile keeps ajv's code tree of every schema alive until its standalone code is
 * made, so much survives each scavenge; in a smaller young generation it is promoted sooner instead
 * of copied again and again. At 1000 events the peak RSS of a cold run is 50–100 MiB lower and
 * its CPU the same (docs/performance.md, "V8's flags and where a cold run's cores wait").
 */
const COMPILE_WORKER_YOUNG_MB = 12;

/**
 * The main thread's heap in use above which its garbage is collected before the last worker
 * starts: ~350 MiB there at 5000 events (~190 of it garbage), ~90 MiB at 1000, where collecting
 * freed ~35 MiB of a ~400 MiB peak for CPU time within the noise (docs/performance.md, "Memory: the
 * overlap's peak").
 */
const COLLECT_ABOVE_MIB = 256;

/**
 * Worker threads to compile with: $JETSCHEMA_COMPILE_WORKERS, else one per core but this thread's
 * (at least one) for a split registry, else none. This thread is busy beside the compile (types,
 * AsyncAPI, catalog pages), so a worker per core made three threads share two cores: one fewer
 * took ~3% less wall, ~2% less CPU and ~10% less peak memory in paired cold runs at 1000 events
 * (docs/performance.md, "One compile worker per core but the main thread's").
 */
export function compileWorkers(modules: ValidatorModule[], cores = availableParallelism()): number {
  if (forcedByEnvironment()) return Math.min(Number(process.env.JETSCHEMA_COMPILE_WORKERS), modules.length);
  return modules.length >= WORKERS_FROM_MODULES ? Math.max(1, Math.min(cores - 1, 8)) : 0;
}

/** Compile worker threads, each importing ajv as it starts (and json-schema-to-typescript on its first DeclarationsJob). */
export type CompilePool = WorkerPool<WorkerJob, CompileResult | string | undefined>;

/**
 * One compile worker started before the front end, for a registry of `files` files that is
 * likely to be split into modules (so compiled on workers): the thread's start and ajv's import
 * then overlap reading, resolving and modelling instead of following them, which an edit waits
 * for (one module to compile). None for a small registry, or with workers turned off; none
 * either when the cache holds no record of the registry (`recorded`): such a run is a cold one,
 * whose types are declared on this thread, so the warm-up's json-schema-to-typescript would be
 * work for nothing on the thread that compiles every module (~0.4 s of CPU, ~0.1 s of wall at
 * 1000 events; docs/performance.md, "A cold run starts no compile worker ahead").
 */
export function compileWorkerAhead(files: number, recorded: boolean): CompilePool | undefined {
  if (!recorded) return undefined;
  if (forcedByEnvironment() ? Number(process.env.JETSCHEMA_COMPILE_WORKERS) < 1 : files <= SPLIT_MODULES_ABOVE) return undefined;
  const pool = compilePool(1);
  // While the front end runs: json-schema-to-typescript loaded and warm for the types the edit
  // changed (declaredOn), then ajv and esbuild warm for the module it waits on.
  pool.run({ warmUp: { declare: WARM_UP_DECLARATIONS, compile: WARM_UP_JOB } }).catch(() => undefined);
  return pool;
}

/**
 * json-schema-to-typescript's declarations on a compile worker (one started ahead, warm): what
 * emit/types/emit-types.ts takes as `declarations`. A type the worker cannot declare (it was
 * closed, or the library threw) is declared on this thread (`here`), so a failure reads as it would there.
 */
export function declaredOn(pool: CompilePool, here = schemaDeclarations): (schema: Record<string, unknown>, name: string) => Promise<string> {
  return (schema, name) => {
    const answer = pool.run({ declare: { schema, name } }) as Promise<string>;
    let asked = declaring.get(pool);
    if (!asked) declaring.set(pool, (asked = new Set()));
    asked.add(answer);
    void answer.then(
      () => asked.delete(answer),
      () => asked.delete(answer),
    );
    return answer.catch(() => here(schema, name));
  };
}

/** The declarations asked of each pool and not yet answered (declaredOn): stoppedOnceAnswered() lets them finish. */
const declaring = new WeakMap<CompilePool, Set<Promise<string>>>();

/** What `work` returns; a worker started ahead of it is closed when it throws (else the compile closes it). */
export function closedOnFailure<T>(ahead: CompilePool | undefined, work: () => T): T {
  try {
    return work();
  } catch (err) {
    void ahead?.close();
    throw err;
  }
}

export function compilePool(size: number): CompilePool {
  // Two jobs per worker: one compiling while esbuild's process minifies the other (compile-worker.ts).
  return new WorkerPool<WorkerJob, CompileResult | string | undefined>(new URL(`./compile-worker${extname(import.meta.url)}`, import.meta.url), size, undefined, JOBS_PER_WORKER, {
    maxYoungGenerationSizeMb: COMPILE_WORKER_YOUNG_MB,
  });
}

function forcedByEnvironment(): boolean {
  const env = process.env.JETSCHEMA_COMPILE_WORKERS;
  return env !== undefined && env !== "" && Number.isInteger(Number(env));
}

export class PrecompiledModules {
  private readonly verdictsByKey = new Map<string, ModuleVerdicts>();
  private readonly codeByKey = new Map<string, { js: string; dts: string }>();
  private readonly reports = new Map<string, Report>();
  private finished = false;
  private closing: Promise<void> = Promise.resolve();

  /** `startPool`: starts the compile's workers (tests watch when). */
  constructor(
    private readonly persistent: { verdicts?: VerdictCache; code?: ModuleCodeCache } = {},
    private readonly startPool: (size: number) => CompilePool = compilePool,
  ) {}

  /**
   * What schema-set reads: a precompiled module's verdicts (each taken once), else the persistent
   * cache's. A module's fresh verdicts are stored as they arrive (compileJobs): schema-set reads a
   * module's verdicts only when a validation asks, and many a module is never asked.
   */
  readonly verdicts: VerdictCache = {
    load: (key) => takeOnce(this.verdictsByKey, key) ?? this.persistent.verdicts?.load(key),
    save: (key, verdicts) => this.persistent.verdicts?.save(key, verdicts),
    has: (key) => this.verdictsByKey.has(key) || (this.persistent.verdicts?.has(key) ?? false),
  };

  /** What emit/validators.ts reads: a precompiled module's code, else the persistent cache's. */
  readonly code: ModuleCodeCache = {
    get: freshFirst(this.codeByKey, (key) => this.persistent.code?.get(key), (key, code) => this.persistent.code?.set(key, code)),
    set: (key, code) => this.persistent.code?.set(key, code),
    digests: (key) => (this.codeByKey.has(key) ? undefined : this.persistent.code?.digests?.(key)),
  };

  /**
   * Settles once every worker the compile used has stopped. compile() resolves when the modules
   * are compiled, not when its workers have stopped: a worker's heap takes 20-50 ms to tear down
   * (an edit's, on a 2-core machine), which this thread spends checking and writing instead. A
   * run awaits this before it ends, so no worker outlives it. Ask it once compile() has settled
   * (front-end.ts's `stopped` does): before, no pool has been closed yet and it settles at once.
   */
  stopped(): Promise<void> {
    return this.closing;
  }

  /**
   * Settles once module `path` needs no more of the compile: its verdicts are in (or the persistent
   * cache's), or no worker could answer for it and this thread is to compile it. The catalog
   * renders an event's page then, while the workers compile the rest. Never rejects: a failed
   * compile settles every module (the run fails with the compile's error).
   */
  reported(path: string): Promise<void> {
    return this.finished ? Promise.resolve() : this.report(path).promise;
  }

  private report(path: string): Report {
    let report = this.reports.get(path);
    if (!report) {
      let settle!: () => void;
      const promise = new Promise<void>((resolve) => (settle = resolve));
      report = { promise, settle };
      this.reports.set(path, report);
    }
    return report;
  }

  /**
   * Compiles, on `workers` threads, every module the persistent cache cannot answer for.
   * `mainThreadBusy`, when given, settles once this thread stops emitting beside the compile:
   * until then it holds a core, and one worker fewer runs (nor holds its heap beside this
   * thread's); the last starts then. `started`: workers started earlier (compileWorkerAhead),
   * used first, and closed here whether or not there is anything to compile.
   */
  async compile(model: RegistryModel, schemas: SchemaSet, workers: number, mainThreadBusy?: Promise<unknown>, started?: CompilePool): Promise<void> {
    try {
      await this.compileJobs(model, schemas, workers, mainThreadBusy, started);
    } finally {
      this.finished = true;
      for (const report of this.reports.values()) report.settle();
    }
  }

  private async compileJobs(model: RegistryModel, schemas: SchemaSet, workers: number, mainThreadBusy?: Promise<unknown>, started?: CompilePool): Promise<void> {
    const jobs: Array<{ key: string; path: string; codeKey: string; job: CompileJob }> = [];
    const first = (count: number) => Math.max(mainThreadBusy ? Math.max(1, count - 1) : count, started?.size ?? 0);
    // Started at the first module to compile, not after the last key: a cold run's keys take
    // ~0.2 s of this thread, which the worker's start and its imports then overlap.
    let pool = started;
    try {
      for (const module of schemas.modules()) {
        const key = schemas.moduleKey(module.path);
        const exported = moduleExports(model, module);
        const codeKey = moduleCodeKey(key, exported);
        // Stored: read when emitted, and only if the output does not hold it already. (Gone by then,
        // e.g. damaged, it is compiled on this thread: slower, the same code.)
        if (this.persistent.verdicts?.has(key) && (this.persistent.code?.digests?.(codeKey) ?? this.persistent.code?.get(codeKey))) {
          this.report(module.path).settle();
          continue;
        }
        if (!pool && workers >= 1) pool = this.startPool(first(1));
        jobs.push({
          key,
          path: module.path,
          codeKey,
          job: {
            dialect: module.dialect,
            sources: schemas.moduleSources(module.path),
            files: module.files.map((file) => [file, canonicalUri(file)]),
            queries: examplesAsked(model, module),
            exported,
          },
        });
      }
    } catch (err) {
      await pool?.close();
      throw err;
    }
    // Also one module (an edit, with a warm cache): a worker compiles and minifies it while this
    // thread emits the types and the AsyncAPI document, instead of after them.
    if (jobs.length === 0 || workers < 1) {
      if (pool) this.closing = stoppedOnceAnswered(pool);
      return;
    }
    const size = Math.min(workers, jobs.length);
    pool ??= this.startPool(first(size));
    pool.grow(first(size) - pool.size);
    // When this thread stops emitting, the garbage of its emit (half its heap at 5000 events, the
    // AsyncAPI stage's) goes before the last worker's heap grows beside it: V8 would collect it only
    // once this thread had idled a while, and the two heaps stood at their highest together.
    if (pool.size < size)
      void mainThreadBusy!
        .finally(() => {
          collectGarbageAbove(COLLECT_ABOVE_MIB);
          pool.grow(size - pool.size);
        })
        .catch(() => undefined);
    try {
      // Largest first, so no thread is left with a big module at the end.
      const order = [...jobs].sort((a, b) => b.job.sources.length - a.job.sources.length);
      // All at once: the workers take the next module themselves while this thread emits.
      const inputs = order.map(({ job }) => job);
      const results = pool.runAll(inputs);
      // This thread takes modules no worker has claimed yet once it stops emitting.
      if (mainThreadBusy && jobs.length > pool.size * JOBS_PER_WORKER) void mainThreadBusy.finally(() => compileHere(pool, inputs)).catch(() => undefined);
      await Promise.all(
        order.map(async ({ key, path, codeKey }, i) => {
          const result = (await results[i]!) as CompileResult | undefined;
          if (result) {
            this.verdictsByKey.set(key, result.verdicts);
            this.persistent.verdicts?.save(key, result.verdicts);
            this.codeByKey.set(codeKey, result.code);
          }
          this.report(path).settle();
        }),
      );
    } finally {
      this.closing = stoppedOnceAnswered(pool);
    }
  }
}

/**
 * `pool` closed once the declarations asked of it are answered; never rejects (a thread that ended
 * in error has stopped all the same). A worker stopped under a declaration loses its answer, and
 * this thread then declares the type itself, loading json-schema-to-typescript first (~50 ms of an
 * edit's main thread; the compile of an edit's module can end before the declaration sent ahead
 * of it).
 */
export function stoppedOnceAnswered(pool: CompilePool): Promise<void> {
  return Promise.allSettled([...(declaring.get(pool) ?? [])])
    .then(() => pool.close())
    .catch(() => undefined);
}

/**
 * Modules compiled on this thread, each claimed from the workers' queue (so no module is compiled
 * twice), until none is left: from the end of the emit the main thread otherwise waited on the
 * workers' last modules (~1.3 s of a cold run at 1000 events). It yields between modules, so the
 * catalog renders the pages of the modules reported meanwhile.
 */
async function compileHere(pool: CompilePool, jobs: CompileJob[]): Promise<void> {
  for (let claimed = pool.claimQueued(); claimed; claimed = pool.claimQueued()) {
    // compileModule answers undefined for what it cannot compile (this thread compiles it again then, reporting why).
    claimed.settle(await compileModule(jobs[claimed.index]!));
    await setImmediate();
  }
}

interface Report {
  promise: Promise<void>;
  settle(): void;
}

/**
 * A lookup that serves this run's fresh results first, each once, storing it in the persistent
 * cache as it goes (so the next run finds it), and asks the persistent cache otherwise.
 */
function freshFirst<T>(fresh: Map<string, T>, stored: (key: string) => T | undefined, store: (key: string, value: T) => void): (key: string) => T | undefined {
  return (key) => {
    const value = takeOnce(fresh, key);
    if (value === undefined) return stored(key);
    store(key, value);
    return value;
  };
}

function takeOnce<T>(map: Map<string, T>, key: string): T | undefined {
  const value = map.get(key);
  map.delete(key);
  return value;
}

/**
 * The data the run validates with each file of the module: the lint stage checks a version's
 * examples against it, the catalog every example of its major against each of its versions.
 */
function examplesAsked(model: RegistryModel, module: ValidatorModule): Record<string, unknown[]> {
  const files = new Set(module.files);
  const queries: Record<string, unknown[]> = {};
  for (const major of model.majors) {
    if (!major.versions.some((v) => files.has(v.file))) continue;
    const examples = major.versions.flatMap((v) => (Array.isArray(v.doc.head.examples) ? (v.doc.head.examples as unknown[]) : []));
    for (const v of major.versions) if (files.has(v.file)) queries[v.file] = examples;
  }
  return queries;
}
