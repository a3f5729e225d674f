/**
 * `jetschema init`: what it writes in a new or existing repository, that it never overwrites
 * (existing files listed, exit 1, nothing written) unless --force, and that `generate` and
 * `new order.placed` work right after it with no edits.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { initRegistry, type InitOptions } from "../../generator/scaffold/init-registry.js";
import { newEvent } from "../../generator/scaffold/new-event.js";
import { runCheck } from "../../generator/check-run.js";
import { tempDir } from "../compat/support.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const BIN = resolve("bin/jetschema.js");

function repo(files: Record<string, string> = {}): string {
  const dir = tempDir("init");
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), "utf8");
const readJson = (dir: string, path: string) => JSON.parse(read(dir, path)) as Record<string, any>;
const init = (cwd: string, options: Partial<InitOptions> = {}) => initRegistry({ cwd, schemas: "schemas", envelope: "default", force: false, ...options });
const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });

describe("jetschema init: names", () => {
  it.each([
    { given: { "package.json": '{ "name": "@acme/shop" }' }, flags: {}, namespace: "shop", pkg: "@acme/shop-events" },
    { given: { "package.json": '{ "name": "@acme/shop-events" }' }, flags: {}, namespace: "shop", pkg: "@acme/shop-events-generated" },
    { given: { "package.json": '{ "name": "orders" }' }, flags: {}, namespace: "orders", pkg: "orders-events" },
    { given: { "package.json": '{ "name": "@acme/shop" }' }, flags: { namespace: "retail", package: "@retail/contracts" }, namespace: "retail", pkg: "@retail/contracts" },
  ])("package.json $given and flags $flags → namespace $namespace, package $pkg", ({ given, flags, namespace, pkg }) => {
    const dir = repo(given);
    const r = init(dir, flags);
    expect(r).toMatchObject({ namespace, packageName: pkg });
    const registry = readJson(dir, "schemas/registry.json");
    expect(registry.namespace).toBe(namespace);
    expect(registry.package).toEqual({ name: pkg, version: "0.1.0" });
  });

  it("without package.json: names from the folder, and a package.json with the scripts", () => {
    const dir = repo();
    const r = init(dir);
    expect(r.namespace).toMatch(/^jetschema-init-/);
    expect(readJson(dir, "package.json")).toMatchObject({ private: true, scripts: { generate: "jetschema generate", check: "jetschema check" } });
  });
});

describe("jetschema init: what it writes", () => {
  it("a registry that checks clean, whose $schema points into the installed jetschema", () => {
    const dir = repo({ "package.json": '{\n    "name": "@acme/shop",\n    "scripts": { "test": "vitest" }\n}\n' });
    const r = init(dir);
    expect(r.written).toEqual(["schemas/registry.json", "schemas/envelope.schema.json", "schemas/example/created/1.0.json", ".github/workflows/events.yml", "package.json", ".gitignore"]);
    expect(readJson(dir, "schemas/registry.json").$schema).toBe("../node_modules/jetschema/generator/load/registry.schema.json");
    const check = runCheck(join(dir, "schemas"));
    expect(check.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(check.model!.events.map((e) => e.name)).toEqual(["example.created"]);
    expect(check.model!.majors[0]!.stream).toBe("EVENTS");
    // Existing keys and indentation kept; the scripts added.
    expect(readJson(dir, "package.json").scripts).toEqual({ test: "vitest", generate: "jetschema generate", check: "jetschema check" });
    expect(read(dir, "package.json")).toContain('\n    "name": "@acme/shop"');
    const workflow = read(dir, ".github/workflows/events.yml");
    expect(workflow).toContain("npx jetschema check --against origin/main --format github");
    expect(workflow).toContain("npx jetschema generate --check");
  });

  it(".gitignore: only the missing lines are appended", () => {
    const dir = repo({ "package.json": '{ "name": "shop" }', ".gitignore": "dist/\nnode_modules/" });
    init(dir);
    expect(read(dir, ".gitignore")).toBe("dist/\nnode_modules/\n# jetschema: its cache (node_modules/.cache/jetschema) and the staging folders of generate\n.generated.new-*/\n.generated.old-*/\n");
    rmSync(join(dir, "schemas"), { recursive: true });
    rmSync(join(dir, ".github"), { recursive: true });
    init(dir);
    expect(read(dir, ".gitignore").match(/\.generated\.new/g)).toHaveLength(1);
  });

  it("--envelope cloudevents: a CloudEvents 1.0 envelope, declared in registry.json", () => {
    const dir = repo({ "package.json": '{ "name": "shop" }' });
    init(dir, { envelope: "cloudevents" });
    expect(readJson(dir, "schemas/registry.json").envelope).toMatchObject({ cloudevents: { mode: "structured" }, fields: { time: "time" } });
    expect(readJson(dir, "schemas/envelope.schema.json").properties.specversion).toEqual({ const: "1.0" });
    const check = runCheck(join(dir, "schemas"));
    expect(check.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(check.model!.envelope.cloudEvents).toBeDefined();
  });

  it("generate right after init, and after new order.placed, succeeds with no edits", async () => {
    const dir = repo({ "package.json": '{ "name": "@acme/shop" }' });
    init(dir);
    await generate({ schemas: join(dir, "schemas"), out: join(dir, "generated") });
    expect(readJson(dir, "generated/package.json").name).toBe("@acme/shop-events");
    newEvent(join(dir, "schemas"), "order.placed");
    await generate({ schemas: join(dir, "schemas"), out: join(dir, "generated") });
    expect(read(dir, "generated/subjects.js")).toContain("shop.order.placed.v1");
  });
});

