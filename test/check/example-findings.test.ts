/**
 * The example rule's findings kept per event by its inputs (check/example-rules.ts,
 * ExampleFindingsMemo): a run served from an earlier one reports what a run without the memo
 * reports, and after an edit validates only the edited event's examples. With the generator's
 * cache, an edit reads no stored verdicts of the modules it did not change (schema-set.ts reads a
 * module's verdicts when a validation first asks; "Every schema compiles" is answered by their
 * record alone).
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { Diagnostics, type Diagnostic } from "../../generator/base/diagnostics.js";
import { checkWithValidators } from "../../generator/check/check-registry.js";
import type { ExampleFindingsMemo } from "../../generator/check/lint-rule.js";
import { compile, modelRegistry } from "../../generator/front-end/front-end.js";
import { generate } from "../../generator/generate-run.js";
import { renderPackage } from "../../generator/pipeline.js";
import { CacheStore } from "../../generator/cache/disk-store.js";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { editOneSchema } from "../../bench/generate.js";
import { SPLIT_MODULES_ABOVE } from "../../generator/validators/module-layout.js";
import { readTree } from "../support/tree.js";
import { editJson, registryJson, tempDir, version, writeRegistry } from "../compat/support.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

const RULE = "Every example is valid against its schema";
const order = (examples: unknown) => version({ id: { type: "string" }, total: { type: "number" } }, { required: ["id"], examples });

/** Three events; `placed`'s examples as given. */
function registry(placed: unknown): string {
  const root = tempDir("example-findings");
  dirs.push(root);
  writeRegistry(
    root,
    {
      "order/placed/1.0.json": order(placed),
      "order/placed/1.1.json": order(placed),
      "order/shipped/1.0.json": order([{ id: "o-1" }, { id: 7 }]),
      "order/cancelled/1.0.json": order([{ id: "o-2", total: 3 }]),
    },
    registryJson(),
  );
  return root;
}

/** A memo in memory, as the disk cache keeps it: through JSON. */
function memoryMemo(): ExampleFindingsMemo & { hits: number; sets: number } {
  const kept = new Map<string, string>();
  const memo = {
    hits: 0,
    sets: 0,
    get: (key: string) => {
      const text = kept.get(key);
      if (text !== undefined) memo.hits++;
      return text === undefined ? undefined : (JSON.parse(text) as Diagnostic[]);
    },
    set: (key: string, findings: Diagnostic[]) => {
      memo.sets++;
      kept.set(key, JSON.stringify(findings));
    },
  };
  return memo;
}

/** The example rule's reports for the registry at `root`, with `memo` when given. */
function exampleReports(root: string, memo?: ExampleFindingsMemo): Diagnostic[] {
  const modelled = modelRegistry(root);
  const compiled = compile(modelled);
  const report = new Diagnostics();
  checkWithValidators(modelled.model, compiled.schemas, report, memo ? { exampleFindings: memo } : {});
  return report.list.filter((d) => d.rule === RULE).sort((a, b) => `${a.file}${a.pointer}${a.message}`.localeCompare(`${b.file}${b.pointer}${b.message}`));
}

describe("the example rule's findings by event inputs", () => {
  it.each([
    { given: "every example valid", placed: [{ id: "p-1" }] },
    { given: "an example of the wrong type in two versions", placed: [{ id: "p-1" }, { id: "p-2", total: "ten" }] },
  ])("$given: a run served from the first reports what a run without the memo reports", ({ placed }) => {
    const root = registry(placed);
    const fresh = exampleReports(root);
    // order.shipped's second example is invalid whatever the case: there is always something to report.
    expect(fresh.length).toBeGreaterThan(0);
    const memo = memoryMemo();
    expect(exampleReports(root, memo)).toEqual(fresh);
    expect([memo.hits, memo.sets]).toEqual([0, 3]);
    expect(exampleReports(root, memo)).toEqual(fresh);
    expect([memo.hits, memo.sets]).toEqual([3, 3]);
  });

  it.each([
    { given: "a valid example made invalid", edit: (s: any) => (s.examples = [{ id: 1 }]) },
    { given: "an invalid example made valid", edit: (s: any) => (s.examples = [{ id: "o-1" }]) },
    { given: "the schema changed under its examples", edit: (s: any) => (s.properties.id = { type: "integer" }) },
  ])("after an edit of one event ($given), only its examples are validated again, and the reports are an unmemoized run's", ({ edit }) => {
    const root = registry([{ id: "p-1" }]);
    const memo = memoryMemo();
    exampleReports(root, memo);
    editJson(root, "order/shipped/1.0.json", edit);
    memo.hits = memo.sets = 0;
    expect(exampleReports(root, memo)).toEqual(exampleReports(root));
    expect([memo.hits, memo.sets]).toEqual([2, 1]);
  });
});

describe("an edit reads no stored verdicts of the modules it did not change", () => {
  it("a split registry, cold then one event edited: no module's verdicts read, the output an uncached run's", async () => {
    const root = tempDir("example-findings-split");
    dirs.push(root);
    const at = { schemas: join(root, "schemas"), out: join(root, "out"), cache: join(root, "cache") };
    const { versions } = writeSyntheticRegistry(at.schemas, { events: 200 });
    expect(versions).toBeGreaterThan(SPLIT_MODULES_ABOVE);
    await generate({ schemas: at.schemas, out: at.out, cache: { dir: at.cache } });
    expect(readdirSync(join(at.out, "validators"), { recursive: true }).filter((f) => String(f).endsWith(".js")).length).toBeGreaterThan(2);
    editOneSchema(at.schemas, 0);
    const spy = vi.spyOn(CacheStore.prototype, "get");
    await generate({ schemas: at.schemas, out: at.out, cache: { dir: at.cache } });
    const reads = (kind: string) => spy.mock.calls.filter(([k]) => k === kind).length;
    const counted = { verdicts: reads("verdicts"), findings: reads("example-findings") };
    spy.mockRestore();
    // The edited module is compiled afresh (its verdicts are this run's); the rest are known by
    // their records, and their examples' findings are served by event.
    expect(counted.verdicts).toBe(0);
    expect(counted.findings).toBeGreaterThan(0);
    const uncached = await renderPackage({ schemas: at.schemas, out: at.out });
    const written = readTree(at.out);
    expect([...written.keys()].sort()).toEqual([...uncached.keys()].sort());
    for (const [path, content] of uncached) expect(written.get(path), path).toBe(content);
  }, 240_000);
});
