/**
 * Emitted files go through prettier, with the parser its extension calls for, except the ajv
 * standalone validators: machine code of ~20 KB per schema that nobody reads, which prettier
 * would spend most of a generate run on. ajv emits them one statement per line (`code.lines`),
 * so their diffs stay readable.
 *
 * prettier is most of a cold generate (markdown pages especially), so:
 * - with a cache, a file whose unformatted text was formatted before is not formatted again;
 * - when there is much left to format, it is spread over worker threads, one per core. Each
 *   worker loads the same prettier module with the same options, so the output is identical.
 */
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { format } from "prettier";
import { flatCopy } from "../cache/flat-text.js";

/** validators/<dialect>.js, or validators/<dialect>/<group>.js when a large registry is split. */
const UNFORMATTED = /^validators\/(?:[^/]+\/)?[^/]+\.js$/;

const OPTIONS = { printWidth: 100 } as const;

/** Below this much unformatted text, starting workers (each loads prettier) costs more than it saves. */
const PARALLEL_FROM_CHARS = 400_000;
const CHARS_PER_WORKER = 200_000;

/**
 * Flat copies of emitted texts (see cache/flat-text.ts): the ropes concatenation builds still point
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
   * else one per core when there is enough to format, else none.
   */
  workers?: number;
}

function defaultWorkers(chars: number): number {
  const env = process.env.JETSCHEMA_FORMAT_WORKERS;
  if (env !== undefined && env !== "" && Number.isInteger(Number(env))) return Number(env);
  return chars >= PARALLEL_FROM_CHARS ? availableParallelism() : 0;
}

export async function formatFiles(files: Map<string, string>, options: FormatOptions = {}): Promise<Map<string, string>> {
  const entries = [...files].sort(([a], [b]) => a.localeCompare(b));
  const result = new Map<string, string>();
  const todo: Array<[string, string]> = [];
  for (const [path, text] of entries) {
    const cached = UNFORMATTED.test(path) ? text : options.cache?.get(path, text);
    if (cached !== undefined) result.set(path, cached);
    else todo.push([path, text]);
  }
  const chars = todo.reduce((n, [, text]) => n + text.length, 0);
  const workers = Math.min(options.workers ?? defaultWorkers(chars), Math.ceil(chars / CHARS_PER_WORKER), 8);
  const formatted = workers >= 1 ? await formatInWorkers(todo, workers) : await formatHere(todo);
  todo.forEach(([path, text], i) => {
    result.set(path, formatted[i]!);
    options.cache?.set(path, text, formatted[i]!);
  });
  // Sorted by path, as an uncached run returns them.
  const out = new Map<string, string>();
  for (const [path] of entries) out.set(path, result.get(path)!);
  return out;
}

/** One file at a time: formatting them all at once keeps every syntax tree alive together. */
async function formatHere(jobs: Array<[string, string]>): Promise<string[]> {
  const out: string[] = [];
  for (const [path, text] of jobs) out.push(await format(text, { ...OPTIONS, filepath: path }));
  return out;
}

/** The worker: a CommonJS script (no TypeScript loader needed) importing the same prettier module. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const prettier = import(workerData.prettier);
parentPort.on("message", async (job) => {
  try {
    const { format } = await prettier;
    parentPort.postMessage({ id: job.id, text: await format(job.text, { ...workerData.options, filepath: job.path }) });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: { name: err && err.name, message: String(err && err.message ? err.message : err) } });
  }
});
`;

function prettierEntry(): string {
  // The ESM entry next to the package.json this module resolves: the very prettier the main
  // thread imported, whatever node_modules layout installed it.
  const require = createRequire(import.meta.url);
  return pathToFileURL(join(dirname(require.resolve("prettier/package.json")), "index.mjs")).href;
}

/** Formats `jobs` on `count` worker threads, largest files first, each worker taking the next job when done. */
async function formatInWorkers(jobs: Array<[string, string]>, count: number): Promise<string[]> {
  const results: string[] = new Array(jobs.length);
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]![1].length - jobs[a]![1].length);
  let next = 0;
  const pool = Array.from({ length: count }, () => new Worker(WORKER_SOURCE, { eval: true, workerData: { prettier: prettierEntry(), options: OPTIONS } }));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= order.length) return resolve();
              const id = order[next++]!;
              worker.postMessage({ id, path: jobs[id]![0], text: jobs[id]![1] });
            };
            worker.on("message", (msg: { id: number; text?: string; error?: { name?: string; message: string } }) => {
              if (msg.error) {
                const err = new Error(`${jobs[msg.id]![0]}: ${msg.error.message}`);
                if (msg.error.name) err.name = msg.error.name;
                return reject(err);
              }
              results[msg.id] = msg.text!;
              give();
            });
            worker.on("error", reject);
            worker.on("exit", (code) => {
              if (next < order.length || code !== 0) reject(new Error(`prettier worker exited with code ${code}`));
            });
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
