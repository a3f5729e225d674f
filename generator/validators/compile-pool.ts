/**
 * The compile workers' pool (validators/compile-worker.ts on worker threads), and the one worker
 * started ahead of an edit's front end. Apart from precompile.ts, which loads with the pipeline,
 * so that generate-run.ts can start that worker while it still walks the registry folder: at the
 * first file whose stat differs from the cache's record, before it knows whether the run renders
 * (a run with nothing changed loads this module, small, and starts none).
 */
import { extname } from "node:path";
import { WorkerPool } from "../base/worker-pool.js";
import { SPLIT_MODULES_ABOVE } from "./module-layout.js";
import type { CompileResult, WorkerJob } from "./compile-worker.js";
import { WARM_UP_DECLARATIONS, WARM_UP_JOB } from "./warm-up-job.js";

const JOBS_PER_WORKER = 2;

/**
 * Each compile worker's young generation, in MB (V8's own: 48 on a machine with memory to spare).
 * A module's compile keeps ajv's code tree of every schema alive until its standalone code is
 * made, so much survives each scavenge; in a smaller young generation it is promoted sooner instead
 * of copied again and again. At 1000 events the peak RSS of a cold run is 50–100 MiB lower and
 * its CPU the same (docs/performance.md, "V8's flags and where a cold run's cores wait").
 */
const COMPILE_WORKER_YOUNG_MB = 12;

/** Compile worker threads, each importing ajv as it starts (and json-schema-to-typescript on its first DeclarationsJob). */
export type CompilePool = WorkerPool<WorkerJob, CompileResult | string | undefined>;

/**
 * One compile worker started before the front end, for a registry of `files` files that is
 * likely to be split into modules (so compiled on workers): the thread's start and ajv's import
 * then overlap reading, resolving and modelling instead of following them, which an edit waits
 * for (one module to compile). None for a small registry, or with workers turned off.
 */
export function compileWorkerAhead(files: number): CompilePool | undefined {
  if (forcedByEnvironment() ? Number(process.env.JETSCHEMA_COMPILE_WORKERS) < 1 : files <= SPLIT_MODULES_ABOVE) return undefined;
  const pool = compilePool(1);
  // While the front end runs: json-schema-to-typescript loaded and warm for the types the edit
  // changed (declaredOn), then ajv and esbuild warm for the module it waits on.
  pool.run({ warmUp: { declare: WARM_UP_DECLARATIONS, compile: WARM_UP_JOB } }).catch(() => undefined);
  return pool;
}

export function compilePool(size: number): CompilePool {
  // Two jobs per worker: one compiling while esbuild's process minifies the other (compile-worker.ts).
  return new WorkerPool<WorkerJob, CompileResult | string | undefined>(new URL(`./compile-worker${extname(import.meta.url)}`, import.meta.url), size, undefined, JOBS_PER_WORKER, {
    maxYoungGenerationSizeMb: COMPILE_WORKER_YOUNG_MB,
  });
}

/** $JETSCHEMA_COMPILE_WORKERS is set to a whole number (0 turns the workers off). */
export function forcedByEnvironment(): boolean {
  const env = process.env.JETSCHEMA_COMPILE_WORKERS;
  return env !== undefined && env !== "" && Number.isInteger(Number(env));
}
