/**
 * base/collect-garbage.ts: a full collection of the calling thread's heap on demand when it is above
 * a size, in a process node started without --expose-gc (as `jetschema generate` is).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const module = JSON.stringify(pathToFileURL(join(process.cwd(), "generator/base/collect-garbage.ts")).href);

describe("collectGarbageAbove", () => {
  it.each([
    { given: "a bound above the heap in use", bound: 4096, collected: "false", want: (before: number, after: number) => expect(after).toBeGreaterThan(before * 0.8) },
    { given: "a bound below it", bound: 64, collected: "true", want: (before: number, after: number) => expect(after).toBeLessThan(before * 0.25) },
  ])("$given: the heap in use after 200 MB of dropped data", ({ bound, collected, want }) => {
    const script = `const { collectGarbageAbove } = await import(${module});
let garbage = [];
for (let i = 0; i < 200_000; i++) garbage.push({ i, s: "x".repeat(900) + i });
garbage = undefined;
const before = process.memoryUsage().heapUsed;
const collected = collectGarbageAbove(${bound});
console.log(before, process.memoryUsage().heapUsed, typeof globalThis.gc, collected);`;
    const [before, after, globalGc, said] = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" }).trim().split(" ");
    want(Number(before), Number(after));
    expect(said).toBe(collected);
    // Nothing is added to the program's global scope.
    expect(globalGc).toBe("undefined");
  }, 60_000);
});
