/**
 * A separate generate process with a cache starts its compile worker as soon as it knows the run
 * renders (generate-run.ts, before the pipeline's modules load), and hands it to the compile.
 * Run as the CLI runs, in a child process, on a registry large enough to be split into modules
 * (so a worker is started): the edit's output equals an uncached run's byte for byte, a run whose
 * registry the front end rejects ends (a worker left open would keep the process alive until the
 * timeout) with its usual diagnostic, and a run with nothing to do starts no worker.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { editOneSchema } from "../../bench/generate.js";
import { renderPackage } from "../../generator/pipeline.js";
import { SPLIT_MODULES_ABOVE } from "../../generator/validators/module-layout.js";
import { readTree } from "../support/tree.js";

const ROOT = join(import.meta.dirname, "../..");
const CLI = join(ROOT, "bin/jetschema.js");
const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-compile-ahead-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Required before the CLI: at exit, how many of ajv's compiler modules, yaml's, jsonc-parser's, json-schema-to-typescript's and handlebars' this (the main) thread loaded. */
const MODULES_HOOK = join(tmp, "main-thread-modules.cjs");
writeFileSync(
  MODULES_HOOK,
  `process.on("exit", () => {
    const loaded = (re) => Object.keys(require.cache).filter((k) => re.test(k)).length;
    process.stderr.write("main thread modules " + JSON.stringify({ ajv: loaded(/node_modules[\\/]ajv[\\/]dist[\\/](core|ajv|compile)/), yaml: loaded(/node_modules[\\/]yaml[\\/]/), jsonc: loaded(/node_modules[\\/]jsonc-parser[\\/]/), j2ts: loaded(/node_modules[\\/]json-schema-to-typescript[\\/]/), handlebars: loaded(/node_modules[\\/]handlebars[\\/]/) }) + "\\n");
  });\n`,
);

function generateProcess(at: { schemas: string; out: string; cache: string }, nodeArgs: string[] = []): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const args = [...nodeArgs, CLI, "generate", "--schemas", at.schemas, "--out", at.out, "--cache-dir", at.cache, "--timings"];
    execFile(process.execPath, args, { cwd: ROOT, timeout: 120_000, env: { ...process.env, JETSCHEMA_COMPILE_WORKERS: "" } }, (err, _stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stderr });
    });
  });
}

describe("the compile worker started ahead by a separate process", () => {
  const at = { schemas: join(tmp, "schemas"), out: join(tmp, "out"), cache: join(tmp, "cache") };
  const { versions } = writeSyntheticRegistry(at.schemas, { events: 200 });
  const versionFile = (readdirSync(at.schemas, { recursive: true }) as string[]).filter((f) => /\d+\.\d+\.json$/.test(f)).sort()[3]!;

  it("a large registry, cold then edited: the edit's output is an uncached run's", async () => {
    expect(versions).toBeGreaterThan(SPLIT_MODULES_ABOVE);
    expect((await generateProcess(at)).code).toBe(0);
    editOneSchema(at.schemas, 0);
    const edit = await generateProcess(at, ["--require", MODULES_HOOK]);
    expect(edit.code, edit.stderr).toBe(0);
    // The edit's one module compiles on the worker: this thread never loads ajv's compiler
    // (base/ajv.ts loads it with the first instance); its AsyncAPI sections take yaml's type tests
    // from their copy (emit/asyncapi/yaml-type-tests.ts), and its files all parse natively, so
    // neither yaml nor jsonc-parser is loaded. The worker declares the edited event's types, so
    // json-schema-to-typescript is not loaded here either (that the worker is not stopped under a
    // declaration, which would leave it to this thread, is emit-types-declarations.test.ts's).
    // handlebars, which it does run, is seen loaded.
    const modules = JSON.parse(/main thread modules (.*)/.exec(edit.stderr)![1]!) as Record<"ajv" | "yaml" | "jsonc" | "j2ts" | "handlebars", number>;
    expect(modules.handlebars).toBeGreaterThan(0);
    expect(modules).toMatchObject({ ajv: 0, yaml: 0, jsonc: 0, j2ts: 0 });
    const uncached = await renderPackage({ schemas: at.schemas, out: at.out });
    const written = readTree(at.out);
    expect([...written.keys()].sort()).toEqual([...uncached.keys()].sort());
    for (const [path, content] of uncached) expect(written.get(path), path).toBe(content);
  }, 240_000);

  it("nothing changed since: up to date (the worker starts only once the run is known to render)", async () => {
    const run = await generateProcess(at);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/up-to-date check/);
  }, 120_000);

  it("a file the front end rejects: the process ends with the diagnostic, the output as it was", async () => {
    const before = readTree(at.out);
    const file = join(at.schemas, versionFile);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.slice(0, text.length / 2));
    const run = await generateProcess(at);
    writeFileSync(file, text);
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBe(-1);
    expect(run.stderr).toContain(versionFile);
    expect(readTree(at.out)).toEqual(before);
  }, 120_000);
});
