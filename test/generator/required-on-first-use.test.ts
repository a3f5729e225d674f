/**
 * A module given to requireOnFirstUse (base/required-on-first-use.ts) is not loaded by the
 * package that requires it until one of its properties is read; then it is the real module,
 * once. json-schema-to-typescript, loaded as the generator loads it, leaves prettier's entry a
 * stand-in while it declares types (format off), and prettier still works through it.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { types } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { requireOnFirstUse } from "../../generator/base/required-on-first-use.js";
import { assertBuilt, REPO_ROOT } from "../support/bin.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-required-on-first-use-"));
let folders = 0;
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  for (let n = 1; n <= folders; n++) delete (globalThis as Record<string, unknown>)[`jetschemaEagerLoads${n}`];
});

/** A package `user` requiring a package `eager` as it loads; `eager` counts its loads on globalThis[counter]. */
function packages(): { user: string; eager: string; counter: string } {
  const root = join(tmp, String(folders++), "node_modules");
  const counter = `jetschemaEagerLoads${folders}`;
  (globalThis as Record<string, unknown>)[counter] = 0;
  const files: Record<string, string> = {
    "eager/package.json": JSON.stringify({ name: "eager", main: "index.js" }),
    "eager/index.js": `globalThis.${counter}++;\nmodule.exports = { value: 42, nested: { deep: true } };\n`,
    "user/package.json": JSON.stringify({ name: "user", main: "index.js" }),
    "user/index.js": `const eager = require("eager");\nmodule.exports = { eager, read: () => eager.value };\n`,
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return { user: join(root, "user/index.js"), eager: join(root, "eager/index.js"), counter };
}
const loads = (counter: string) => (globalThis as Record<string, unknown>)[counter];
const require = createRequire(import.meta.url);

describe("requireOnFirstUse", () => {
  it("leaves the module unloaded until a property is read, then reads through to it, loaded once", () => {
    const { user, eager, counter } = packages();
    expect(requireOnFirstUse("eager", user)).toBe(eager);
    const used = require(user) as { eager: Record<string, unknown>; read(): number };
    expect(loads(counter)).toBe(0);
    expect(used.read()).toBe(42);
    expect(loads(counter)).toBe(1);
    expect(used.eager.nested).toEqual({ deep: true });
    expect("value" in used.eager).toBe(true);
    expect(Object.keys(used.eager)).toEqual(["value", "nested"]);
    expect({ ...used.eager }).toEqual({ value: 42, nested: { deep: true } });
    // Whoever requires it now gets the real module, the one the stand-in reads.
    const real = require(eager) as { nested: unknown };
    expect(types.isProxy(real)).toBe(false);
    expect(real.nested).toBe(used.eager.nested);
    expect(loads(counter)).toBe(1);
  });

  it.each([
    ["a property read", (m: Record<string, unknown>) => m.value],
    ["`in`", (m: Record<string, unknown>) => "value" in m],
    ["a listing of its keys", (m: Record<string, unknown>) => Object.keys(m)],
  ])("loads it on %s", (_given, use) => {
    const { user, counter } = packages();
    requireOnFirstUse("eager", user);
    const used = require(user) as { eager: Record<string, unknown> };
    expect(loads(counter)).toBe(0);
    use(used.eager);
    expect(loads(counter)).toBe(1);
  });

  it("reads through to the real module when another loader put it in the cache meanwhile", () => {
    const { user, eager, counter } = packages();
    requireOnFirstUse("eager", user);
    const used = require(user) as { eager: Record<string, unknown> };
    // Another loader (a test runner's registry, say) drops the stand-in and loads the module itself.
    delete require.cache[eager];
    const real = require(eager) as Record<string, unknown>;
    expect(loads(counter)).toBe(1);
    expect(used.eager.nested).toBe(real.nested);
    expect(loads(counter)).toBe(1);
  });

  it("leaves a module loaded already as it is", () => {
    const { user, eager, counter } = packages();
    const real = require(eager) as object;
    requireOnFirstUse("eager", user);
    expect((require(user) as { eager: object }).eager).toBe(real);
    expect(loads(counter)).toBe(1);
  });
});

describe("json-schema-to-typescript as the generator loads it", () => {
  it("declares types with prettier's entry a stand-in, and prettier works through it when used", () => {
    assertBuilt();
    const script = `
      import { createRequire } from "node:module";
      import { types } from "node:util";
      import { schemaDeclarations } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, "dist/generator/base/schema-to-typescript.js")).href)};
      const fromJstt = createRequire(createRequire(${JSON.stringify(join(REPO_ROOT, "package.json"))}).resolve("json-schema-to-typescript"));
      const entry = fromJstt.resolve("prettier");
      const declared = await schemaDeclarations({ type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false }, "Thing");
      await new Promise((resolve) => setTimeout(resolve, 100));
      const standIn = types.isProxy(fromJstt.cache[entry].exports);
      const formatted = await fromJstt("prettier").format("a", { parser: "babel" });
      const realAfter = !types.isProxy(fromJstt.cache[entry].exports);
      console.log(JSON.stringify({ declared, standIn, formatted, realAfter }));
    `;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ declared: "export interface Thing {\na: string\n}\n", standIn: true, formatted: "a;\n", realAfter: true });
  }, 30_000);
});
