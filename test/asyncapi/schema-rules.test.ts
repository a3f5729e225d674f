/** The rules that turn a registry schema into an AsyncAPI Schema Object, one given/want per rule. */
import { describe, expect, it } from "vitest";
import { asyncApiSchema, schemaRules } from "../../generator/emit/asyncapi/schema-rules.js";

const ctx = { componentRef: (ref: string) => `#/components/schemas/${ref.split("/").pop()}` };

const CASES: Array<{ rule: string; given: unknown; want: unknown }> = [
  {
    rule: "Point a $ref at the component of the definition it names",
    given: { properties: { id: { $ref: "https://jetschema.local/defs/common.json#/$defs/Id", description: "kept" } } },
    want: { properties: { id: { $ref: "#/components/schemas/Id", description: "kept" } } },
  },
  {
    rule: "Drop $schema: every schema of the document is an AsyncAPI Schema Object",
    given: { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object" },
    want: { type: "object" },
  },
  {
    rule: "Drop $defs and definitions: each definition a $ref uses is a component of its own",
    given: { $defs: { A: { type: "string" } }, properties: { definitions: { definitions: { B: {} }, type: "string" } } },
    want: { properties: { definitions: { type: "string" } } },
  },
  {
    rule: "Drop $anchor and $dynamicAnchor: references name components, not anchors",
    given: { $anchor: "a", properties: { x: { $dynamicAnchor: "b", type: "string" } } },
    want: { properties: { x: { type: "string" } } },
  },
  {
    rule: "Drop the registry's own keywords: channels, messages and operations say it",
    given: { "x-subject": "s", "x-type": "t", "x-delivery": "at-most-once", "x-pattern": "request-reply", "x-reply": { type: "object" }, "x-producers": ["a"], "x-consumers": ["b"], "x-pii": true, type: "object" },
    want: { "x-pii": true, type: "object" },
  },
  {
    rule: "Read 2020-12 prefixItems as draft-07 items",
    given: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false },
    want: { type: "array", items: [{ type: "string" }, { type: "integer" }], additionalItems: false },
  },
];

describe("AsyncAPI schema rules", () => {
  it("has a case for every rule", () => {
    expect(CASES.map((c) => c.rule)).toEqual([...schemaRules.keys()]);
  });

  it.each(CASES)("$rule", ({ given, want }) => {
    const before = structuredClone(given);
    expect(asyncApiSchema(given, ctx)).toEqual(want);
    expect(given).toEqual(before);
  });

  it("leaves data that looks like a keyword alone: examples, const and enum values", () => {
    const given = { const: { $ref: "x", $schema: "y" }, examples: [{ $defs: 1, "x-type": 2 }] };
    expect(asyncApiSchema(given, ctx)).toEqual(given);
  });
});
