/**
 * Validator modules compiled on worker threads (validators/precompile.ts) give exactly what compiling
 * in the main thread gives: the same files byte for byte, and for a broken registry the same
 * diagnostics (a worker that meets a problem leaves the module to the main thread, which reports
 * it with its file and pointer). JETSCHEMA_COMPILE_WORKERS forces the choice either way; a large
 * registry uses workers by default (covered by cache.test.ts's split-registry case).
 */
import { afterEach, describe, expect, it } from "vitest";
import { RegistryError } from "../../generator/base/diagnostics.js";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { EXIT } from "../../generator/cli/exit-codes.js";
import { checkRegistryAt, compileForPackage } from "../../generator/front-end/front-end.js";
import { renderPackage } from "../../generator/pipeline.js";
import { moduleCode, moduleCodeKey } from "../../generator/validators/module-code.js";
import { moduleExports, SPLIT_MODULES_ABOVE, validatorModules } from "../../generator/validators/module-layout.js";
import { compilePool, compileWorkerAhead, compileWorkers, PrecompiledModules, type CompilePool } from "../../generator/validators/precompile.js";
import type { ModuleVerdicts } from "../../generator/validators/schema-set.js";
import { handle } from "../../generator/validators/compile-worker.js";
import { WARM_UP_JOB } from "../../generator/validators/warm-up-job.js";
import { assertBuilt, runBin } from "../support/bin.js";

const ENV = "JETSCHEMA_COMPILE_WORKERS";
const saved = process.env[ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[ENV];
  else process.env[ENV] = saved;
});

async function render(schemas: string, workers: number) {
  process.env[ENV] = String(workers);
  return renderPackage({ schemas, out: "unused" });
}

async function diagnostics(schemas: string, workers: number) {
  process.env[ENV] = String(workers);
  try {
    await renderPackage({ schemas, out: "unused" });
  } catch (err) {
    if (err instanceof RegistryError) return err.diagnostics.map((d) => ({ file: d.file, pointer: d.pointer, rule: d.rule, message: d.message }));
    throw err;
  }
  throw new Error(`${schemas} rendered, but it is broken`);
}

