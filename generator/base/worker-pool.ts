/**
 * A pool of worker threads for one generate run, taking jobs as they come: each worker imports a
 * module of ours and calls its `handle(input, options)` for every job. The pipeline uses it for
 * prettier (write/prettier-worker.ts) and for ajv compiles (validators/compile-worker.ts), the two
 * costs of a large registry that split into independent pieces.
 *
 * Under tests and the bench the generator runs from its TypeScript sources (vitest, tsx); a worker
 * then registers tsx before importing its module. The published package runs compiled JavaScript.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** The bootstrap every worker runs: plain CommonJS, so it needs no loader itself. */
const BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
const ready = (async () => {
  if (workerData.tsx) {
    const api = await import(workerData.tsx);
    api.register();
  }
  return import(workerData.module);
})();
parentPort.on("message", async (job) => {
  try {
    const { handle } = await ready;
    parentPort.postMessage({ id: job.id, output: await handle(job.input, workerData.options) });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: { name: err && err.name, message: String(err && err.message ? err.message : err) } });
  }
});
`;

interface Job<In, Out> {
  id: number;
  input: In;
  resolve(output: Out): void;
  reject(err: Error): void;
}

type Reply<Out> = { id: number; output?: Out; error?: { name?: string; message: string } };

export class WorkerPool<In, Out> {
  private readonly workers: Worker[] = [];
  /** Jobs each worker holds now. */
  private readonly load = new Map<Worker, number>();
  private readonly queue: Array<Job<In, Out>> = [];
  private readonly running = new Map<number, { worker: Worker; job: Job<In, Out> }>();
  private nextId = 0;
  private failure: Error | undefined;

  /**
   * `module`: the URL of a module exporting `handle(input, options)`; `options` is given to every
   * call. `jobsPerWorker` above 1 suits an async `handle` that waits on something outside its
   * thread (a child process): the worker starts its next job meanwhile.
   */
  constructor(
    module: URL,
    size: number,
    options?: unknown,
    private readonly jobsPerWorker = 1,
  ) {
    const workerData = { module: module.href, options, tsx: module.pathname.endsWith(".ts") ? tsxApi() : undefined };
    for (let i = 0; i < size; i++) {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData });
      worker.on("message", (reply: Reply<Out>) => this.done(reply));
      worker.on("error", (err) => this.fail(err));
      worker.on("exit", (code) => {
        if (code !== 0 || this.load.get(worker)! > 0) this.fail(new Error(`worker thread exited with code ${code}`));
      });
      this.workers.push(worker);
      this.load.set(worker, 0);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  run(input: In): Promise<Out> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** The next job to the least loaded worker with room, until there is no room or no job. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      let worker: Worker | undefined;
      for (const w of this.workers) if (this.load.get(w)! < this.jobsPerWorker && (!worker || this.load.get(w)! < this.load.get(worker)!)) worker = w;
      if (!worker) return;
      const job = this.queue.shift()!;
      this.load.set(worker, this.load.get(worker)! + 1);
      this.running.set(job.id, { worker, job });
      worker.postMessage({ id: job.id, input: job.input });
    }
  }

  private done(reply: Reply<Out>): void {
    const entry = this.running.get(reply.id);
    if (entry) {
      const { worker, job } = entry;
      this.running.delete(reply.id);
      this.load.set(worker, this.load.get(worker)! - 1);
      if (reply.error) {
        const err = new Error(reply.error.message);
        if (reply.error.name) err.name = reply.error.name;
        job.reject(err);
      } else job.resolve(reply.output as Out);
    }
    this.dispatch();
  }

  /** A dead worker fails what it ran and everything still queued: no job waits forever. */
  private fail(err: Error): void {
    this.failure ??= err;
    for (const job of [...[...this.running.values()].map((r) => r.job), ...this.queue.splice(0)]) job.reject(err);
    this.running.clear();
  }
}

/** tsx's ESM register API, found through its package.json's exports (require.resolve would give the CommonJS build). */
function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifest), pkg.exports["./esm/api"]!.import.default)).href;
}