describe("jetschema init --schemas: the folder chosen, in the registry, the scripts and the workflow", () => {
  it.each([
    { given: "reg", folder: "reg", $schema: "../node_modules/jetschema/generator/load/registry.schema.json", flag: " --schemas reg" },
    { given: "events/schemas", folder: "events/schemas", $schema: "../../node_modules/jetschema/generator/load/registry.schema.json", flag: " --schemas events/schemas" },
    { given: "./schemas/", folder: "schemas", $schema: "../node_modules/jetschema/generator/load/registry.schema.json", flag: "" },
    { given: "<project>/abs/reg", folder: "abs/reg", $schema: "../../node_modules/jetschema/generator/load/registry.schema.json", flag: " --schemas abs/reg" },
  ])("--schemas $given → $folder, scripts and workflow with '$flag'", async ({ given, folder, $schema, flag }) => {
    const dir = repo({ "package.json": '{ "name": "@acme/shop" }' });
    const r = cli(dir, "init", "--schemas", given.replace("<project>", dir));
    expect(r.status, r.stderr).toBe(0);
    expect(readJson(dir, `${folder}/registry.json`).$schema).toBe($schema);
    expect(readJson(dir, "package.json").scripts).toEqual({ generate: `jetschema generate${flag}`, check: `jetschema check${flag}` });
    const workflow = read(dir, ".github/workflows/events.yml");
    expect(workflow).toContain(`npx jetschema check${flag} --against origin/main --format github`);
    expect(workflow).toContain(`npx jetschema generate${flag} --check`);
    // What `npm run generate` runs, from the project folder.
    const generated = cli(dir, ...readJson(dir, "package.json").scripts.generate.split(" ").slice(1), "--no-cache");
    expect(generated.status, generated.stderr).toBe(0);
    expect(readJson(dir, "generated/package.json").name).toBe("@acme/shop-events");
  });
});

describe("jetschema init: a package.json with a byte order mark", () => {
  it("is read as npm reads it, and the mark is kept when the scripts are added", () => {
    const dir = repo({ "package.json": '\uFEFF{ "name": "@acme/shop" }\n' });
    const r = init(dir);
    expect(r.namespace).toBe("shop");
    const text = read(dir, "package.json");
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(JSON.parse(text.slice(1)).scripts).toEqual({ generate: "jetschema generate", check: "jetschema check" });
  });
});

describe("jetschema init never overwrites", () => {
  it.each<{ given: Record<string, string>; listed: string[] }>([
    { given: { "schemas/registry.json": "{}" }, listed: ["schemas/registry.json"] },
    { given: { ".github/workflows/events.yml": "name: mine\n" }, listed: [".github/workflows/events.yml"] },
    { given: { "schemas/example/created/1.0.json": "{}" }, listed: ["schemas/example/created/1.0.json"] },
    { given: { "package.json": '{ "name": "shop", "scripts": { "check": "eslint ." } }' }, listed: ['package.json scripts.check ("eslint .")'] },
  ])("$listed existing: exit 1, listed, nothing written", ({ given, listed }) => {
    const dir = repo({ "package.json": '{ "name": "shop" }', ...given });
    const before = Object.fromEntries(Object.keys({ "package.json": "", ...given }).map((p) => [p, read(dir, p)]));
    const r = cli(dir, "init");
    expect(r.status).toBe(1);
    for (const item of listed) expect(r.stderr).toContain(`  ${item}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const [path, text] of Object.entries(before)) expect(read(dir, path), path).toBe(text);
    expect(existsSync(join(dir, ".gitignore"))).toBe(false);
    expect(existsSync(join(dir, "schemas", "envelope.schema.json"))).toBe(false);
  });

  it("--force replaces them and says so", () => {
    const dir = repo({ "package.json": '{ "name": "shop", "scripts": { "check": "eslint ." } }', "schemas/registry.json": "{}" });
    const r = cli(dir, "init", "--force");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('replaced (--force): schemas/registry.json, package.json scripts.check ("eslint .")');
    expect(readJson(dir, "schemas/registry.json").namespace).toBe("shop");
    expect(readJson(dir, "package.json").scripts.check).toBe("jetschema check");
  });

  it.each([
    [["--namespace", "a.b"], /--namespace "a.b" is not a namespace/],
    [["--package", "Not A Name"], /registry\.json.*\/package\/name/s],
    [["--envelope", "soap"], /argument 'soap' is invalid/],
  ])("init %j is refused with a clear message and writes nothing", (args, message) => {
    const dir = repo({ "package.json": '{ "name": "shop" }' });
    const r = cli(dir, "init", ...args);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, "schemas"))).toBe(false);
    expect(read(dir, "package.json")).toBe('{ "name": "shop" }');
  });
});