describe("validator modules compiled on worker threads", () => {
  it.each(["schemas", "test/fixtures/good/features"])("%s: the package is byte-identical to compiling in this thread", async (schemas) => {
    const { model } = checkRegistryAt(schemas);
    expect(validatorModules(model).length).toBeGreaterThan(0);
    const here = await render(schemas, 0);
    const threaded = await render(schemas, 2);
    expect([...threaded.keys()]).toEqual([...here.keys()]);
    for (const [path, text] of here) expect(threaded.get(path), path).toBe(text);
  });

  it("answers for every module from the workers: verdicts of each example, and the module's code", async () => {
    process.env[ENV] = "2";
    const { model, schemas } = checkRegistryAt("test/fixtures/good/features", { standalone: true });
    const pre = new PrecompiledModules();
    await pre.compile(model, schemas, 2);
    const withExamples = model.majors.flatMap((m) => m.versions).filter((v) => Array.isArray(v.doc.schema.examples));
    expect(withExamples.length).toBeGreaterThan(0);
    for (const module of schemas.modules()) {
      const verdicts = pre.verdicts.load(schemas.moduleKey(module.path));
      expect(verdicts, module.path).toBeDefined();
      for (const v of withExamples.filter((x) => module.files.includes(x.file))) {
        // Every example of the version, judged valid (they passed lint) by the worker.
        for (const answer of Object.values(verdicts![v.file]!)) expect(answer[0]).toBe(true);
        expect(Object.keys(verdicts![v.file]!).length).toBeGreaterThanOrEqual(new Set((v.doc.schema.examples as unknown[]).map((e) => JSON.stringify(e))).size);
      }
      const exported = moduleExports(model, module);
      const code = pre.code.get(moduleCodeKey(schemas.moduleKey(module.path), exported));
      expect(code, module.path).toEqual(moduleCode(schemas.moduleAjv(module.path), exported));
    }
  });

  it("compiles every module while this thread stays busy emitting (one worker fewer until it is done)", async () => {
    process.env[ENV] = "2";
    const { model, schemas } = checkRegistryAt("test/fixtures/good/features", { standalone: true });
    const pre = new PrecompiledModules();
    await pre.compile(model, schemas, 2, new Promise(() => undefined));
    for (const module of schemas.modules()) expect(pre.verdicts.load(schemas.moduleKey(module.path)), module.path).toBeDefined();
  });

  it("reports each module as its worker answers, its verdicts loadable then, before the compile ends; every module once it has ended", async () => {
    process.env[ENV] = "2";
    const { model, schemas } = checkRegistryAt("test/fixtures/good/features", { standalone: true });
    const pre = new PrecompiledModules();
    let ended = false;
    const compiling = pre.compile(model, schemas, 2).then(() => (ended = true));
    const modules = schemas.modules();
    expect(modules.length).toBeGreaterThan(1);
    const first = await Promise.race(modules.map((m) => pre.reported(m.path).then(() => m)));
    expect(ended).toBe(false);
    expect(pre.verdicts.load(schemas.moduleKey(first.path))).toBeDefined();
    await compiling;
    await Promise.all(modules.map((m) => pre.reported(m.path)));
    await pre.reported("validators/no-such-module");
  });

  it("starts its worker at the first module to compile, so the thread starts while this one keys the others", async () => {
    process.env[ENV] = "2";
    const { model, schemas } = checkRegistryAt("test/fixtures/good/features", { standalone: true });
    expect(schemas.modules().length).toBeGreaterThan(1);
    let keyed = 0;
    const keyedWhenStarted: number[] = [];
    const counting = { ...schemas, moduleKey: (path: string) => (keyed++, schemas.moduleKey(path)) };
    const pre = new PrecompiledModules({}, (size) => (keyedWhenStarted.push(keyed), compilePool(size)));
    await pre.compile(model, counting, 2);
    expect(keyedWhenStarted).toEqual([1]);
    for (const module of schemas.modules()) expect(pre.verdicts.load(schemas.moduleKey(module.path)), module.path).toBeDefined();
  });

  it("closes the worker it started when a module's key fails, and rejects with that failure", async () => {
    process.env[ENV] = "2";
    const { model, schemas } = checkRegistryAt("test/fixtures/good/features", { standalone: true });
    let keyed = 0;
    const failing = {
      ...schemas,
      moduleKey: (path: string) => {
        if (++keyed === 2) throw new Error("no key");
        return schemas.moduleKey(path);
      },
    };
    const started: CompilePool[] = [];
    const pre = new PrecompiledModules({}, (size) => {
      const pool = compilePool(size);
      started.push(pool);
      return pool;
    });
    await expect(pre.compile(model, failing, 2)).rejects.toThrow("no key");
    expect(started).toHaveLength(1);
    expect(started[0]!.stopped).toBe(true);
  });

  it("resolves once its modules are compiled, not once its workers have stopped; stopped() waits for them", async () => {
    process.env[ENV] = "2";
    const { model, schemas } = checkRegistryAt("test/fixtures/good/features", { standalone: true });
    const closing = heldClose();
    const pre = new PrecompiledModules({}, (size) => closing.wrap(compilePool(size)));
    expect(await settledWithin(pre.compile(model, schemas, 2), 30_000)).toBe(true);
    for (const module of schemas.modules()) expect(pre.verdicts.load(schemas.moduleKey(module.path)), module.path).toBeDefined();
    expect(closing.asked).toBe(true);
    expect(await settledWithin(pre.stopped(), 50)).toBe(false);
    closing.release();
    expect(await settledWithin(pre.stopped(), 5_000)).toBe(true);
    expect(closing.closed).toBe(true);
  });

  it.each(["example-invalid", "pattern-invalid-regex", "multi-lint"])("bad registry %s: the same diagnostics, with file and pointer", async (name) => {
    const schemas = `test/fixtures/bad/${name}/schemas`;
    const here = await diagnostics(schemas, 0);
    expect(here.length).toBeGreaterThan(0);
    expect(await diagnostics(schemas, 2)).toEqual(here);
  });

  it.each([
    { given: "one core", cores: 1, want: 1 },
    { given: "two cores: one for this thread, one worker", cores: 2, want: 1 },
    { given: "four cores", cores: 4, want: 3 },
    { given: "many cores, capped", cores: 32, want: 8 },
  ])("for a split registry on $given, is $want worker(s)", ({ cores, want }) => {
    delete process.env[ENV];
    const module = (i: number) => ({ path: `validators/draft7/d${i}`, dialect: "draft7" as const, files: [] });
    expect(compileWorkers([0, 1, 2, 3, 4].map(module), cores)).toBe(want);
  });

  it("is chosen by size: none for one module, one per core but this thread's for a split registry, or as the environment says", () => {
    delete process.env[ENV];
    const module = (i: number) => ({ path: `validators/draft7/d${i}`, dialect: "draft7" as const, files: [] });
    expect(compileWorkers([module(0)])).toBe(0);
    expect(compileWorkers([0, 1, 2, 3, 4].map(module))).toBeGreaterThanOrEqual(1);
    process.env[ENV] = "0";
    expect(compileWorkers([0, 1, 2, 3, 4].map(module))).toBe(0);
    process.env[ENV] = "3";
    expect(compileWorkers([module(0), module(1)])).toBe(2);
  });
});

