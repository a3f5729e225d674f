import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { GeneratorCache } from "../../generator/cache/generator-cache.js";
import { asyncApiSections, asyncApiYaml } from "../../generator/emit/asyncapi/emit-asyncapi.js";
import { YamlSections } from "../../generator/emit/asyncapi/yaml-sections.js";
import { exportAll } from "./registries.js";

const OPTIONS = { aliasDuplicateObjects: false, lineWidth: 0, version: "1.1" } as const;
const libraryText = (section: Record<string, unknown>) => stringify(section, OPTIONS);

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
    const sections = new YamlSections(libraryText);
    expect(sections.stringify(doc)).toBe(stringify(doc, OPTIONS));
    expect(sections.stringify(doc)).toBe(stringify(doc, OPTIONS));
  });

  it("after a document of other sections, and back: each the same text as one stringify, after the head", () => {
    const sections = new YamlSections(libraryText);
    const docs = [documents[0]!.doc, documents[3]!.doc, documents[3]!.doc, documents[0]!.doc, { a: { b: { c: { d: "x\n\ny\n  z\n" } } } }];
    for (const doc of docs) expect(sections.stringify(doc, "# head\n")).toBe(`# head\n${stringify(doc, OPTIONS)}`);
  });

  it("tells 0 from -0 when a section changes only there", () => {
    const sections = new YamlSections(libraryText);
    sections.stringify({ a: { b: { c: { d: 0 } } } });
    expect(sections.stringify({ a: { b: { c: { d: -0 } } } })).toBe(stringify({ a: { b: { c: { d: -0 } } } }, OPTIONS));
  });

  it("knows a frozen section by its object, its key and its depth", () => {
    const sections = new YamlSections(libraryText);
    const value = Object.freeze({ type: "string", maxLength: 3 });
    const docs = [{ a: { b: { c: value } } }, { a: { b: { d: value, c: value } } }, { a: { c: value } }, { c: value }];
    for (const doc of docs) expect(sections.stringify(doc)).toBe(stringify(doc, OPTIONS));
  });

  it.each(exportAll())("$dir: the same document with and without sections", ({ model, yaml }) => {
    const sections = asyncApiSections();
    expect(asyncApiYaml(model, sections)).toBe(yaml);
    expect(asyncApiYaml(model, sections)).toBe(yaml);
  });
});

describe("the AsyncAPI sections in the generator cache", () => {
  const tmp = mkdtempSync(join(tmpdir(), "jetschema-asyncapi-cache-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each(exportAll())("$dir: a cold and a warm process write the same document, the warm one stringifies no section", ({ dir, model, yaml }) => {
    const cacheDir = join(tmp, dir.replace(/\W+/g, "-"));
    const cold = new GeneratorCache({ dir: cacheDir });
    expect(asyncApiYaml(model, asyncApiSections(cold.asyncApiYaml))).toBe(yaml);
    cold.store.flush();
    expect(cold.store.stats.writes).toBeGreaterThan(0);

    const warm = new GeneratorCache({ dir: cacheDir });
    expect(asyncApiYaml(model, asyncApiSections(warm.asyncApiYaml))).toBe(yaml);
    expect(warm.store.stats.misses["asyncapi-yaml"] ?? 0).toBe(0);
    expect(warm.store.stats.hits["asyncapi-yaml"]).toBeGreaterThan(0);
    expect(warm.store.stats.writes).toBe(0);
  });

  it("a changed section is stringified again, the rest served", () => {
    const cacheDir = join(tmp, "changed");
    const cold = new GeneratorCache({ dir: cacheDir });
    const before = { channels: { a: { address: "a.v1" }, b: { address: "b.v1" } } };
    new YamlSections(libraryText, cold.asyncApiYaml).stringify(before);
    cold.store.flush();
    const warm = new GeneratorCache({ dir: cacheDir });
    const after = { channels: { a: { address: "a.v1" }, b: { address: "b.v2" } } };
    expect(new YamlSections(libraryText, warm.asyncApiYaml).stringify(after)).toBe(stringify(after, OPTIONS));
    expect(warm.store.stats.misses["asyncapi-yaml"]).toBe(1);
  });
});
