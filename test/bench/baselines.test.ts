/**
 * bench/baselines.ts's runProcess: the CPU time it reports is the whole process's, its child
 * processes included, reaped or still running at exit (esbuild's service is one that lives until
 * the generator exits).
 */
import { describe, expect, it } from "vitest";
import { runProcess } from "../../bench/baselines.js";

/** A child that spins `ms` of CPU, then (when `thenWait`) says so and sleeps until it is killed. */
const child = (ms: number, thenWait: boolean) =>
  JSON.stringify(`const end = process.cpuUsage().user + ${ms * 1000}; while (process.cpuUsage().user < end); ${thenWait ? "console.log('spun'); setInterval(() => {}, 1000);" : ""}`);

describe("runProcess's CPU time", () => {
  it.each([
    { given: "the process alone", script: "", atLeast: 0, below: 400 },
    { given: "a child it waited for", script: `require("node:child_process").execFileSync(process.execPath, ["-e", ${child(500, false)}]);`, atLeast: 500, below: Infinity },
    {
      given: "a child still running when it exits",
      script: `const c = require("node:child_process").spawn(process.execPath, ["-e", ${child(500, true)}]); c.stdout.once("data", () => { process.on("exit", () => c.kill()); process.exit(0); });`,
      atLeast: 500,
      below: Infinity,
    },
  ])("counts $given", async ({ script, atLeast, below }) => {
    const run = await runProcess(["-e", script || "0"]);
    expect(run.cpuMs).toBeGreaterThanOrEqual(atLeast);
    expect(run.cpuMs).toBeLessThan(below);
    expect(run.rssMiB).toBeGreaterThan(10);
  });
});
