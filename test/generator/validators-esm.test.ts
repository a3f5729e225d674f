/** The standalone validator modules are pure ESM and load on their own, whatever the schema holds. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createAjv } from "../../generator/base/ajv.js";
import { standaloneModuleCode } from "../../generator/validators/module-code.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-esm-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

async function load(schema: object): Promise<{ code: string; v: (d: unknown) => boolean }> {
  const ajv = createAjv("draft7", { standalone: true });
  ajv.addSchema(schema, "https://x.test/s.json");
  const code = standaloneModuleCode(ajv, { v: "https://x.test/s.json" });
  const file = join(tmp, `m${n++}.js`);
  writeFileSync(file, code);
  return { code, v: ((await import(pathToFileURL(file).href)) as { v: (d: unknown) => boolean }).v };
}

describe("standalone modules as ES modules", () => {
  it("imports formats read with dot access (formats.uri), not only brackets", async () => {
    const { code, v } = await load({ type: "string", format: "uri" });
    // Minified: `from"..."`, no space.
    expect(code).toMatch(/from\s*"ajv-formats\/dist\/formats\.js"/);
    expect(v("https://example.com/x")).toBe(true);
    expect(v("not a uri")).toBe(false);
  });

  it("leaves schema data that looks like require() alone", async () => {
    const values = ['require("ajv/dist/runtime/equal")', "require('node:fs')"];
    const { code, v } = await load({ enum: values, minLength: 1 });
    expect(code).not.toMatch(/from\s*"node:fs"/);
    for (const value of values) expect(v(value)).toBe(true);
    expect(v("__jetschema_import_0")).toBe(false);
  });

  it("has no require or module.exports left", async () => {
    const { code } = await load({ type: "object", properties: { a: { type: "string", minLength: 2 }, b: { uniqueItems: true } } });
    expect(code.replace(/"(?:[^"\\]|\\.)*"/g, '""')).not.toMatch(/\brequire\(|module\.exports/);
  });
});
