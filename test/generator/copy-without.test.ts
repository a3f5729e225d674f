/**
 * copyWithout (base/schema-walk.ts): a schema copied without some keywords in every subschema, the
 * walk's own subschema positions, data copied whole. Checked by a table, and against what it
 * replaced (structuredClone, then walkSchema deleting the keywords) on every schema file of the
 * repository's registries and fixtures.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyWithout, walkSchema } from "../../generator/base/schema-walk.js";
import { exactJson } from "../../generator/base/hash.js";
import { REPO_ROOT } from "../support/bin.js";

const ANNOTATION = (key: string) => ["title", "description", "examples", "$comment"].includes(key) || (key.startsWith("x-") && key !== "x-reply");

/** What copyWithout replaced. */
function deletedFromClone(schema: Record<string, unknown>, dropped: (key: string) => boolean): Record<string, unknown> {
  const copy = structuredClone(schema);
  walkSchema(copy, ({ node }) => {
    for (const key of Object.keys(node)) if (dropped(key)) delete node[key];
  });
  return copy;
}

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe("copyWithout", () => {
  it.each([
    { given: "annotations at the root and under properties", schema: json('{"title":"T","type":"object","properties":{"a":{"description":"d","type":"string"}}}'), want: '{"type":"object","properties":{"a":{"type":"string"}}}' },
    { given: "a property named like an annotation", schema: json('{"properties":{"title":{"type":"string","title":"x"}}}'), want: '{"properties":{"title":{"type":"string"}}}' },
    { given: "annotation keys inside data", schema: json('{"enum":[{"title":"kept"}],"const":{"description":"kept"},"default":{"x-a":1}}'), want: '{"enum":[{"title":"kept"}],"const":{"description":"kept"},"default":{"x-a":1}}' },
    { given: "lists and maps of subschemas", schema: json('{"anyOf":[{"title":"a"},true],"items":[{"$comment":"c"}],"$defs":{"D":{"x-pii":true,"type":"number"}},"dependencies":{"a":["b"],"c":{"title":"t"}}}'), want: '{"anyOf":[{},true],"items":[{}],"$defs":{"D":{"type":"number"}},"dependencies":{"a":["b"],"c":{}}}' },
    { given: "x-reply kept as a subschema, its annotations dropped", schema: json('{"x-reply":{"title":"R","type":"object"},"x-subject":"a.b"}'), want: '{"x-reply":{"type":"object"}}' },
    { given: "a __proto__ property", schema: json('{"properties":{"__proto__":{"type":"string","title":"p"}}}'), want: '{"properties":{"__proto__":{"type":"string"}}}' },
  ])("$given", ({ schema, want }) => {
    const copy = copyWithout(schema, ANNOTATION);
    expect(exactJson(copy)).toBe(want);
    expect(exactJson(copy)).toBe(exactJson(deletedFromClone(schema, ANNOTATION)));
  });

  it("shares no object with the schema it copies", () => {
    const schema = json('{"properties":{"a":{"enum":[{"k":1}],"items":{"type":"string"}}},"required":["a"]}');
    const copy = copyWithout(schema, ANNOTATION) as any;
    const original = schema as any;
    expect(copy.properties).not.toBe(original.properties);
    expect(copy.properties.a.enum[0]).not.toBe(original.properties.a.enum[0]);
    expect(copy.required).not.toBe(original.required);
    expect(copy.properties.a.items).not.toBe(original.properties.a.items);
  });

  it("copies every schema of the repository as the clone and delete did", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".json") && name !== "expected.json" && name !== "registry.json") files.push(path);
      }
    };
    for (const root of ["schemas", "examples", "test/fixtures/good"]) walk(join(REPO_ROOT, root));
    let compared = 0;
    for (const file of files) {
      let schema: unknown;
      try {
        schema = JSON.parse(readFileSync(file, "utf8"));
      } catch {
        continue;
      }
      if (typeof schema !== "object" || schema === null || Array.isArray(schema)) continue;
      expect(exactJson(copyWithout(schema as Record<string, unknown>, ANNOTATION)), file).toBe(exactJson(deletedFromClone(schema as Record<string, unknown>, ANNOTATION)));
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });
});
