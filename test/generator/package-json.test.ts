/**
 * The generated package.json: what registry.json's `package` sets passes through, the package is
 * publishable unless it says `private`, and the dependency ranges are jetschema's own.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
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
