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
import { serialize } from "node:v8";
import { Worker, type ResourceLimits } from "node:worker_threads";

/**
 * The bootstrap every worker runs: plain CommonJS, so it needs no loader itself. Besides jobs sent
 * one by one, it takes jobs from shared queues (WorkerPool.runAll): each job's serialized input
 * in its own SharedArrayBuffer, and a shared counter every worker claims the next index from.
 */
const BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
const { deserialize } = require("node:v8");
const ready = (async () => {
  if (workerData.tsx) {
    const api = await import(workerData.tsx);
    api.register();
  }
  return import(workerData.module);
})();
const run = async (id, input) => {
  try {
    const { handle } = await ready;
    parentPort.postMessage({ id, output: await handle(input, workerData.options) });
  } catch (err) {
    parentPort.postMessage({ id, error: { name: err && err.name, message: String(err && err.message ? err.message : err) } });
  }
};
const queues = [];
let claimed = 0;
const claim = () => {
  while (queues.length > 0 && claimed < workerData.jobsPerWorker) {
    const queue = queues[0];
    const index = Atomics.add(queue.next, 0, 1);
    if (index >= queue.inputs.length) {
      queues.shift();
      continue;
    }
    const input = deserialize(new Uint8Array(queue.inputs[index]));
    // Every index up to this one is claimed: this thread's handles of their memory go.
    queue.inputs.fill(undefined, 0, index + 1);
    claimed++;
    run(queue.firstId + index, input).finally(() => {
      claimed--;
      claim();
    });
  }
};
parentPort.on("message", (message) => {
  if (message.queue) {
    queues.push(message.queue);
    claim();
  } else run(message.id, message.input);
});
`;

interface Answer<Out> {
  resolve(output: Out): void;
  reject(err: Error): void;
}

interface Job<In, Out> extends Answer<Out> {
  id: number;
  input: In;
}

type Reply<Out> = { id: number; output?: Out; error?: { name?: string; message: string } };

/** Jobs given at once (runAll), as the workers read them: a serialized input per job, and the next index to claim. */
interface SharedQueue {
  firstId: number;
  inputs: Array<SharedArrayBuffer | undefined>;
  next: Int32Array;
}

export class WorkerPool<In, Out> {
  private readonly workers: Worker[] = [];
  /** Jobs each worker holds now. */
  private readonly load = new Map<Worker, number>();
  private readonly queue: Array<Job<In, Out>> = [];
  private readonly running = new Map<number, { worker: Worker; job: Job<In, Out> }>();
  /** Jobs of shared queues, unanswered; queues with jobs still to claim, for workers added later. */
  private readonly queued = new Map<number, Answer<Out>>();
  private readonly queues: SharedQueue[] = [];
  private readonly workerData: unknown;
  private nextId = 0;
  private failure: Error | undefined;
  private closed = false;

  /**
   * `module`: the URL of a module exporting `handle(input, options)`; `options` is given to every
   * call. `jobsPerWorker` above 1 suits an async `handle` that waits on something outside its
   * thread (a child process): the worker starts its next job meanwhile. `resourceLimits`: each
   * worker's heap limits, as node:worker_threads takes them (V8's own sizes where absent).
   */
  constructor(
    module: URL,
    size: number,
    options?: unknown,
    private readonly jobsPerWorker = 1,
    private readonly resourceLimits?: ResourceLimits,
  ) {
    this.workerData = { module: module.href, options, jobsPerWorker, tsx: module.pathname.endsWith(".ts") ? tsxApi() : undefined };
    this.grow(size);
  }

  /** Starts `count` more workers (none once closed); they take jobs of shared queues still unclaimed at once. */
  grow(count: number): void {
    for (let i = 0; i < count && !this.closed; i++) {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: this.workerData, ...(this.resourceLimits ? { resourceLimits: this.resourceLimits } : {}) });
      worker.on("message", (reply: Reply<Out>) => this.done(reply));
      worker.on("error", (err) => this.fail(err));
      worker.on("exit", (code) => {
        if (code !== 0 || this.load.get(worker)! > 0) this.fail(new Error(`worker thread exited with code ${code}`));
      });
      this.workers.push(worker);
      this.load.set(worker, 0);
      for (const queue of this.queues) worker.postMessage({ queue: this.unclaimed(queue) });
    }
    this.dispatch();
  }

  get size(): number {
    return this.workers.length;
  }

  /** close() was called: the threads are stopped or stopping, and none starts again. */
  get stopped(): boolean {
    return this.closed;
  }

  run(input: In): Promise<Out> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Every input at once, for the workers to take from shared memory as they have room
   * (`jobsPerWorker` each): unlike run(), which hands a worker its next job when this thread hears
   * it is done, they stay busy while this thread runs without yielding. Each input is serialized
   * now, and deserialized only by the worker that takes it.
   */
  runAll(inputs: In[]): Array<Promise<Out>> {
    const firstId = this.nextId;
    this.nextId += inputs.length;
    const answers = inputs.map(
      (_input, i) =>
        new Promise<Out>((resolve, reject) => {
          if (this.failure) reject(this.failure);
          else this.queued.set(firstId + i, { resolve, reject });
        }),
    );
    if (this.failure || inputs.length === 0) return answers;
    const queue: SharedQueue = { firstId, inputs: inputs.map(sharedCopy), next: new Int32Array(new SharedArrayBuffer(4)) };
    this.queues.push(queue);
    for (const worker of this.workers) worker.postMessage({ queue });
    return answers;
  }

  /**
   * Claims for this thread the next job of runAll's inputs that no worker has taken, through the
   * counter the workers claim from, so that each job runs once: its index among the inputs of the
   * runAll call that queued it, and the settle of that call's answer for it (an Error rejects it).
   * undefined when every job is claimed.
   */
  claimQueued(): { index: number; settle(output: Out | Error): void } | undefined {
    for (const queue of this.queues) {
      const index = Atomics.add(queue.next, 0, 1);
      if (index >= queue.inputs.length) continue;
      const id = queue.firstId + index;
      return {
        index,
        settle: (output) => {
          const answer = this.queued.get(id);
          this.queued.delete(id);
          this.forgetClaimed();
          if (output instanceof Error) answer?.reject(output);
          else answer?.resolve(output);
        },
      };
    }
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
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
    let job: Answer<Out> | undefined;
    if (entry) {
      this.running.delete(reply.id);
      this.load.set(entry.worker, this.load.get(entry.worker)! - 1);
      job = entry.job;
    } else {
      job = this.queued.get(reply.id);
      this.queued.delete(reply.id);
      this.forgetClaimed();
    }
    if (job && reply.error) {
      const err = new Error(reply.error.message);
      if (reply.error.name) err.name = reply.error.name;
      job.reject(err);
    } else job?.resolve(reply.output as Out);
    this.dispatch();
  }

  /** This thread's handles of claimed inputs go, so their memory is freed once the workers drop theirs; a queue with nothing left to claim goes. */
  private forgetClaimed(): void {
    for (const queue of [...this.queues]) {
      const claimed = Math.min(Atomics.load(queue.next, 0), queue.inputs.length);
      queue.inputs.fill(undefined, 0, claimed);
      if (claimed === queue.inputs.length) this.queues.splice(this.queues.indexOf(queue), 1);
    }
  }

  /** `queue` as a worker added now needs it: without the inputs already claimed. */
  private unclaimed(queue: SharedQueue): SharedQueue {
    this.forgetClaimed();
    return queue;
  }

  /** A dead worker fails what it ran and everything still queued: no job waits forever. */
  private fail(err: Error): void {
    this.failure ??= err;
    for (const job of [...[...this.running.values()].map((r) => r.job), ...this.queue.splice(0), ...this.queued.values()]) job.reject(err);
    this.running.clear();
    this.queued.clear();
    this.queues.splice(0);
  }
}

/** `input` serialized (as postMessage would) into memory the workers share. */
function sharedCopy(input: unknown): SharedArrayBuffer {
  const bytes = serialize(input);
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  return shared;
}

/** tsx's ESM register API, found through its package.json's exports (require.resolve would give the CommonJS build). */
function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifest), pkg.exports["./esm/api"]!.import.default)).href;
}
