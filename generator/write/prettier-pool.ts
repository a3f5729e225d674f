/**
 * prettier on worker threads: a pool that lives for one generate run and takes jobs as they come,
 * so the pipeline can hand it the type files while the main thread goes on compiling validators
 * and rendering the catalog. Each worker imports the very prettier module the main thread uses,
 * with the same options, so the output is identical to formatting in this thread.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** The worker: a CommonJS script (no TypeScript loader needed) importing prettier's ESM entry. */
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

interface Job {
  id: number;
  path: string;
  text: string;
  resolve(text: string): void;
  reject(err: Error): void;
}

export class PrettierPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(size: number, options: Record<string, unknown>) {
    const workerData = { prettier: prettierEntry(), options };
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
      worker.on("message", (msg: { id: number; text?: string; error?: { name?: string; message: string } }) => this.done(worker, msg));
      worker.on("error", (err) => this.fail(err));
      worker.on("exit", (code) => {
        if (code !== 0 || this.running.has(worker)) this.fail(new Error(`prettier worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  format(path: string, text: string): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, path, text, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.postMessage({ id: job.id, path: job.path, text: job.text });
    }
  }

  private done(worker: Worker, msg: { id: number; text?: string; error?: { name?: string; message: string } }): void {
    const job = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (job && job.id === msg.id) {
      if (msg.error) {
        const err = new Error(`${job.path}: ${msg.error.message}`);
        if (msg.error.name) err.name = msg.error.name;
        job.reject(err);
      } else job.resolve(msg.text!);
    }
    this.dispatch();
  }

  /** A dead worker fails what it ran and everything still queued: no job waits forever. */
  private fail(err: Error): void {
    this.failure ??= err;
    for (const job of [...this.running.values(), ...this.queue.splice(0)]) job.reject(err);
    this.running.clear();
  }
}
