/**
 * The generated package.json: what registry.json's `package` sets passes through, the package is
 * publishable unless it says `private`, and the dependency ranges are jetschema's own. An override
 * of its template (--templates) still gives a package that imports: it gains the "#load" import
 * index.js needs, and load/ in its files, unless it chose its own #load.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { renderPackage } from "../../generator/pipeline.js";
import { newEvent } from "../../generator/scaffold/new-event.js";
import { registryJson, run, tempDir, writeRegistry } from "../compat/support.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const jetschema = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> };

async function packageJsonFor(pkg: Record<string, unknown>): Promise<Record<string, unknown>> {
  const root = tempDir("package-json");
  dirs.push(root);
  writeRegistry(root, {}, registryJson({ package: pkg }));
  newEvent(root, "order.placed");
  const files = await renderPackage({ schemas: root, out: join(root, "out") });
  return JSON.parse(files.get("package.json")!) as Record<string, unknown>;
}

const EVERY_FIELD = {
  version: "2.3.4",
  description: "Shop events",
  license: "Apache-2.0",
  repository: { type: "git", url: "git+https://example.com/shop/events.git", directory: "schemas" },
  publishConfig: { registry: "https://npm.example.com/", access: "restricted", tag: "next" },
  keywords: ["shop", "events"],
};

const cases: { given: Record<string, unknown>; want: Record<string, unknown>; absent: string[] }[] = [
  { given: { name: "@shop/events" }, want: { name: "@shop/events", version: "1.0.0" }, absent: ["private", "license", "repository", "publishConfig", "keywords"] },
  { given: { name: "@shop/events", private: true }, want: { private: true }, absent: [] },
  { given: { name: "@shop/events", private: false }, want: {}, absent: ["private"] },
  { given: { name: "@shop/events", ...EVERY_FIELD }, want: EVERY_FIELD, absent: ["private"] },
  { given: { name: "@shop/events", repository: "github:shop/events" }, want: { repository: "github:shop/events" }, absent: [] },
];

describe("the generated package.json", () => {
  it.each(cases)("package $given passes through", async ({ given, want, absent }) => {
    const pkg = await packageJsonFor(given);
    expect(pkg).toMatchObject(want);
    for (const key of absent) expect(pkg, key).not.toHaveProperty(key);
  });

  it("depends on the runtime range jetschema ships with, and takes nats.js as a peer", async () => {
    const pkg = await packageJsonFor({ name: "@shop/events" });
    expect(pkg.dependencies).toEqual({
      "@jetschema/runtime": jetschema.dependencies["@jetschema/runtime"],
      ajv: jetschema.dependencies.ajv,
      "ajv-formats": jetschema.dependencies["ajv-formats"],
    });
    expect(pkg.peerDependencies).toEqual({ "@nats-io/transport-node": jetschema.dependencies["@nats-io/transport-node"] });
  });

  it.each([
    [{ name: "@shop/events", private: "yes" }, "/package/private"],
    [{ name: "@shop/events", publishConfig: { access: "everyone" } }, "/package/publishConfig/access"],
    [{ name: "@shop/events", keywords: ["a", "a"] }, "/package/keywords"],
    [{ name: "@shop/events", repository: { url: "x" } }, "/package/repository"],
  ])("a bad package %j is refused, naming %s", async (pkg, pointer) => {
    const root = tempDir("package-json-bad");
    dirs.push(root);
    writeRegistry(root, {}, registryJson({ package: pkg }));
    const r = await run("check", "--schemas", root);
    expect(r.code).toBe(1);
    expect(r.err + r.out).toContain(pointer);
  });
});

/** The built-in template as a user copies it into --templates, changed by `edit`. */
function overrideOf(edit: (builtIn: string) => string): string {
  const builtIn = readFileSync("templates/package/package.json.hbs", "utf8");
  const text = edit(builtIn);
  expect(text, "the edit changed nothing").not.toBe(builtIn);
  return text;
}

/** An override written before "#load" and load/ existed. */
const withoutLoad = (t: string) => t.replace(/ {2}"imports": \{\n[^}]*\}\n {2}\},\n/, "").replace('    "load/",\n', "");

const OVERRIDES: Array<{ given: string; template: string; want: { imports: Record<string, unknown>; files: string[] } }> = [
  {
    given: "without imports and without load/ in files (written before they existed)",
    template: overrideOf(withoutLoad),
    want: { imports: { "#load": { module: "./load/bundled.js", default: "./load/node.js" } }, files: ["load/"] },
  },
  {
    given: "with imports of its own but no #load",
    template: overrideOf((t) => t.replace('"#load": { "module": "./load/bundled.js", "default": "./load/node.js" }', '"#own": "./registry.js"')),
    want: { imports: { "#own": "./registry.js", "#load": { module: "./load/bundled.js", default: "./load/node.js" } }, files: ["load/"] },
  },
  {
    given: "with a #load of its own (every condition the bundled loader)",
    template: overrideOf((t) => t.replace('"#load": { "module": "./load/bundled.js", "default": "./load/node.js" }', '"#load": "./load/bundled.js"')),
    want: { imports: { "#load": "./load/bundled.js" }, files: ["load/"] },
  },
];

describe("an override of package/package.json.hbs (--templates)", () => {
  // Inside the repository, so that the package finds @jetschema/runtime and ajv in node_modules as a service would.
  const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-package-json-"));
  dirs.push(tmp);

  it.each(OVERRIDES)("$given: package.json has #load, and the package imports and validates in plain Node", async ({ template, want }) => {
    const root = mkdtempSync(join(tmp, "case-"));
    const schemas = join(root, "schemas");
    const templates = join(root, "t");
    const out = join(root, "out");
    writeRegistry(schemas, {}, registryJson({ package: { name: "@shop/events" } }));
    newEvent(schemas, "order.placed");
    mkdirSync(join(templates, "package"), { recursive: true });
    writeFileSync(join(templates, "package/package.json.hbs"), template);
    await generate({ schemas, out, templates });

    const pkg = JSON.parse(readFileSync(join(out, "package.json"), "utf8")) as { imports: unknown; files: string[] };
    expect(pkg.imports).toEqual(want.imports);
    expect(pkg.files).toEqual(expect.arrayContaining(want.files));
    const script = `
      const events = await import("./index.js");
      const validate = Object.values(events.registry.events).find((e) => e.name === "order.placed").validators["1.0"];
      console.log(JSON.stringify({ createEvents: typeof events.createEvents, valid: validate({}), invalid: validate(7), subject: events.subjects.order.placed.v1 }));
    `;
    const ran = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: out, encoding: "utf8" });
    expect(JSON.parse(ran)).toEqual({ createEvents: "function", valid: true, invalid: false, subject: "shop.order.placed.v1" });
  }, 60_000);
});
