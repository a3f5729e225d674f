/**
 * base/collect-garbage.ts: a full collection of the calling thread's heap on demand, in a process
 * node started without --expose-gc (as `jetschema generate` is).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const module = JSON.stringify(pathToFileURL(join(process.cwd(), "generator/base/collect-garbage.ts")).href);

describe("collectGarbage", () => {
  it.each([
    { given: "without a collection", collect: false, want: (before: number, after: number) => expect(after).toBeGreaterThan(before * 0.8) },
    { given: "collected", collect: true, want: (before: number, after: number) => expect(after).toBeLessThan(before * 0.25) },
  ])("$given: the heap in use after 200 MB of dropped data", ({ collect, want }) => {
    const script = `const { collectGarbage } = await import(${module});
let garbage = [];
for (let i = 0; i < 200_000; i++) garbage.push({ i, s: "x".repeat(900) + i });
garbage = undefined;
const before = process.memoryUsage().heapUsed;
${collect ? "collectGarbage(); collectGarbage();" : ""}
console.log(before, process.memoryUsage().heapUsed, typeof globalThis.gc);`;
    const [before, after, globalGc] = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" }).trim().split(" ");
    want(Number(before), Number(after));
    // Nothing is added to the program's global scope.
    expect(globalGc).toBe("undefined");
  }, 60_000);
});
