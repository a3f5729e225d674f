/**
 * The worker pool hands a worker as many jobs at once as it is allowed: one by default, more for
 * an async handle that waits outside its thread (the compile workers wait on esbuild's process).
 */
import { describe, expect, it } from "vitest";
import { WorkerPool } from "../../generator/base/worker-pool.js";

const MODULE = new URL("../support/overlap-worker.ts", import.meta.url);

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
