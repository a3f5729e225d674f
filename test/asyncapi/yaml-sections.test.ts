import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { asyncApiSections, asyncApiYaml } from "../../generator/emit/asyncapi/emit-asyncapi.js";
import { YamlSections } from "../../generator/emit/asyncapi/yaml-sections.js";
import { exportAll } from "./registries.js";

const OPTIONS = { aliasDuplicateObjects: false, lineWidth: 0, version: "1.1" } as const;

const documents: { given: string; doc: Record<string, unknown> }[] = [
  { given: "block scalars with blank and indented lines, nested", doc: { a: { b: { c: { d: "x\n\ny\n  z\n", e: "one\ntwo" } } } } },
  { given: "strings a YAML 1.1 reader would retype", doc: { channels: { on: { "2025-01-01": "2025-06-01T09:00:00Z", yes: "no", n: "~" } } } },
  { given: "empty mappings and sequences at every depth", doc: { a: {}, b: [], c: { d: {}, e: [], f: { g: {} } } } },
  { given: "sequences of mappings", doc: { components: { schemas: { s: { allOf: [{ $ref: "#/x" }, { type: "object", properties: { p: { enum: [1, "1", null] } } }] } } } } },
  { given: "keys that need quotes", doc: { "a: b": { "#c": { "- d": 1, "": 2, "x y": { "'q'": true } } } } },
  { given: "zero and negative zero", doc: { a: { b: { c: -0 } }, d: { e: { f: 0 } } } },
];

describe("the AsyncAPI document stringified by sections", () => {
  it.each(documents)("$given: the same text as one stringify, first and remembered", ({ doc }) => {
    const sections = new YamlSections(OPTIONS);
    expect(sections.stringify(doc)).toBe(stringify(doc, OPTIONS));
    expect(sections.stringify(doc)).toBe(stringify(doc, OPTIONS));
  });

  it("tells 0 from -0 when a section changes only there", () => {
    const sections = new YamlSections(OPTIONS);
    sections.stringify({ a: { b: { c: { d: 0 } } } });
    expect(sections.stringify({ a: { b: { c: { d: -0 } } } })).toBe(stringify({ a: { b: { c: { d: -0 } } } }, OPTIONS));
  });

  it.each(exportAll())("$dir: the same document with and without sections", ({ model, yaml }) => {
    const sections = asyncApiSections();
    expect(asyncApiYaml(model, sections)).toBe(yaml);
    expect(asyncApiYaml(model, sections)).toBe(yaml);
  });
});
