/**
 * Adoption with real pnpm, as the README's "With pnpm or Yarn" says: in a pnpm workspace, a
 * `schemas` package installs the packed jetschema and runtime, runs `jetschema init` and
 * `generate`; a `service` package depends on the generated package (`workspace:*`), compiles under
 * `tsc --strict` and runs on a real nats-server. Then the steps of the CI workflow init wrote run
 * as GitHub would run them: pnpm's frozen install at the workspace root, jetschema in the package.
 *
 * Until @jetschema/runtime is on a registry, pnpm-workspace.yaml overrides it with its tarball
 * (else pnpm asks the registry for jetschema's dependency: 404), and allows esbuild's install
 * script (pnpm 11 and later fail an install whose build scripts are not decided).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { folderPerFile, serverPerFile } from "../support/per-file.js";
import { pnpm, PNPM_STORE, workspaceServiceSource, workflowSteps, workspaceRepo } from "../support/package-managers.js";

const ROOT = resolve(".");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const tmp = folderPerFile("jetschema-pnpm-");
const server = serverPerFile();

describe("a pnpm workspace adopts jetschema from packed tarballs", () => {
  it("schemas installs, inits and generates; service imports the generated package, compiles strict and runs; the workflow's steps pass", () => {
    const { repo, schemas, service } = workspaceRepo(tmp, ROOT);
    writeFileSync(join(repo, "package.json"), JSON.stringify({ name: "acme", private: true }, null, 2));
    writeFileSync(
      join(repo, "pnpm-workspace.yaml"),
      [
        "packages:",
        "  - packages/*",
        "  - packages/schemas/generated",
        "overrides:",
        '  "@jetschema/runtime": "file:vendor/jetschema-runtime-0.1.0.tgz"',
        "allowBuilds:",
        "  esbuild: true",
        `storeDir: ${JSON.stringify(PNPM_STORE)}`,
        "",
      ].join("\n"),
    );
    writeFileSync(join(schemas, "package.json"), JSON.stringify({ name: "@acme/schemas", version: "1.0.0", private: true }, null, 2));

    pnpm(schemas, "add", "-D", "../../vendor/jetschema-0.1.0.tgz", "../../vendor/jetschema-runtime-0.1.0.tgz");
    const init = pnpm(schemas, "exec", "jetschema", "init");
    expect(init).toContain("next: pnpm run generate, or add your first event: pnpm exec jetschema new order.placed");
    const $schema = (JSON.parse(readFileSync(join(schemas, "schemas", "registry.json"), "utf8")) as { $schema: string }).$schema;
    expect((JSON.parse(readFileSync(resolve(schemas, "schemas", $schema), "utf8")) as { $schema: string }).$schema).toMatch(/json-schema\.org/);
    expect(pnpm(schemas, "run", "generate")).toContain("generated");

    writeFileSync(
      join(service, "package.json"),
      JSON.stringify({ name: "@acme/service", version: "1.0.0", private: true, type: "module", dependencies: { "@acme/schemas-events": "workspace:*", "@nats-io/transport-node": "^3.4.0" } }, null, 2),
    );
    writeFileSync(join(service, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022", outDir: "dist", skipLibCheck: true, types: [] }, files: ["service.ts"] }));
    writeFileSync(join(service, "service.ts"), workspaceServiceSource(server().url, "pnpm-service"));
    pnpm(repo, "install", "--no-frozen-lockfile");
    const typecheck = spawnSync(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: service, encoding: "utf8" });
    expect(typecheck.stdout).toBe("");
    expect(typecheck.status).toBe(0);
    const out = execFileSync(process.execPath, ["dist/service.js"], { cwd: service, encoding: "utf8", timeout: 60_000 });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ stream: "EVENTS", seq: 1, subject: "schemas.example.created.v1", refused: true });

    // The workflow at the repository's root, its steps as GitHub runs them (the check against origin/main aside: no remote here).
    const steps = workflowSteps(repo);
    const runs = steps.filter((s) => s.run !== undefined).map((s) => [s.run, s["working-directory"]]);
    expect(runs).toEqual([
      ["pnpm install --frozen-lockfile", undefined],
      ["pnpm exec jetschema check --against origin/main --format github", "packages/schemas"],
      ["pnpm exec jetschema generate --check", "packages/schemas"],
    ]);
    expect(steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with).toEqual({ "node-version": 20, cache: "pnpm" });
    pnpm(repo, "install", "--frozen-lockfile");
    expect(pnpm(schemas, "exec", "jetschema", "check")).toContain("no problems");
    expect(pnpm(schemas, "exec", "jetschema", "generate", "--check")).toContain("up to date");
  }, 300_000);
});
