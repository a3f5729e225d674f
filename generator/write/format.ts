/**
 * Emitted files go through prettier, with the parser its extension calls for, except what the
 * emitters write in prettier's layout already, since prettier was most of a large generate's CPU
 * (docs/performance.md): the ajv standalone validators (minified machine code that nobody reads,
 * see generator/validators/) and their one-line declarations, the catalog's Markdown
 * (emit/catalog/), and, handed over by the pipeline as laid out, the type files
 * (emit/types/type-layout.ts) and the package files (emit/package-files.ts, emit/package/).
 * test/catalog/prettier-stable.test.ts, test/generator/types-prettier-stable.test.ts and
 * test/generator/package-prettier-stable.test.ts keep them in agreement with prettier.
 *
 * What is left is what a layout does not reproduce (a type file with a tuple, index.d.ts of a
 * registry with names of 50 characters, a template the user overrides): on most registries,
 * nothing, and then no worker starts. For what there is:
 * - with a cache, a file whose unformatted text was formatted before is not formatted again;
 * - a large script (index.d.ts: a megabyte at 1000 events) is formatted in groups of top-level
 *   statements, each cached on its own (format-chunks.ts), so an edited doc comment re-formats
 *   one group;
 * - when there is much left to format, it is spread over worker threads, one per core
 *   (prettier-worker.ts).
 */
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { flatCopy } from "../base/flat-text.js";
import { WorkerPool } from "../base/worker-pool.js";
import { formatGroups, joinFormattedGroups } from "./format-chunks.js";

/**
 * validators/<dialect>.js, or validators/<dialect>/<group>.js when a large registry is split, and
 * their declarations (one `export declare const name: CompiledValidator;` a line, which prettier
 * leaves as they are); the catalog's Markdown, which its emitters write in prettier's layout
 * already (emit/catalog/); and the AsyncAPI document, laid out by the yaml library (emit/asyncapi/).
 */
const UNFORMATTED = /^validators\/(?:[^/]+\/)?[^/]+\.(?:js|d\.ts)$|^docs\/.*\.md$|^docs\/asyncapi\.yaml$/;

const OPTIONS = { printWidth: 100 } as const;

/** Whether `format` gives the file back as it is (see UNFORMATTED): it can be written out at once. */
export function writtenAsIs(path: string): boolean {
  return UNFORMATTED.test(path);
}

/** Below this much unformatted text, starting workers (each loads prettier) costs more than it saves. */
const PARALLEL_FROM_CHARS = 400_000;
const CHARS_PER_WORKER = 200_000;

/**
 * Flat copies of emitted texts (see base/flat-text.ts): the ropes concatenation builds still point
 * into what produced them (ajv's generated code, the model, template data), hundreds of MB for a
 * large registry that would otherwise stay alive through the whole formatting stage.
 */
export function flatTexts(files: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, text] of files) out.set(path, flatCopy(text));
  return out;
}

export interface FormatCache {
  get(path: string, text: string): string | undefined;
  set(path: string, text: string, formatted: string): void;
}

export interface FormatOptions {
  cache?: FormatCache;
  /**
   * Worker threads to format with (0: in this thread); default: $JETSCHEMA_FORMAT_WORKERS,
   * else one per core once a batch has enough to format, else none.
   */
  workers?: number;
  /** How many top-level statements a group of a large script holds, on average (format-chunks.ts; tests use 1). */
  statementsPerGroup?: number;
}

/** Formats batches of files for one run; `close()` it when done (it may hold worker threads). */
export interface Formatter {
  /** The files formatted (validators as they are), sorted by path. */
  format(files: Map<string, string>): Promise<Map<string, string>>;
  close(): Promise<void>;
}

function workersFor(chars: number, options: FormatOptions): number {
  const env = process.env.JETSCHEMA_FORMAT_WORKERS;
  const wanted =
    options.workers ??
    (env !== undefined && env !== "" && Number.isInteger(Number(env)) ? Number(env) : chars >= PARALLEL_FROM_CHARS ? availableParallelism() : 0);
  return Math.min(wanted, Math.ceil(chars / CHARS_PER_WORKER), 8);
}

