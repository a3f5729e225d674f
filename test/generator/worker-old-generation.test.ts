/**
 * Worker threads started by a generate run get room in their old generation before V8 first
 * collects it (base/worker-old-generation.ts): a worker churning through short-lived data over a
 * small live set, under the growth factor generate sets (base/heap-growth.ts), runs far fewer full
 * collections with it than without. `generate` sets it and `check` does not
 * (test/generator/optimize-later.test.ts); a value the user gave node is left alone
 * (test/generator/v8-flag.test.ts).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { HEAP_GROWING_PERCENT } from "../../generator/base/heap-growth.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-worker-old-generation-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("roomInWorkerOldGenerations", () => {
  it("a worker started after it runs fewer than half the full collections", () => {
    const script = join(tmp, "churn.mjs");
    writeFileSync(
      script,
      `const { roomInWorkerOldGenerations } = await import(${JSON.stringify(pathToFileURL(join(process.cwd(), "generator/base/worker-old-generation.ts")).href)});
if (process.argv[2] === "room") roomInWorkerOldGenerations();
const { Worker } = await import("node:worker_threads");
// ~4 MB live at a time, 300 batches of data that lives long enough to be promoted, in a young
// generation of the compile workers' size (validators/precompile.ts).
const worker = new Worker(\`
const { PerformanceObserver, constants } = require("node:perf_hooks");
let major = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++; }).observe({ entryTypes: ["gc"] });
const keep = [];
for (let round = 0; round < 300; round++) {
  const batch = [];
  for (let i = 0; i < 20000; i++) batch.push({ s: "z".repeat(10) + i + round });
  keep.push(batch);
  if (keep.length > 3) keep.shift();
}
setTimeout(() => require("node:worker_threads").parentPort.postMessage(major), 50);
\`, { eval: true, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 12 } });
worker.on("message", (major) => { console.log(major); process.exit(0); });
`,
    );
    const fullCollections = (mode: string) => Number(execFileSync(process.execPath, [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, "--import", "tsx", script, mode], { encoding: "utf8" }).trim());
    const without = fullCollections("default");
    const withRoom = fullCollections("room");
    expect(withRoom).toBeGreaterThan(0);
    expect(withRoom).toBeLessThan(without * 0.6);
  }, 120_000);
});