describe("a compile worker started ahead of the front end", () => {
  it.each([
    { given: "a registry likely split into modules", files: SPLIT_MODULES_ABOVE + 1, recorded: true, env: undefined, want: 1 },
    { given: "the same registry, unknown to the cache (a cold run)", files: SPLIT_MODULES_ABOVE + 1, recorded: false, env: undefined, want: 0 },
    { given: "a registry of one module per dialect", files: SPLIT_MODULES_ABOVE, recorded: true, env: undefined, want: 0 },
    { given: "workers turned off", files: SPLIT_MODULES_ABOVE + 1, recorded: true, env: "0", want: 0 },
    { given: "workers forced on, a small registry", files: 3, recorded: true, env: "2", want: 1 },
    { given: "workers forced on, a cold run", files: 3, recorded: false, env: "2", want: 0 },
  ])("$given: $want started", async ({ files, recorded, env, want }) => {
    if (env === undefined) delete process.env[ENV];
    else process.env[ENV] = env;
    const started = compileWorkerAhead(files, recorded);
    expect(started?.size ?? 0).toBe(want);
    await started?.close();
  });

  it("warms up on a module of its own, which compiles: verdicts for its example, minified code", async () => {
    const result = await handle(WARM_UP_JOB);
    expect(result?.verdicts["_warm-up/1.0.json"]).toBeDefined();
    expect(Object.values(result!.verdicts["_warm-up/1.0.json"]!)[0]![0]).toBe(false);
    expect(result?.code.js).toContain("warmUp");
  });

  it("is the compile's first worker, and closed once the modules are compiled", async () => {
    process.env[ENV] = "2";
    const { model, schemas } = checkRegistryAt("test/fixtures/good/features", { standalone: true });
    const started = compileWorkerAhead(SPLIT_MODULES_ABOVE + 1, true)!;
    const pre = new PrecompiledModules();
    await pre.compile(model, schemas, 2, undefined, started);
    for (const module of schemas.modules()) expect(pre.verdicts.load(schemas.moduleKey(module.path)), module.path).toBeDefined();
    expect(started.stopped).toBe(true);
  });

  it.each([
    { given: "no worker compiles (workers turned off)", env: "0" },
    { given: "every module answered by the cache", env: "2" },
  ])("is closed when $given", async ({ env }) => {
    process.env[ENV] = "2";
    const checked = checkRegistryAt("test/fixtures/good/features", { standalone: true });
    const code = new Map<string, { js: string; dts: string }>();
    const verdicts = new Map<string, ModuleVerdicts>();
    const caches = { verdicts: { load: (k: string) => verdicts.get(k), save: (k: string, v: ModuleVerdicts) => void verdicts.set(k, v), has: (k: string) => verdicts.has(k) }, code: { get: (k: string) => code.get(k), set: (k: string, c: { js: string; dts: string }) => void code.set(k, c) } };
    // What a run reads of a compile is stored in the persistent cache: the next compile has nothing to do.
    const pre = new PrecompiledModules(caches);
    await pre.compile(checked.model, checked.schemas, 2);
    for (const module of checked.schemas.modules()) {
      const key = checked.schemas.moduleKey(module.path);
      pre.verdicts.load(key);
      pre.code.get(moduleCodeKey(key, moduleExports(checked.model, module)));
    }
    const started = compileWorkerAheadForced();
    process.env[ENV] = env;
    await compileForPackage(checked, caches, undefined, started);
    expect(started.stopped).toBe(true);
  });

  it(
    "is closed when the front end fails: a split registry with a broken $ref exits with its error, not held open by the thread",
    async () => {
      assertBuilt();
      const root = mkdtempSync(join(tmpdir(), "jetschema-ahead-"));
      try {
        const schemas = join(root, "schemas");
        const { versions } = writeSyntheticRegistry(schemas, { events: 170 });
        expect(versions).toBeGreaterThan(SPLIT_MODULES_ABOVE);
        const file = join(schemas, "order", "entity0-0", "created", "1.0.json");
        const schema = JSON.parse(readFileSync(file, "utf8")) as { properties: Record<string, unknown> };
        schema.properties.broken = { $ref: "../../../defs/missing.json" };
        writeFileSync(file, JSON.stringify(schema));
        const run = await runBin(["generate", "--schemas", schemas, "--out", join(root, "out"), "--cache-dir", join(root, "cache")], { timeoutMs: 60_000, env: { ...process.env, [ENV]: "" } });
        expect(run.signal).toBeNull();
        expect(run.code).toBe(EXIT.INVALID);
        expect(run.stderr).toContain("order/entity0-0/created/1.0.json");
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

/** A worker started ahead whatever the environment says (compileWorkerAhead starts none with workers off). */
function compileWorkerAheadForced() {
  const env = process.env[ENV];
  process.env[ENV] = "1";
  try {
    return compileWorkerAhead(SPLIT_MODULES_ABOVE + 1, true)!;
  } finally {
    process.env[ENV] = env;
  }
}

/** A pool's close() held until release(): what waits for the workers to stop, and what does not. */
function heldClose() {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const state = {
    asked: false,
    closed: false,
    release,
    wrap(pool: CompilePool): CompilePool {
      const close = pool.close.bind(pool);
      pool.close = async () => {
        state.asked = true;
        await held;
        await close();
        state.closed = true;
      };
      return pool;
    },
  };
  return state;
}

/** Whether `promise` settles within `ms`. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
