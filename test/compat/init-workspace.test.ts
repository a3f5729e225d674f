/**
 * `jetschema init` in a package that is not the repository's root: an npm workspace
 * (`services/orders` of a root whose package.json has `"workspaces": ["services/*"]`), a project
 * in a subfolder of a git repository, a pnpm layout. The layouts are built by hand as npm and pnpm
 * leave them (jetschema hoisted to the root's node_modules; linked from a `.pnpm` store), with a
 * `.git` folder marking the repository; test/adoption/workspace-init.test.ts takes the same route
 * with a real `npm install` of the packed tarballs.
 *
 * What must hold: registry.json's `$schema` resolves, from the file that holds it, to the
 * registry schema of the jetschema the project installs; the CI workflow lies at the repository's
 * root (GitHub runs workflows from there only), runs jetschema in the package and `npm ci` where
 * package-lock.json is; a workflow already there is refused unless --force; the plain project is
 * as it was.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { initRegistry } from "../../generator/scaffold/init-registry.js";
import { tempDir } from "./support.js";

const BIN = resolve("bin/jetschema.js");
const REGISTRY_SCHEMA = "jetschema/generator/load/registry.schema.json";
const TEMPLATE = readFileSync(resolve("templates/init/events.yml"), "utf8");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A folder with `files` ("name/" is a folder), and `links` (path → target, both relative to it). */
function layout(files: Record<string, string>, links: Record<string, string> = {}): string {
  const dir = tempDir("init-workspace");
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith("/")) {
      mkdirSync(join(dir, path), { recursive: true });
      continue;
    }
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    symlinkSync(join(dir, target), join(dir, path));
  }
  return dir;
}

/** jetschema's registry schema as an install leaves it in `node_modules` (a copy of this checkout's). */
const installed = (nodeModules: string) => ({ [`${nodeModules}/${REGISTRY_SCHEMA}`]: readFileSync(resolve("generator/load/registry.schema.json"), "utf8") });

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
const init = (cwd: string, schemas = "schemas") => initRegistry({ cwd, schemas, envelope: "default", force: false });
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, any>;

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  "working-directory"?: string;
}

/** The workflow's steps by what they do: checkout, setup-node, npm ci, and the jetschema runs. */
function steps(workflow: string) {
  const all = (parse(workflow) as { jobs: { events: { steps: Step[] } } }).jobs.events.steps;
  return {
    setupNode: all.find((s) => s.uses?.startsWith("actions/setup-node"))!,
    npmCi: all.find((s) => s.run === "npm ci")!,
    jetschema: all.filter((s) => s.run?.includes("jetschema")),
  };
}

const ROOT = { ".git/": "", "package.json": JSON.stringify({ name: "acme", private: true, workspaces: ["services/*"] }) };
const ORDERS = { "services/orders/package.json": JSON.stringify({ name: "@acme/orders", version: "1.0.0" }) };

