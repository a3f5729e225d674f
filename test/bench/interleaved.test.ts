/**
 * bench/interleaved.ts: a round's segments run in the order A B B A ..., starting the other way
 * in odd rounds, after the round's set-up, and each side's segments are summed into the round's
 * pair (units per second of wall time; client CPU per unit).
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { interleavedPairs } from "../../bench/interleaved.js";

it("interleaves each round's segments A B B A, after beforeRound, and pairs each side's summed time", async () => {
  const ran: string[] = [];
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // The subject's segments take 60 ms, the baseline's 10: the subject's rate must come out about
  // a sixth of the baseline's (timers fire late on a loaded machine, which pulls it towards 1).
  const got = await interleavedPairs({
    rounds: 2,
    segments: 3,
    units: 10,
    beforeRound: async () => void ran.push("purge"),
    baseline: async () => (ran.push("b"), wait(10)),
    subject: async () => (ran.push("s"), wait(60)),
  });
  expect(ran).toEqual(["purge", "b", "s", "s", "b", "b", "s", "purge", "s", "b", "b", "s", "s", "b"]);
  expect(got.rate).toHaveLength(2);
  expect(got.cpu).toHaveLength(2);
  for (const pair of got.rate) {
    // 30 units in at least 30 ms (baseline) and 180 ms (subject).
    expect(pair.baseline).toBeLessThanOrEqual(1100);
    expect(pair.subject / pair.baseline).toBeGreaterThan(0.1);
    expect(pair.subject / pair.baseline).toBeLessThan(0.8);
  }
  for (const pair of got.cpu) {
    expect(pair.baseline).toBeGreaterThanOrEqual(0);
    expect(pair.subject).toBeGreaterThanOrEqual(0);
  }
});

it.runIf(process.platform === "linux")("keeps the main thread's CPU apart from the other threads' (a worker's spin counts for the process only)", async () => {
  const { Worker } = await import("node:worker_threads");
  // The baseline waits while a worker thread spins; the subject spins on the main thread.
  const worker = new Worker(`const { parentPort } = require("node:worker_threads"); const spin = ${spinCpu.toString()}; parentPort.on("message", (ms) => { spin(ms, require("node:fs").readFileSync); parentPort.postMessage(0); });`, { eval: true });
  const onWorker = (ms: number) => new Promise((resolve) => (worker.once("message", resolve), worker.postMessage(ms)));
  await onWorker(1);
  try {
    const got = await interleavedPairs({
      rounds: 2,
      segments: 2,
      units: 1,
      baseline: () => onWorker(SPIN_MS),
      subject: async () => spinCpu(SPIN_MS, readFileSync),
    });
    expect(got.mainThreadCpu).toHaveLength(2);
    for (const [i, main] of got.mainThreadCpu!.entries()) {
      // Two segments (one unit each) of SPIN_MS of CPU: that much per unit on the subject's main
      // thread and in the baseline's process (the worker), much less on the baseline's main
      // thread, which only waits (a few ms of its own under a loaded CI run: half is the bound; the
      // file runs in a fresh process, so no heap of earlier files is collected meanwhile).
      expect(main.subject).toBeGreaterThanOrEqual(SPIN_MS * 1000);
      expect(main.baseline).toBeLessThan(main.subject / 2);
      expect(got.cpu[i]!.baseline).toBeGreaterThanOrEqual(SPIN_MS * 950);
    }
  } finally {
    await worker.terminate();
  }
});

/** CPU each segment spins for: long enough that the waiting side's own few ms stay well under half. */
const SPIN_MS = 100;

/** Spins until the calling thread has had `ms` of CPU (not of wall time: the machine may be loaded); self-contained, so a worker can run its source. */
function spinCpu(ms: number, read: typeof readFileSync): void {
  const cpuMs = () => Number(read("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
  const until = cpuMs() + ms;
  while (cpuMs() < until);
}
