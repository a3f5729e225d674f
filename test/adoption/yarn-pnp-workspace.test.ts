/**
 * Adoption with real Yarn 4 under Plug'n'Play (its default: no node_modules, every import must be
 * a declared dependency), as the README's "With pnpm or Yarn" says: in a Yarn workspace, a
 * `schemas` package installs the packed jetschema, runs `jetschema init` and `generate`; a
 * `service` package depends on the generated package (`workspace:*`), compiles under
 * `tsc --strict` (Yarn's TypeScript, which resolves through PnP) and runs on a real nats-server.
 * Then the steps of the CI workflow init wrote run as GitHub would run them: Yarn's immutable
 * install at the workspace root, jetschema through `yarn` in the package.
 *
 * Until @jetschema/runtime is on a registry, the root's `resolutions` point it at its tarball
 * (else Yarn asks the registry for jetschema's dependency: 404).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { folderPerFile, serverPerFile } from "../support/per-file.js";
import { workspaceServiceSource, workflowSteps, workspaceRepo, yarn } from "../support/package-managers.js";

const ROOT = resolve(".");
const TYPESCRIPT = (JSON.parse(readFileSync(join(ROOT, "node_modules", "typescript", "package.json"), "utf8")) as { version: string }).version;
const tmp = folderPerFile("jetschema-yarn-");
const server = serverPerFile();

describe("a Yarn 4 Plug'n'Play workspace adopts jetschema from packed tarballs", () => {
  it("schemas installs, inits and generates; service imports the generated package, compiles strict and runs; the workflow's steps pass", () => {
    const { repo, schemas, service } = workspaceRepo(tmp, ROOT);
    const root = { name: "acme", private: true, workspaces: ["packages/*", "packages/schemas/generated"], resolutions: { "@jetschema/runtime": "file:./vendor/jetschema-runtime-0.1.0.tgz" } };
    writeFileSync(join(repo, "package.json"), JSON.stringify(root, null, 2));
    // The folder is a Yarn project of its own, not part of one above it.
    writeFileSync(join(repo, "yarn.lock"), "");
    writeFileSync(join(schemas, "package.json"), JSON.stringify({ name: "@acme/schemas", version: "1.0.0", private: true }, null, 2));

    yarn(schemas, "add", "-D", "jetschema@file:../../vendor/jetschema-0.1.0.tgz");
    expect(existsSync(join(repo, ".pnp.cjs"))).toBe(true);
    expect(existsSync(join(repo, "node_modules"))).toBe(false);
    const init = yarn(schemas, "jetschema", "init");
    expect(init).toContain("next: yarn generate, or add your first event: yarn jetschema new order.placed");
    // Plug'n'Play keeps jetschema in a zip archive, which editors cannot read: no $schema naming a file that is not there.
    expect((JSON.parse(readFileSync(join(schemas, "schemas", "registry.json"), "utf8")) as { $schema?: string }).$schema).toBeUndefined();
    expect(init).toContain(`registry.json has no "$schema": Yarn Plug'n'Play keeps jetschema in a zip archive`);
    expect(yarn(schemas, "generate")).toContain("generated");

    const serviceManifest = { name: "@acme/service", version: "1.0.0", private: true, type: "module", dependencies: { "@acme/schemas-events": "workspace:*", "@nats-io/transport-node": "^3.4.0" }, devDependencies: { typescript: TYPESCRIPT } };
    writeFileSync(join(service, "package.json"), JSON.stringify(serviceManifest, null, 2));
    writeFileSync(join(service, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022", outDir: "dist", skipLibCheck: true, types: [] }, files: ["service.ts"] }));
    writeFileSync(join(service, "service.ts"), workspaceServiceSource(server().url, "yarn-service"));
    yarn(repo, "install");
    expect(yarn(service, "tsc", "-p", "tsconfig.json")).toBe("");
    const out = yarn(service, "node", "dist/service.js");
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ stream: "EVENTS", seq: 1, subject: "schemas.example.created.v1", refused: true });

    // The workflow at the repository's root, its steps as GitHub runs them (the check against origin/main aside: no remote here).
    const steps = workflowSteps(repo);
    const runs = steps.filter((s) => s.run !== undefined).map((s) => [s.run, s["working-directory"]]);
    expect(runs).toEqual([
      ["corepack enable && corepack install -g yarn@4", undefined],
      ["yarn install --immutable", undefined],
      ["yarn jetschema check --against origin/main --format github", "packages/schemas"],
      ["yarn jetschema generate --check", "packages/schemas"],
    ]);
    yarn(repo, "install", "--immutable");
    expect(yarn(schemas, "jetschema", "check")).toContain("no problems");
    expect(yarn(schemas, "jetschema", "generate", "--check")).toContain("up to date");
  }, 300_000);
});
