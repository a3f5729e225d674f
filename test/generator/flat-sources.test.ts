/**
 * ajv's retained code made flat as each schema compiles (validators/flat-sources.ts): every
 * function a `getSchema` compiled, the schemas it references included, is taken once, and the
 * module's standalone code is the same text as without it.
 */
import type { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { createAjv, type Dialect } from "../../generator/base/ajv.js";
import { flattenCompiledSources } from "../../generator/validators/flat-sources.js";
import { standaloneModuleCode } from "../../generator/validators/module-code.js";

/** A WeakSet that counts what is added to it. */
class CountingSet extends WeakSet<object> {
  added = 0;
  override add(value: object): this {
    this.added++;
    return super.add(value);
  }
}

const DEFS = "https://example.com/defs.json";
const SOURCES: Record<Dialect, Array<[string, Record<string, unknown>]>> = {
  draft7: [
    [DEFS, { definitions: { Money: { type: "object", required: ["amount"], properties: { amount: { type: "string", pattern: "^\\d+$" } } }, Sku: { type: "string", minLength: 3 } } }],
    ["https://example.com/a.json", { type: "object", required: ["total"], properties: { total: { $ref: `${DEFS}#/definitions/Money` }, sku: { $ref: `${DEFS}#/definitions/Sku` } } }],
    ["https://example.com/b.json", { type: "object", properties: { refund: { $ref: `${DEFS}#/definitions/Money` }, note: { type: "string", maxLength: 10 } } }],
    ["https://example.com/c.json", { type: "array", items: { type: "integer", minimum: 0 } }],
  ],
  draft2020: [
    [DEFS, { $defs: { Money: { type: "object", required: ["amount"], properties: { amount: { type: "string", pattern: "^\\d+$" } } } } }],
    ["https://example.com/a.json", { type: "object", properties: { total: { $ref: `${DEFS}#/$defs/Money` }, tags: { type: "array", prefixItems: [{ type: "string" }], items: false } } }],
  ],
};

function instance(dialect: Dialect): Ajv {
  const ajv = createAjv(dialect, { standalone: true, eager: true });
  for (const [uri, schema] of structuredClone(SOURCES[dialect])) ajv.addSchema(schema, uri);
  return ajv;
}

const roots = (dialect: Dialect) => SOURCES[dialect].map(([uri]) => uri).filter((uri) => uri !== DEFS);
const refs = (dialect: Dialect) => Object.fromEntries(roots(dialect).map((uri, i) => [`check${"ABCD"[i]}`, uri]));

describe("ajv's code made flat as each schema compiles", () => {
  it.each(["draft7", "draft2020"] as const)("%s: the module's code is the same text", (dialect) => {
    const plain = instance(dialect);
    for (const uri of roots(dialect)) plain.getSchema(uri);
    const flat = instance(dialect);
    const flattened = new WeakSet<object>();
    for (const uri of roots(dialect)) {
      flat.getSchema(uri);
      flattenCompiledSources(flat, flattened);
    }
    expect(standaloneModuleCode(flat, refs(dialect))).toBe(standaloneModuleCode(plain, refs(dialect)));
  });

  it.each([
    { given: "a schema with two references: itself, the file they point into and the two definitions", compile: ["https://example.com/a.json"], want: [4] },
    { given: "then one referring to one of them: itself and the definition, which ajv compiles for each schema holding a reference", compile: ["https://example.com/a.json", "https://example.com/b.json"], want: [4, 2] },
    { given: "then one without references", compile: ["https://example.com/a.json", "https://example.com/b.json", "https://example.com/c.json"], want: [4, 2, 1] },
    { given: "the same schema twice", compile: ["https://example.com/c.json", "https://example.com/c.json"], want: [1, 0] },
  ])("takes each compiled function once: $given", ({ compile, want }) => {
    const ajv = instance("draft7");
    const flattened = new CountingSet();
    const added = compile.map((uri) => {
      const before = flattened.added;
      ajv.getSchema(uri);
      flattenCompiledSources(ajv, flattened);
      return flattened.added - before;
    });
    expect(added).toEqual(want);
  });

  it.each([
    { given: "an instance that keeps no code", ajv: () => createAjv("draft7") },
    { given: "an object without ajv's internals", ajv: () => ({}) as Ajv },
  ])("finds nothing to take in $given", ({ ajv }) => {
    const made = ajv();
    if ("addSchema" in made) made.addSchema({ type: "string" }, "https://example.com/s.json").getSchema("https://example.com/s.json");
    const flattened = new CountingSet();
    flattenCompiledSources(made, flattened);
    expect(flattened.added).toBe(0);
  });
});
