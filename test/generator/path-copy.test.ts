/**
 * base/path-copy.ts: a copy that owns the nodes on the way to what a caller changes and shares the
 * rest with the value, which stays as it was; and resolving's canonical copies made with it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Diagnostics } from "../../generator/base/diagnostics.js";
import { PathCopy } from "../../generator/base/path-copy.js";
import { getAtPointer } from "../../generator/base/json-pointer.js";
import { loadRegistry } from "../../generator/load/load-registry.js";
import { canonicalUri, resolveRefs } from "../../generator/resolve/resolve-refs.js";

const SCHEMA = () =>
  JSON.parse(
    JSON.stringify({
      type: "object",
      properties: {
        a: { type: "string" },
        "b/c~d": { items: [{ $ref: "x.json" }, { type: "number" }] },
        deep: { properties: { e: { $ref: "y.json" }, f: { enum: [1, 2] } } },
      },
      required: ["a"],
    }),
  ) as Record<string, unknown>;

describe("PathCopy", () => {
  const cases: Array<{ given: string; value: () => Record<string, unknown>; change: Record<string, (node: Record<string, unknown>) => void>; shared: string[]; owned: string[] }> = [
    { given: "nothing asked for", value: SCHEMA, change: {}, shared: ["/properties", "/properties/a", "/required"], owned: [""] },
    { given: "a node in an object", value: SCHEMA, change: { "/properties/deep/properties/e": (n) => (n.$ref = "#/rewritten") }, shared: ["/properties/a", "/properties/deep/properties/f", "/properties/b~1c~0d", "/required"], owned: ["", "/properties", "/properties/deep", "/properties/deep/properties", "/properties/deep/properties/e"] },
    { given: "a node in an array, under an escaped key", value: SCHEMA, change: { "/properties/b~1c~0d/items/0": (n) => delete n.$ref }, shared: ["/properties/a", "/properties/deep", "/properties/b~1c~0d/items/1"], owned: ["", "/properties", "/properties/b~1c~0d", "/properties/b~1c~0d/items", "/properties/b~1c~0d/items/0"] },
    { given: "two nodes under one parent, asked for in turn", value: SCHEMA, change: { "/properties/a": (n) => (n.type = "integer"), "/properties/deep/properties/f": (n) => delete n.enum }, shared: ["/properties/b~1c~0d", "/properties/deep/properties/e", "/required"], owned: ["", "/properties", "/properties/a", "/properties/deep/properties/f"] },
  ];

  it.each(cases)("$given: the value unchanged, the copy its changed version, untouched parts shared", ({ value, change, shared, owned }) => {
    const original = value();
    const before = JSON.stringify(original);
    const copy = new PathCopy(original);
    for (const [pointer, edit] of Object.entries(change)) edit(copy.at(pointer));
    expect(JSON.stringify(original)).toBe(before);
    const want = value();
    for (const [pointer, edit] of Object.entries(change)) edit(getAtPointer(want, pointer) as Record<string, unknown>);
    expect(copy.root).toStrictEqual(want);
    for (const pointer of shared) expect(getAtPointer(copy.root, pointer), pointer).toBe(getAtPointer(original, pointer));
    for (const pointer of owned) expect(getAtPointer(copy.root, pointer), pointer).not.toBe(getAtPointer(original, pointer));
  });

  it("keeps a `__proto__` member on the way a member, and every object's prototype as it was", () => {
    const original = JSON.parse('{"properties":{"__proto__":{"$ref":"x.json"},"b":{}}}') as Record<string, unknown>;
    const copy = new PathCopy(original);
    copy.at("/properties/__proto__").$ref = "#/y";
    const properties = copy.root.properties as Record<string, unknown>;
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(Object.keys(properties)).toEqual(["__proto__", "b"]);
    expect(Object.getOwnPropertyDescriptor(properties, "__proto__")?.value).toEqual({ $ref: "#/y" });
    expect(JSON.stringify(original)).toBe('{"properties":{"__proto__":{"$ref":"x.json"},"b":{}}}');
  });

  it("asked for a node the value does not have as an object, throws", () => {
    const copy = new PathCopy(SCHEMA());
    expect(() => copy.at("/properties/missing")).toThrow(/no object at/);
    expect(() => copy.at("/required/0")).toThrow(/no object at/);
  });
});

describe("resolving's canonical copies", () => {
  it("rewrite each `$ref` and drop each `$id` in the copy only, sharing every object with neither in or under it with the file's value", () => {
    const diagnostics = new Diagnostics();
    const loaded = loadRegistry(join(process.cwd(), "schemas"), diagnostics);
    const { normalized } = resolveRefs(loaded, diagnostics);
    expect(diagnostics.errors).toEqual([]);
    let shared = 0;
    let refs = 0;
    for (const doc of loaded.docs.values()) {
      expect(doc.schema, doc.file).toStrictEqual(JSON.parse(readFileSync(join(process.cwd(), "schemas", doc.file), "utf8")));
      const copy = normalized.get(doc.file)!;
      expect(copy).not.toBe(doc.schema);
      const visit = (value: unknown, inCopy: unknown, at: string): void => {
        if (typeof value !== "object" || value === null) return;
        const changed = JSON.stringify(value).includes('"$ref"') || JSON.stringify(value).includes('"$id"');
        if (!changed && at !== "") {
          expect(inCopy, `${doc.file}${at}`).toBe(value);
          shared++;
          return;
        }
        for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key], (inCopy as Record<string, unknown>)[key], `${at}/${key}`);
        const ref = (value as Record<string, unknown>).$ref;
        if (typeof ref === "string") {
          refs++;
          expect((inCopy as Record<string, unknown>).$ref, `${doc.file}${at}`).toMatch(new RegExp(`^${canonicalUri("").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
        }
      };
      visit(doc.schema, copy, "");
      expect(copy.$id, doc.file).toBeUndefined();
    }
    expect(shared).toBeGreaterThan(100);
    expect(refs).toBeGreaterThan(10);
  });
});
