/**
 * The worker pool hands a worker as many jobs at once as it is allowed: one by default, more for
 * an async handle that waits outside its thread (the compile workers wait on esbuild's process).
 * Jobs given all at once (runAll) are taken by the workers themselves, also while this thread is
 * busy, and by workers added later; this thread can claim the ones no worker took (claimQueued).
 */
import { describe, expect, it } from "vitest";
import { WorkerPool } from "../../generator/base/worker-pool.js";

const MODULE = new URL("../support/overlap-worker.ts", import.meta.url);
const CLAIMING = new URL("../support/claiming-worker.ts", import.meta.url);
const LIMITS = new URL("../support/limits-worker.ts", import.meta.url);

/** Keeps this thread busy, hearing no worker, for `ms`; returns when it ended. */
function blockFor(ms: number): number {
  const end = Date.now() + ms;
  while (Date.now() < end);
  return Date.now();
}

describe("WorkerPool", () => {
  const cases = [
    { given: "one job per worker (the default)", jobsPerWorker: undefined, wantOthers: [0, 0, 0] },
    { given: "two jobs per worker", jobsPerWorker: 2, wantOthers: [0, 1, 1] },
  ];
  for (const { given, jobsPerWorker, wantOthers } of cases) {
    it(`${given}: a job starts beside ${wantOthers.join(", ")} others`, async () => {
      const pool = new WorkerPool<number, number>(MODULE, 1, undefined, jobsPerWorker);
      try {
        // The second job outlasts the first by far, so the third starts while it still runs.
        expect(await Promise.all([pool.run(100), pool.run(2000), pool.run(0)])).toEqual(wantOthers);
      } finally {
        await pool.close();
      }
    }, 30_000);
  }
});

describe("WorkerPool.runAll", () => {
  it("the workers take every job while this thread is busy", async () => {
    const pool = new WorkerPool<number, { endedAt: number }>(CLAIMING, 1, undefined, 2);
    try {
      const jobs = pool.runAll([50, 50, 50, 50, 50, 50]);
      // Once the worker runs (it loads tsx first), keep this thread from hearing it.
      await jobs[0];
      const unblocked = blockFor(1500);
      const ended = (await Promise.all(jobs.slice(1))).map((r) => r.endedAt);
      expect(ended.filter((t) => t > unblocked)).toEqual([]);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it("a worker added later takes jobs still queued", async () => {
    const pool = new WorkerPool<number, { threadId: number }>(CLAIMING, 1);
    try {
      const jobs = pool.runAll(Array.from({ length: 8 }, () => 300));
      pool.grow(1);
      expect(new Set((await Promise.all(jobs)).map((r) => r.threadId)).size).toBe(2);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it("this thread claims the jobs no worker took, each once, and settles their answers", async () => {
    const pool = new WorkerPool<number, { threadId: number }>(CLAIMING, 1);
    try {
      const inputs = Array.from({ length: 8 }, () => 200);
      const jobs = pool.runAll(inputs);
      await jobs[0];
      const here: number[] = [];
      for (let claimed = pool.claimQueued(); claimed; claimed = pool.claimQueued()) {
        here.push(claimed.index);
        claimed.settle(claimed.index === 7 ? new RangeError("failed here") : { threadId: -inputs[claimed.index]! });
      }
      const settled = await Promise.allSettled(jobs);
      const ranHere = settled.flatMap((s, i) => (s.status === "rejected" || s.value.threadId < 0 ? [i] : []));
      // The worker had run job 0 and held at most one more when this thread began claiming; the
      // rest ran here, each once, in the order claimed. Which ones is a race: the worker claims its
      // next job after it posts its answer, so this thread, hearing it, may claim first (here
      // [1, 3, ...], the worker's second job 2).
      expect(here.length).toBeGreaterThan(4);
      expect(ranHere).toEqual(here);
      expect(here).not.toContain(0);
      expect(here).toEqual([...new Set(here)].sort((a, b) => a - b));
      expect(settled.filter((s) => s.status === "fulfilled" && s.value.threadId > 0).length).toBe(8 - here.length);
      expect((settled[7] as PromiseRejectedResult).reason).toMatchObject({ message: "failed here" });
      expect(pool.claimQueued()).toBeUndefined();
    } finally {
      await pool.close();
    }
  }, 30_000);

  it("a job that throws fails alone", async () => {
    const pool = new WorkerPool<number, { threadId: number }>(CLAIMING, 1, undefined, 2);
    try {
      const settled = await Promise.allSettled(pool.runAll([10, -1, 10]));
      expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ name: "RangeError", message: "cannot wait -1 ms" });
    } finally {
      await pool.close();
    }
  }, 30_000);
});

describe("WorkerPool's resourceLimits", () => {
  // V8 sizes a worker's young generation like the main thread's (48 MB here) unless told.
  const cases = [
    { given: "none", limits: undefined, wantYoung: (mb?: number) => expect(mb).not.toBe(12) },
    { given: "a 12 MB young generation", limits: { maxYoungGenerationSizeMb: 12 }, wantYoung: (mb?: number) => expect(mb).toBe(12) },
  ];
  for (const { given, limits, wantYoung } of cases) {
    it(`${given}: every worker, also one added later, starts with it`, async () => {
      const pool = new WorkerPool<number, { threadId: number; maxYoungGenerationSizeMb?: number }>(LIMITS, 1, undefined, 1, limits);
      try {
        const jobs = pool.runAll(Array.from({ length: 8 }, () => 300));
        pool.grow(1);
        const reported = await Promise.all(jobs);
        expect(new Set(reported.map((r) => r.threadId)).size).toBe(2);
        for (const r of reported) wantYoung(r.maxYoungGenerationSizeMb);
      } finally {
        await pool.close();
      }
    }, 30_000);
  }
});