export function createFormatter(options: FormatOptions = {}): Formatter {
  let pool: WorkerPool<{ path: string; text: string }, string> | undefined;
  const run = async (jobs: Array<[string, string]>): Promise<Array<Settled<string>>> => {
    // A pool, once started, serves every later batch: its workers have prettier loaded.
    if (!pool && jobs.length > 0) {
      const count = workersFor(jobs.reduce((n, [, text]) => n + text.length, 0), options);
      if (count >= 1) pool = new WorkerPool(new URL(`./prettier-worker${extname(import.meta.url)}`, import.meta.url), count, OPTIONS);
    }
    return pool ? formatInPool(pool, jobs) : formatHere(jobs);
  };
  return {
    async format(files) {
      const entries = [...files].sort(([a], [b]) => a.localeCompare(b));
      const result = new Map<string, string>();
      const plans: Array<{ path: string; text: string; groups: string[] | undefined }> = [];
      for (const [path, text] of entries) {
        const cached = writtenAsIs(path) ? text : options.cache?.get(path, text);
        if (cached !== undefined) result.set(path, cached);
        else plans.push({ path, text, groups: formatGroups(path, text, options.statementsPerGroup) });
      }
      // What is left to format: whole files, and the groups of large scripts not formatted before.
      const jobs: Array<[string, string]> = [];
      const pieces = plans.map(({ path, text, groups }) =>
        (groups ?? [text]).map((piece) => {
          const hit = groups ? options.cache?.get(path, piece) : undefined;
          if (hit !== undefined) return { ok: true as const, value: hit };
          jobs.push([path, piece]);
          return jobs.length - 1;
        }),
      );
      const settled = await run(jobs);
      for (const [i, { path, text, groups }] of plans.entries()) {
        const outcome = pieces[i]!.map((p) => (typeof p === "number" ? settled[p]! : p));
        let formatted: string;
        if (outcome.every((o) => o.ok)) {
          const values = outcome.map((o) => (o as { value: string }).value);
          formatted = groups ? joinFormattedGroups(values) : values[0]!;
          if (groups) groups.forEach((group, g) => typeof pieces[i]![g] === "number" && options.cache?.set(path, group, values[g]!));
        } else if (groups) {
          // A group that does not parse alone (see format-chunks.ts): the whole file, as prettier would.
          formatted = valueOf((await run([[path, text]]))[0]!);
        } else {
          formatted = valueOf(outcome[0]!);
        }
        result.set(path, formatted);
        options.cache?.set(path, text, formatted);
      }
      const out = new Map<string, string>();
      for (const [path] of entries) out.set(path, result.get(path)!);
      return out;
    },
    async close() {
      await pool?.close();
    },
  };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

function valueOf<T>(settled: Settled<T>): T {
  if (!settled.ok) throw settled.error;
  return settled.value;
}

/**
 * The error names the file: prettier's message alone (a syntax error in a template) does not.
 * `file` says which, for a caller that knows where the file came from (emit/template-failure.ts).
 */
function naming(path: string, err: Error): Error {
  return Object.assign(new Error(`${path}: ${err.message}`), { name: err.name, file: path });
}

/** One batch, formatted and closed: for callers with everything at hand. */
export async function formatFiles(files: Map<string, string>, options: FormatOptions = {}): Promise<Map<string, string>> {
  const formatter = createFormatter(options);
  try {
    return await formatter.format(files);
  } finally {
    await formatter.close();
  }
}

/** One file at a time: formatting them all at once keeps every syntax tree alive together. */
async function formatHere(jobs: Array<[string, string]>): Promise<Array<Settled<string>>> {
  const out: Array<Settled<string>> = [];
  if (jobs.length === 0) return out;
  // Loaded only when there is something to format: most runs have nothing (see above).
  const { format } = await import("prettier");
  for (const [path, text] of jobs) {
    try {
      out.push({ ok: true, value: await format(text, { ...OPTIONS, filepath: path }) });
    } catch (err) {
      out.push({ ok: false, error: naming(path, err as Error) });
    }
  }
  return out;
}

/** Largest files first, so no worker is left with a big one at the end. */
function formatInPool(pool: WorkerPool<{ path: string; text: string }, string>, jobs: Array<[string, string]>): Promise<Array<Settled<string>>> {
  const results: Array<Promise<Settled<string>>> = new Array(jobs.length);
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]![1].length - jobs[a]![1].length);
  for (const i of order) {
    const [path, text] = jobs[i]!;
    results[i] = pool.run({ path, text }).then(
      (value) => ({ ok: true as const, value }),
      (err: Error) => ({ ok: false as const, error: naming(path, err) }),
    );
  }
  return Promise.all(results);
}
