/**
 * The generator bounds how far V8's heap grows past what is live (base/heap-growth.ts): a run
 * that churns through short-lived data peaks near twice its live set instead of up to four
 * times; a factor the user gave node is left alone (test/generator/v8-flag.test.ts).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-heap-growth-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("boundHeapGrowth", () => {
  it("a process churning through short-lived data peaks far lower with it than without", () => {
    // 150 MB kept live, then 400 rounds of data that survives long enough to reach the old generation.
    const script = join(tmp, "churn.mjs");
    writeFileSync(
      script,
      `const { boundHeapGrowth } = await import(${JSON.stringify(pathToFileURL(join(process.cwd(), "generator/base/heap-growth.ts")).href)});
if (process.argv[2] === "bound") boundHeapGrowth();
const live = [];
for (let i = 0; i < 150_000; i++) live.push({ i, s: "x".repeat(900) + i });
let max = 0, window = [];
for (let round = 0; round < 400; round++) {
  for (let i = 0; i < 5000; i++) window.push({ round, s: "y".repeat(900) + i });
  if (window.length > 50_000) window = window.slice(25_000);
  max = Math.max(max, process.memoryUsage().heapUsed);
}
console.log(Math.round(max / 2 ** 20), live.length);
`,
    );
    const peakMiB = (mode: string) => Number(execFileSync(process.execPath, ["--import", "tsx", script, mode], { encoding: "utf8" }).split(" ")[0]);
    const unbounded = peakMiB("default");
    const bounded = peakMiB("bound");
    expect(bounded).toBeGreaterThan(150);
    expect(bounded).toBeLessThan(unbounded * 0.75);
    // ~10 s on a quiet two-core machine; two processes allocating gigabytes each take minutes
    // when the suite's other files load both cores.
  }, 180_000);
});
