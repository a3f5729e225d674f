/**
 * bin/jetschema.js runs the bundle `npm run build` makes of the generator's modules
 * (tools/bundle-cli.mjs): the command line, its commands' chunks and the worker threads' entries
 * come from dist/generator/bundle/, none of tsc's ~150 modules one by one. Checked by running a
 * copy of the package that holds the bundle and none of tsc's modules, on a registry large enough
 * to start compile workers: it generates what an in-process run of the sources does.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { generate } from "../../generator/generate-run.js";
import { assertBuilt, REPO_ROOT, runBin, type BinRun } from "../support/bin.js";
import { listTree, readTree } from "../support/tree.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-bundle-"));
const pkg = join(tmp, "jetschema");
let run: BinRun;

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  assertBuilt();
  for (const part of ["package.json", "bin", "templates", "generator/load/registry.schema.json", "dist/generator/bundle"]) {
    mkdirSync(dirname(join(pkg, part)), { recursive: true });
    cpSync(join(REPO_ROOT, part), join(pkg, part), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(pkg, "node_modules"));
  // Above the module split (200 schemas of a dialect), so that the compile runs on worker threads.
  writeSyntheticRegistry(join(tmp, "schemas"), { events: 220 });
  run = await runBin(["generate", "--schemas", "schemas", "--out", "out", "--no-cache"], { cwd: tmp, timeoutMs: 240_000, bin: join(pkg, "bin/jetschema.js") });
}, 300_000);

describe("the command line bundled", () => {
  it("the copy holds the bundle and none of tsc's modules", () => {
    const generatorFiles = listTree(join(pkg, "dist/generator"));
    expect(generatorFiles).toContain("bundle/main.js");
    expect(generatorFiles).toContain("bundle/compile-worker.js");
    expect(generatorFiles.filter((file) => !file.startsWith("bundle/"))).toEqual([]);
  });

  it("generates from the bundle alone, compile workers included, what an in-process run of the sources writes", async () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    await generate({ schemas: join(tmp, "schemas"), out: join(tmp, "in-process") });
    const bundled = readTree(join(tmp, "out"));
    expect(bundled.size).toBeGreaterThan(400);
    expect(bundled).toEqual(readTree(join(tmp, "in-process")));
  }, 240_000);
});
