/**
 * A large registry's package (validators split per domain) loads each validator module on first
 * use: importing the package parses no validator code, a validation loads the one module it needs,
 * and the lazy validators answer exactly as ajv does, errors included. Run in a plain Node process
 * (the package is what services import), on a synthetic registry above the split threshold.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { generate } from "../../generator/generate-run.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-lazy-"));
const out = join(tmp, "pkg");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  writeSyntheticRegistry(join(tmp, "schemas"), { events: 220 });
  await generate({ schemas: join(tmp, "schemas"), out });
}, 240_000);

/** Runs a script in a fresh Node process (asynchronously: the worker must not block). */
async function node(script: string, nodeOptions: string[] = []): Promise<unknown> {
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeOptions, "--input-type=module", "-e", script], { cwd: out, encoding: "utf8" });
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

/** Node options that log every module specifier the ES module loader resolves to `log` (a loader hook on its own thread). */
function logResolutions(log: string): string[] {
  const hooks = join(tmp, "log-resolve.mjs");
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  appendFileSync(${JSON.stringify(log)}, specifier + "\\n");
  return next(specifier, context);
}
`,
  );
  const register = `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(hooks).href)});`;
  return ["--import", `data:text/javascript,${encodeURIComponent(register)}`];
}

describe("lazily loaded validators", () => {
  it("the registry names module and export for each validator instead of importing them", () => {
    const registry = readFileSync(join(out, "registry.js"), "utf8");
    expect(readdirSync(join(out, "validators", "draft7")).filter((f) => f.endsWith(".js")).length).toBeGreaterThan(2);
    expect(registry).not.toMatch(/^import .* from "\.\/validators\//m);
    expect(registry).toMatch(/lazy\("\.\/validators\/draft7\/[^"]+\.js", "v_[^"]+"\)/);
  });

  it("import loads no validator module; a validation loads its own only; verdicts and errors are ajv's", async () => {
    const result = await node(`
      import { registry } from "./registry.js";
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const loaded = () => Object.keys(require.cache).filter((k) => k.includes("/validators/")).length;
      const afterImport = loaded();
      const [key, event] = Object.entries(registry.events)[0];
      const validate = event.validators[event.version];
      const invalid = validate({});
      const errors = validate.errors;
      const afterFirst = loaded();
      const again = validate({});
      const envelopeOk = registry.envelope.validate({});
      console.log(JSON.stringify({ afterImport, afterFirst, invalid, again, errors, errorsAgain: validate.errors, envelopeOk, envelopeErrors: registry.envelope.validate.errors?.length ?? 0, afterEnvelope: loaded() }));
    `);
    const r = result as { afterImport: number; afterFirst: number; invalid: boolean; again: boolean; errors: Array<{ keyword: string }>; errorsAgain: unknown; envelopeOk: boolean; envelopeErrors: number; afterEnvelope: number };
    expect(r.afterImport).toBe(0);
    expect(r.afterFirst).toBe(1);
    expect(r.invalid).toBe(false);
    expect(r.again).toBe(false);
    expect(r.errors.some((e) => e.keyword === "required")).toBe(true);
    expect(r.errorsAgain).toEqual(r.errors);
    expect(r.envelopeOk).toBe(false);
    expect(r.envelopeErrors).toBeGreaterThan(0);
    expect(r.afterEnvelope).toBe(2);
  });

  it("every example of the registry is valid through the lazy validators", async () => {
    const schemas = JSON.stringify(join(tmp, "schemas"));
    const result = await node(`
      import { registry } from "./registry.js";
      import { readFileSync } from "node:fs";
      import { join } from "node:path";
import { pathToFileURL } from "node:url";
      let checked = 0;
      const failed = [];
      for (const event of Object.values(registry.events)) {
        for (const [version, validate] of Object.entries(event.validators)) {
          const schema = JSON.parse(readFileSync(join(${schemas}, ...event.name.split("."), version + ".json"), "utf8"));
          for (const example of schema.examples ?? []) {
            checked++;
            if (!validate(example)) failed.push(event.key + " " + version + ": " + JSON.stringify(validate.errors));
          }
        }
      }
      console.log(JSON.stringify({ checked, failed }));
    `);
    expect(result).toMatchObject({ failed: [] });
    expect((result as { checked: number }).checked).toBeGreaterThan(200);
  });

  it("importing the package and validating load no NATS module nor the runtime's root: the client loads them when first made", async () => {
    const log = join(tmp, "resolved.log");
    writeFileSync(log, "");
    const result = await node(
      `
      import { registry, createEvents } from "./index.js";
      const [, event] = Object.entries(registry.events)[0];
      const valid = event.validators[event.version]({});
      console.log(JSON.stringify({ valid, createEvents: typeof createEvents }));
    `,
      logResolutions(log),
    );
    expect(result).toEqual({ valid: false, createEvents: "function" });
    const resolved = readFileSync(log, "utf8").split("\n").filter(Boolean);
    expect(resolved).toContain("./registry.js");
    expect(resolved).toContain("@jetschema/runtime/lazy-validator");
    expect(resolved.filter((s) => s.startsWith("@nats-io/") || s === "@jetschema/runtime")).toEqual([]);
    expect(resolved).toContain("#load");
    expect(readFileSync(join(out, "index.js"), "utf8")).toMatch(/^export function createEvents\(nc, options\) {\n  const { createEventClient } = loadRuntime\(\);$/m);
  });
});
