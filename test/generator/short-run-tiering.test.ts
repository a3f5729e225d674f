/**
 * A short run optimizes later (base/short-run-tiering.ts): the command line raises V8's interrupt
 * budget once its run knows it is short (the cache holds a record of the registry: an edit or
 * nothing to do), never for a cold run, a run without a cache, or a watch session's run, and
 * leaves a budget the user gave node alone.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { optimizeLater, SHORT_RUN_INTERRUPT_BUDGET } from "../../generator/base/short-run-tiering.js";
import { GenerateSession } from "../../generator/generate-session.js";
import { generate } from "../../generator/generate-run.js";
import { REPO_ROOT } from "../support/bin.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-short-run-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("optimizeLater", () => {
  it.each([
    ["node given no budget", ["--import", "tsx"], `--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`],
    ["node given its own budget", ["--interrupt-budget=1000"], undefined],
    ["node given it with underscores", ["--interrupt_budget=1000"], undefined],
    ["an unrelated flag of a similar name", ["--interrupt-budget-for-feedback-allocation=900"], `--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`],
  ])("%s", (_given, execArgv, want) => {
    const set: string[] = [];
    expect(optimizeLater(execArgv, (flags) => set.push(flags))).toBe(want);
    expect(set).toEqual(want ? [want] : []);
  });
});

describe("which runs are short", () => {
  const schemas = join(tmp, "schemas");
  cpSync(join(REPO_ROOT, "schemas"), schemas, { recursive: true });
  const at = { schemas, out: join(tmp, "out"), cache: { dir: join(tmp, "cache") } };
  const edited = join(schemas, "registry.json");

  /** Whether generate called `shortRun` for a run with these options. */
  async function calledFor(options: Partial<Parameters<typeof generate>[0]>, session?: GenerateSession): Promise<boolean> {
    let called = false;
    await generate({ ...at, ...options, shortRun: () => (called = true) }, session);
    return called;
  }

  it.each([
    ["a cold run (the cache holds no record of the registry)", {}, false],
    ["the run after it, with nothing to do", {}, true],
    ["an edit", { edit: true }, true],
    ["a run without a cache", { cache: undefined }, false],
  ] as const)("%s", async (_given, c, want) => {
    const options: Partial<Parameters<typeof generate>[0]> = "cache" in c ? { cache: undefined, out: join(tmp, "out-uncached") } : {};
    if ("edit" in c) writeFileSync(edited, readFileSync(edited, "utf8").replace(/\n$/, " \n"));
    expect(await calledFor(options)).toBe(want);
  }, 120_000);

  it("a watch session's runs: never (the session keeps its own read, and its process is long)", async () => {
    const session = new GenerateSession();
    expect(await calledFor({ out: join(tmp, "out-session") }, session)).toBe(false);
    writeFileSync(edited, readFileSync(edited, "utf8").replace(/\n$/, " \n"));
    expect(await calledFor({ out: join(tmp, "out-session") }, session)).toBe(false);
  }, 120_000);
});
