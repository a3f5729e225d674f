/**
 * A package given to loadedOnFirstUse (base/loaded-on-first-use.ts) is loaded by the getter's first
 * call, not when the getter is made, and once: later calls give the same exports.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadedOnFirstUse } from "../../generator/base/loaded-on-first-use.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-loaded-on-first-use-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  delete (globalThis as { jetschemaLoads?: number }).jetschemaLoads;
});

describe("loadedOnFirstUse", () => {
  it("loads the package on the getter's first call, once", () => {
    const counter = globalThis as { jetschemaLoads?: number };
    counter.jetschemaLoads = 0;
    const file = join(tmp, "counting.cjs");
    writeFileSync(file, "globalThis.jetschemaLoads++;\nmodule.exports = { made: Symbol('exports') };\n");
    const counting = loadedOnFirstUse<{ made: symbol }>(file);
    expect(counter.jetschemaLoads).toBe(0);
    const first = counting();
    expect(counter.jetschemaLoads).toBe(1);
    expect(counting()).toBe(first);
    expect(counter.jetschemaLoads).toBe(1);
  });
});
