/**
 * `jetschema init` in one package of an npm-workspaces monorepo, as a team does it: pack
 * jetschema and the runtime, install both into `services/orders` from the root (`npm install
 * -w services/orders`, which hoists them to the root's node_modules), and run `npx jetschema init`
 * in the package. registry.json's `$schema` must reach the hoisted package, and the CI workflow
 * must lie where GitHub runs it, the repository's root, with its jetschema steps run in the
 * package; those steps then pass there as the workflow runs them.
 *
 * The packs use --ignore-scripts and the install --prefer-offline, as in adoption.test.ts.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = resolve(".");
const tmp = mkdtempSync(join(tmpdir(), "jetschema-workspace-init-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** npm as a user runs it: none of the npm_* settings of an enclosing `npm test` leak in. */
function npm(cwd: string, ...args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
  return execFileSync("npm", args, { cwd, env: { ...env, NO_UPDATE_NOTIFIER: "1" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function pack(dir: string): string {
  const [packed] = JSON.parse(npm(dir, "pack", "--json", "--ignore-scripts", "--pack-destination", tmp)) as { filename: string }[];
  return join(tmp, packed!.filename);
}

describe("jetschema init in an npm workspace", () => {
  it("installed into services/orders from the root, init there: $schema reaches the hoisted package, the workflow is at the root and its steps pass in the package", () => {
    const repo = join(tmp, "acme");
    const orders = join(repo, "services", "orders");
    mkdirSync(orders, { recursive: true });
    execFileSync("git", ["init", "-q"], { cwd: repo });
    writeFileSync(join(repo, "package.json"), JSON.stringify({ name: "acme", private: true, workspaces: ["services/*"] }, null, 2));
    writeFileSync(join(orders, "package.json"), JSON.stringify({ name: "@acme/orders", version: "1.0.0" }, null, 2));
    // Published, jetschema's dependency @jetschema/runtime comes from the registry; here from its tarball.
    npm(repo, "install", "--prefer-offline", "--no-audit", "--no-fund", "-D", pack(ROOT), pack(join(ROOT, "runtime")), "-w", "services/orders");
    expect(existsSync(join(repo, "node_modules", "jetschema", "package.json"))).toBe(true);
    expect(existsSync(join(orders, "node_modules", "jetschema"))).toBe(false);

    const out = npm(orders, "exec", "--", "jetschema", "init");
    expect(out).toContain("its jetschema steps run in services/orders");

    const registryFile = join(orders, "schemas", "registry.json");
    const $schema = (JSON.parse(readFileSync(registryFile, "utf8")) as { $schema: string }).$schema;
    expect(resolve(dirname(registryFile), $schema)).toBe(join(repo, "node_modules", "jetschema", "generator", "load", "registry.schema.json"));
    expect((JSON.parse(readFileSync(resolve(dirname(registryFile), $schema), "utf8")) as { $schema: string }).$schema).toMatch(/json-schema\.org/);

    expect(existsSync(join(orders, ".github"))).toBe(false);
    const workflow = parse(readFileSync(join(repo, ".github", "workflows", "events-orders.yml"), "utf8")) as { jobs: { events: { steps: { run?: string; "working-directory"?: string }[] } } };
    const runs = workflow.jobs.events.steps.filter((s) => s.run !== undefined);
    expect(runs.map((s) => [s.run, s["working-directory"]])).toEqual([
      ["npm ci", undefined],
      ["npx jetschema check --against origin/main --format github", "services/orders"],
      ["npx jetschema generate --check", "services/orders"],
    ]);

    // The workflow's jetschema steps where it runs them (the package), once generated/ is there as a commit would have it.
    npm(orders, "run", "generate");
    expect(npm(orders, "exec", "--", "jetschema", "check")).toContain("no problems");
    expect(npm(orders, "exec", "--", "jetschema", "generate", "--check")).toContain("up to date");
  }, 150_000);
});