describe("jetschema init in a package below the repository's root", () => {
  it.each([
    {
      given: "an npm workspace, jetschema hoisted to the root",
      files: { ...ROOT, ...ORDERS, ...installed("node_modules") },
      links: {},
      $schema: `../../../node_modules/${REGISTRY_SCHEMA}`,
      installedAt: `node_modules/${REGISTRY_SCHEMA}`,
    },
    {
      given: "an npm workspace, jetschema kept in the package (a version the root does not have)",
      files: { ...ROOT, ...ORDERS, ...installed("services/orders/node_modules"), ...installed("node_modules") },
      links: {},
      $schema: `../node_modules/${REGISTRY_SCHEMA}`,
      installedAt: `services/orders/node_modules/${REGISTRY_SCHEMA}`,
    },
    {
      given: "an npm workspace that is not yet a git repository",
      files: { "package.json": ROOT["package.json"], ...ORDERS, ...installed("node_modules") },
      links: {},
      $schema: `../../../node_modules/${REGISTRY_SCHEMA}`,
      installedAt: `node_modules/${REGISTRY_SCHEMA}`,
    },
    {
      given: "a workspace matched by services/**, beside a negated pattern",
      files: { ...ROOT, "package.json": JSON.stringify({ name: "acme", workspaces: ["services/**", "!services/legacy"] }), ...ORDERS, ...installed("node_modules") },
      links: {},
      $schema: `../../../node_modules/${REGISTRY_SCHEMA}`,
      installedAt: `node_modules/${REGISTRY_SCHEMA}`,
    },
    {
      given: "a workspace in yarn's form ({ packages: [...] })",
      files: { ...ROOT, "package.json": JSON.stringify({ name: "acme", workspaces: { packages: ["services/*"] } }), ...ORDERS, ...installed("node_modules") },
      links: {},
      $schema: `../../../node_modules/${REGISTRY_SCHEMA}`,
      installedAt: `node_modules/${REGISTRY_SCHEMA}`,
    },
  ])("$given: the schema reference resolves into the installed jetschema, the workflow is at the root and runs in services/orders", ({ files, links, $schema, installedAt }) => {
    const repo = layout(files, links);
    const pkg = join(repo, "services", "orders");
    const r = init(pkg);

    const registryFile = join(pkg, "schemas", "registry.json");
    const registry = readJson(registryFile);
    expect(registry.$schema).toBe($schema);
    expect(resolve(dirname(registryFile), registry.$schema)).toBe(join(repo, installedAt));
    expect(existsSync(resolve(dirname(registryFile), registry.$schema))).toBe(true);

    expect(existsSync(join(pkg, ".github"))).toBe(false);
    const workflow = readFileSync(join(repo, ".github", "workflows", "events-orders.yml"), "utf8");
    const { setupNode, npmCi, jetschema } = steps(workflow);
    expect(jetschema.map((s) => s.run)).toEqual(["npx jetschema check --against origin/main --format github", "npx jetschema generate --check"]);
    expect(jetschema.map((s) => s["working-directory"])).toEqual(["services/orders", "services/orders"]);
    // npm ci and its cache at the workspace root, where package-lock.json is.
    expect(npmCi["working-directory"]).toBeUndefined();
    expect(setupNode.with).toEqual({ "node-version": 20, cache: "npm" });
    expect((parse(workflow) as { name: string }).name).toBe("events (orders)");
    expect(r.written).toContain("../../.github/workflows/events-orders.yml");
    expect(r.workflow).toEqual({ path: "../../.github/workflows/events-orders.yml", runsIn: "services/orders" });
  });

  it("says where the workflow went and where its steps run", () => {
    const repo = layout({ ...ROOT, ...ORDERS, ...installed("node_modules") });
    const r = cli(join(repo, "services", "orders"), "init");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("  ../../.github/workflows/events-orders.yml\n");
    expect(r.stdout).toContain("the CI workflow ../../.github/workflows/events-orders.yml is at the repository's root (GitHub runs workflows from there only); its jetschema steps run in services/orders\n");
  });

  it.each([
    { given: "a project in a subfolder", root: ROOT["package.json"], project: "tools/events", name: "@acme/tooling", workflow: "events-tooling.yml" },
    { given: "a package a negated pattern leaves out", root: JSON.stringify({ name: "acme", workspaces: ["services/*", "!services/orders"] }), project: "services/orders", name: "@acme/orders", workflow: "events-orders.yml" },
  ])("$given of a git repository, not one of its workspaces: npm ci and its cache in the project", ({ root, project, name, workflow }) => {
    const repo = layout({ ".git/": "", "package.json": root, [`${project}/package.json`]: JSON.stringify({ name }), ...installed(`${project}/node_modules`) });
    init(join(repo, project));
    expect(readJson(join(repo, project, "schemas", "registry.json")).$schema).toBe(`../node_modules/${REGISTRY_SCHEMA}`);
    const { setupNode, npmCi, jetschema } = steps(readFileSync(join(repo, ".github", "workflows", workflow), "utf8"));
    expect(npmCi["working-directory"]).toBe(project);
    expect(setupNode.with).toEqual({ "node-version": 20, cache: "npm", "cache-dependency-path": `${project}/package-lock.json` });
    expect(jetschema.map((s) => s["working-directory"])).toEqual([project, project]);
  });

  it("jetschema not installed (run through npx from elsewhere): $schema where npm installs it, the workspace root's node_modules", () => {
    const repo = layout({ ...ROOT, ...ORDERS });
    init(join(repo, "services", "orders"));
    expect(readJson(join(repo, "services", "orders", "schemas", "registry.json")).$schema).toBe(`../../../node_modules/${REGISTRY_SCHEMA}`);
  });

  it("a pnpm layout: $schema through the package's node_modules/jetschema link, not the versioned store path behind it", () => {
    const store = "node_modules/.pnpm/jetschema@0.1.0/node_modules";
    const repo = layout({ ".git/": "", "pnpm-workspace.yaml": "packages:\n  - services/*\n", "package.json": '{ "name": "acme" }', ...ORDERS, ...installed(store) }, { "services/orders/node_modules/jetschema": `${store}/jetschema` });
    const pkg = join(repo, "services", "orders");
    init(pkg);
    const $schema = readJson(join(pkg, "schemas", "registry.json")).$schema as string;
    expect($schema).toBe(`../node_modules/${REGISTRY_SCHEMA}`);
    expect(existsSync(resolve(pkg, "schemas", $schema))).toBe(true);
  });

  it("two registries in one repository: each its own workflow, neither replaces the other", () => {
    const repo = layout({ ...ROOT, ...ORDERS, "services/billing/package.json": '{ "name": "@acme/billing" }', ...installed("node_modules") });
    init(join(repo, "services", "orders"));
    const orders = readFileSync(join(repo, ".github", "workflows", "events-orders.yml"), "utf8");
    init(join(repo, "services", "billing"));
    expect(readFileSync(join(repo, ".github", "workflows", "events-orders.yml"), "utf8")).toBe(orders);
    expect(steps(readFileSync(join(repo, ".github", "workflows", "events-billing.yml"), "utf8")).jetschema.map((s) => s["working-directory"])).toEqual(["services/billing", "services/billing"]);
  });

  it("a workflow of that name at the root: exit 1, listed, nothing written; --force replaces it and says so", () => {
    const repo = layout({ ...ROOT, ...ORDERS, ".github/workflows/events-orders.yml": "name: mine\n" });
    const pkg = join(repo, "services", "orders");
    const refused = cli(pkg, "init");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("  ../../.github/workflows/events-orders.yml");
    expect(existsSync(join(pkg, "schemas"))).toBe(false);
    expect(readFileSync(join(repo, ".github", "workflows", "events-orders.yml"), "utf8")).toBe("name: mine\n");

    const forced = cli(pkg, "init", "--force");
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("replaced (--force): ../../.github/workflows/events-orders.yml");
    expect(steps(readFileSync(join(repo, ".github", "workflows", "events-orders.yml"), "utf8")).jetschema).toHaveLength(2);
  });

  it("--schemas names the folder in the package: the workflow's steps pass it, from the package's folder", () => {
    const repo = layout({ ...ROOT, ...ORDERS, ...installed("node_modules") });
    const pkg = join(repo, "services", "orders");
    init(pkg, "events/reg");
    expect(readJson(join(pkg, "events", "reg", "registry.json")).$schema).toBe(`../../../../node_modules/${REGISTRY_SCHEMA}`);
    const { jetschema } = steps(readFileSync(join(repo, ".github", "workflows", "events-orders.yml"), "utf8"));
    expect(jetschema.map((s) => [s.run, s["working-directory"]])).toEqual([
      ["npx jetschema check --schemas events/reg --against origin/main --format github", "services/orders"],
      ["npx jetschema generate --schemas events/reg --check", "services/orders"],
    ]);
  });
});

