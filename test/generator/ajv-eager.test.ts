/**
 * The compile workers' ajv compiles each validator eagerly (base/ajv.ts, `eager`): only the source
 * given to `new Function` changes, so the verdicts, the errors and the standalone code are the
 * same as an instance without it.
 */
import { describe, expect, it } from "vitest";
import { compiledEagerly, createAjv } from "../../generator/base/ajv.js";
import { standaloneModuleCode } from "../../generator/validators/module-code.js";

describe("compiledEagerly", () => {
  const cases: Array<[string, string, string]> = [
    ["a validator", "const schema0 = scope.schema[0];\nreturn function validate0(data){\nreturn true;\n}", "const schema0 = scope.schema[0];\nreturn (function validate0(data){\nreturn true;\n})"],
    ["an async validator", "return async function validate1(data){}", "return (async function validate1(data){})"],
    ["no returned function", "return validate2", "return validate2"],
    ["a later return inside the function", "return function validate3(data){ return function(){}; }", "return (function validate3(data){ return function(){}; })"],
  ];
  it.each(cases)("%s", (_name, given, want) => {
    expect(compiledEagerly(given)).toBe(want);
  });
});

describe("an eager instance", () => {
  const schemas: Array<[string, Record<string, unknown>]> = [
    ["https://x.test/money.json", { type: "object", properties: { amount: { type: "number", minimum: 0 }, currency: { enum: ["EUR", "USD"] } }, required: ["amount", "currency"] }],
    ["https://x.test/order.json", { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { id: { type: "string", format: "uuid" }, total: { $ref: "money.json" }, lines: { type: "array", items: { $ref: "money.json" } } }, required: ["id"], additionalProperties: false }],
  ];
  const data: unknown[] = [
    { id: "7d1b6f36-5d8e-4a8b-9d0e-0f5c1a2b3c4d", total: { amount: 1, currency: "EUR" } },
    { id: "nope", total: { amount: -1, currency: "GBP" }, lines: [{}], extra: true },
    "not an object",
  ];
  const build = (eager: boolean) => {
    const ajv = createAjv("draft2020", { standalone: true, eager });
    for (const [uri, schema] of schemas) ajv.addSchema(schema, uri);
    return ajv;
  };

  it("judges data as a lazy one does, errors included", () => {
    const eager = build(true).getSchema("https://x.test/order.json")!;
    const lazy = build(false).getSchema("https://x.test/order.json")!;
    for (const d of data) {
      expect(eager(d)).toBe(lazy(d));
      expect(eager.errors).toEqual(lazy.errors);
    }
  });

  it("writes the same standalone code", () => {
    const refs = { order: "https://x.test/order.json" };
    const eager = build(true);
    const lazy = build(false);
    eager.getSchema(refs.order);
    lazy.getSchema(refs.order);
    expect(standaloneModuleCode(eager, refs)).toBe(standaloneModuleCode(lazy, refs));
  });
});
