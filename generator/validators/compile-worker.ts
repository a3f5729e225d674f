/**
 * A worker thread's job for validators/precompile.ts: compile one validator module in a fresh ajv
 * instance exactly as schema-set.ts would (same options, same schemas in the same order), answer
 * the validations the run will ask of it, and emit its standalone code. Anything unexpected (a
 * schema that does not compile, a validation that throws) returns `undefined`: the main thread
 * then compiles that module itself and reports the problem with its file and pointer.
 *
 * The worker started ahead of an edit's front end also declares the few types the edit changed
 * (a DeclarationsJob, json-schema-to-typescript on a schema the main thread prepared), so that the
 * main thread never loads json-schema-to-typescript and prettier's core; a failure is thrown to
 * the main thread, which then declares the type itself.
 */
import { setImmediate } from "node:timers/promises";
import type { ErrorObject } from "ajv";
import { createAjv, type Dialect } from "../base/ajv.js";
import { digest, exactJson } from "../base/hash.js";
import { internStrings } from "../base/interned-strings.js";
import { moduleCodeAsync } from "./module-code.js";
import { flattenCompiledSources } from "./flat-sources.js";
import type { ModuleExports } from "./module-layout.js";
import type { ModuleVerdicts } from "./schema-set.js";
import { schemaDeclarations } from "../base/schema-to-typescript.js";

export interface CompileJob {
  dialect: Dialect;
  /** [canonical URI, schema] of every file the module reaches, in the order schema-set adds them. */
  sources: Array<[string, Record<string, unknown>]>;
  /** The module's files, in compile order, with their canonical URIs. */
  files: Array<[file: string, uri: string]>;
  /** Data each file will be asked about (the examples of its major). */
  queries: Record<string, unknown[]>;
  exported: ModuleExports;
}

/** json-schema-to-typescript's declarations of `schema` as type `name` (base/schema-to-typescript.ts). */
export interface DeclarationsJob {
  declare: { schema: Record<string, unknown>; name: string };
}

/**
 * What the worker started ahead of an edit's front end does while it waits (warm-up-job.ts): the
 * type first, json-schema-to-typescript loaded and warm (an edit's types are wanted before its
 * module), then the module, ajv and esbuild warm. One job, so it holds one of the worker's places
 * for jobs sent one by one, and the edit's own types are sent to the other at once. The module's
 * part gives way to them (warmUp below).
 */
export interface WarmUpJob {
  warmUp: { declare: DeclarationsJob; compile: CompileJob };
}

export interface CompileResult {
  verdicts: ModuleVerdicts;
  code: { js: string; dts: string };
}

export type WorkerJob = CompileJob | DeclarationsJob | WarmUpJob;

/** The jobs other than a warm-up this thread has begun: how many are running, whether a compile came. */
const work = { running: 0, compiled: false, whenIdle: [] as Array<() => void> };

/** Resolves once no job other than a warm-up is running on this thread. */
function idle(): Promise<void> {
  return work.running === 0 ? Promise.resolve() : new Promise((resolve) => work.whenIdle.push(resolve));
}

/** A job from precompile.ts's pool (declarations, a module, the warm-up). */
export function handle(job: CompileJob): Promise<CompileResult | undefined>;
export function handle(job: DeclarationsJob): Promise<string>;
export function handle(job: WarmUpJob): Promise<"compiled" | "gave way">;
export function handle(job: WorkerJob): Promise<CompileResult | string | undefined>;
export async function handle(job: WorkerJob): Promise<CompileResult | string | undefined> {
  if ("warmUp" in job) return warmUp(job.warmUp);
  work.running++;
  if (!("declare" in job)) work.compiled = true;
  try {
    return "declare" in job ? await schemaDeclarations(job.declare.schema, job.declare.name) : await compileModule(job);
  } finally {
    if (--work.running === 0) for (const resolve of work.whenIdle.splice(0)) resolve();
  }
}

/**
 * The warm-up: the type, then the module, each after the jobs that came meanwhile. The edit's own
 * types arrive while the type's part runs (json-schema-to-typescript loading): the module's part,
 * ajv's and esbuild's first compile (~100-400 ms), then waited for them, and with it the main
 * thread, which needs the types before it emits anything. Once a real module came, the module's
 * part is left out: that compile has warmed what it would (or is warming it), and a warm-up after
 * it would only hold up the next. What it says it did is for tests.
 */
async function warmUp(job: WarmUpJob["warmUp"]): Promise<"compiled" | "gave way"> {
  await schemaDeclarations(job.declare.declare.schema, job.declare.declare.name).catch(() => undefined);
  // A message that arrived meanwhile is handled (its job begun) before this goes on.
  await setImmediate();
  await idle();
  if (work.compiled) return "gave way";
  await compileModule(job.compile);
  return "compiled";
}

/**
 * A module compiled, async only for the minifier: the module is compiled and checked synchronously, then esbuild
 * minifies it while this thread takes its next job (precompile.ts gives each worker two at once).
 * The main thread runs it too, for a module it claims from the workers' queue (precompile.ts's compileHere).
 */
export async function compileModule(job: CompileJob): Promise<CompileResult | undefined> {
  try {
    const ajv = createAjv(job.dialect, { standalone: true, eager: true });
    // Structured-cloned strings would make the module's code two-byte text (base/interned-strings.ts).
    for (const [uri, schema] of internStrings(job.sources)) ajv.addSchema(schema, uri);
    const verdicts: ModuleVerdicts = {};
    // Every file first, as schema-set compiles a module, so the code comes out the same.
    const flattened = new WeakSet<object>();
    const validators = job.files.map(([file, uri]) => {
      const validate = ajv.getSchema(uri);
      if (!validate) throw new Error(`schema ${file} is not loaded`);
      flattenCompiledSources(ajv, flattened);
      return [file, validate] as const;
    });
    for (const [file, validate] of validators) {
      const known: ModuleVerdicts[string] = (verdicts[file] = {});
      for (const data of job.queries[file] ?? []) {
        const valid = validate(data) as boolean;
        known[digest(exactJson(data))] = [valid, valid ? null : ((validate.errors ?? []) as ErrorObject[])];
      }
    }
    return { verdicts, code: await moduleCodeAsync(ajv, job.exported) };
  } catch {
    return undefined;
  }
}