describe("jetschema init at the repository's root (the plain project) is as it was", () => {
  it.each([
    { given: "jetschema installed, a git repository", files: { ".git/": "", "package.json": '{ "name": "@acme/shop" }', ...installed("node_modules") } },
    { given: "jetschema not installed, no git", files: { "package.json": '{ "name": "@acme/shop" }' } },
    { given: "a workspace root itself", files: { ...ROOT, ...installed("node_modules") } },
  ])("$given: the schema reference ../node_modules/…, the template's workflow word for word in .github/workflows/events.yml", ({ files }) => {
    const dir = layout(files);
    const r = init(dir);
    expect(readJson(join(dir, "schemas", "registry.json")).$schema).toBe(`../node_modules/${REGISTRY_SCHEMA}`);
    expect(readFileSync(join(dir, ".github", "workflows", "events.yml"), "utf8")).toBe(TEMPLATE);
    expect(r.workflow).toEqual({ path: ".github/workflows/events.yml", runsIn: "" });
  });
});

describe("jetschema init at the repository's root: the output", () => {
  it("lists the workflow and says nothing of a root elsewhere", () => {
    const dir = layout({ ".git/": "", "package.json": '{ "name": "@acme/shop" }' });
    const r = cli(dir, "init");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("  .github/workflows/events.yml\n");
    expect(r.stdout).not.toContain("repository's root");
  });
});
