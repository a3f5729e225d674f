/**
 * `jetschema asyncapi`, run as a user runs it: the real bin/jetschema.js in a child process.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-asyncapi-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function jetschema(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/jetschema.js", ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const committed = readFileSync("generated/docs/asyncapi.yaml", "utf8");

describe("jetschema asyncapi", () => {
  it("prints the document generate writes into the package (docs/asyncapi.yaml)", () => {
    const r = jetschema("asyncapi");
    expect(r.code).toBe(0);
    expect(r.out).toBe(committed);
  });

  it("writes --out whole, for any registry", () => {
    const out = join(tmp, "slotwise.yaml");
    const r = jetschema("asyncapi", "--schemas", "examples/slotwise", "--out", out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(out);
    const text = readFileSync(out, "utf8");
    expect(text).toMatch(/^asyncapi: 3\.0\.0$/m);
    expect(text).toContain('address: "{env}.auth.user.created.v1"');
  });

  it("exits 1 on a registry with errors, naming the file and pointer, and leaves --out as it was", () => {
    const registry = join(tmp, "broken");
    cpSync("test/fixtures/good/features", registry, { recursive: true });
    const config = JSON.parse(readFileSync(join(registry, "registry.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(join(registry, "registry.json"), JSON.stringify({ ...config, subjectPrefix: { parameter: "env with space" } }));
    const out = join(tmp, "kept.yaml");
    writeFileSync(out, "kept\n");
    const r = jetschema("asyncapi", "--schemas", registry, "--out", out);
    expect(r.code).toBe(1);
    expect(r.err).toContain("registry.json");
    expect(r.err).toContain("/subjectPrefix/parameter");
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(readFileSync(out, "utf8")).toBe("kept\n");
  });

  it("exits 2 when --out is a folder, and writes nothing", () => {
    const r = jetschema("asyncapi", "--out", tmp);
    expect(r.code).toBe(2);
    expect(r.err).toContain("is a folder");
    expect(existsSync(join(tmp, "asyncapi.yaml"))).toBe(false);
  });
});
