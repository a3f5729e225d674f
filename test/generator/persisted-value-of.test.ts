/**
 * A restored file's value made from its canonical copy (front-end/persisted-front-end.ts,
 * `valueOf`): the copy with each `$ref` put back as written, sharing every object no `$ref` lies
 * under. It must equal what parsing the copy's JSON again and setting each `$ref` gave (the way it
 * was made before), leave the copy as it was (its `$ref`s canonical), and never share an object
 * on the way to a `$ref` with it: a shared one would carry the written `$ref` into the copy.
 */
import { describe, expect, it } from "vitest";
import { valueOf } from "../../generator/front-end/persisted-front-end.js";
import { getAtPointer } from "../../generator/base/json-pointer.js";

type Refs = Parameters<typeof valueOf>[1];
const target = { file: "x.json", pointer: "" };

/** The value as it was made before: the copy's JSON parsed again, each `$ref` set where it is. */
function reparsed(copyJson: string, refs: Refs): unknown {
  const value = JSON.parse(copyJson) as Record<string, unknown>;
  for (const { ref, pointer } of refs) (getAtPointer(value, pointer) as Record<string, unknown>).$ref = ref;
  return value;
}

/** Every object of `value`, by pointer. */
function objects(value: unknown, pointer = "", out = new Map<string, object>()): Map<string, object> {
  if (typeof value !== "object" || value === null) return out;
  out.set(pointer, value);
  for (const [k, v] of Object.entries(value)) objects(v, `${pointer}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, out);
  return out;
}

const cases: Array<[string, string, Array<[string, string]>]> = [
  ["no $ref", `{"type":"object","properties":{"a":{"type":"string"}}}`, []],
  ["a $ref at the root", `{"$ref":"x.json#","description":"d"}`, [["", "./x.json"]]],
  ["nested $refs, siblings shared", `{"properties":{"a":{"$ref":"x.json#/a"},"b":{"type":"string","enum":["x"]},"c":{"items":{"$ref":"x.json#/c"}}}}`, [["/properties/a", "#/$defs/a"], ["/properties/c/items", "../x.json#/c"]]],
  ["$refs in arrays", `{"allOf":[{"$ref":"x.json#/0"},{"type":"object"},[1,2],{"anyOf":[{"$ref":"x.json#/1"}]}]}`, [["/allOf/0", "a.json"], ["/allOf/3/anyOf/0", "b.json"]]],
  ["two $refs under one object", `{"properties":{"p":{"properties":{"a":{"$ref":"x.json#/a"},"b":{"$ref":"x.json#/b"}}}}}`, [["/properties/p/properties/a", "a"], ["/properties/p/properties/b", "b"]]],
  ["keys to escape, and __proto__", `{"properties":{"a/b":{"$ref":"x.json#/1"},"~t":{"$ref":"x.json#/2"},"__proto__":{"$ref":"x.json#/3"}}}`, [["/properties/a~1b", "1"], ["/properties/~0t", "2"], ["/properties/__proto__", "3"]]],
];

describe("a restored file's value from its canonical copy", () => {
  it.each(cases)("%s", (_, copyJson, pairs) => {
    const refs: Refs = pairs.map(([pointer, ref]) => ({ pointer, ref, target }));
    const copy = JSON.parse(copyJson) as Record<string, unknown>;
    const value = valueOf(copy, refs);
    expect(value).toEqual(reparsed(copyJson, refs));
    expect(JSON.stringify(value)).toBe(JSON.stringify(reparsed(copyJson, refs)));
    expect(copy, "the copy is left as it was").toEqual(JSON.parse(copyJson));
    expect(value).not.toBe(copy);
    // The root is always the value's own; so is every object on the way to a `$ref`.
    const onTheWay = new Set(["", ...refs.flatMap(({ pointer }) => pointer.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/")))]);
    const copyObjects = objects(copy);
    for (const [pointer, node] of objects(value)) {
      if (onTheWay.has(pointer)) expect(node, `${pointer} is the value's own`).not.toBe(copyObjects.get(pointer));
      else expect(node, `${pointer} is shared`).toBe(copyObjects.get(pointer));
    }
    // `__proto__` stays an own property of the value, not its prototype.
    if (copyJson.includes("__proto__")) expect(Object.getPrototypeOf((value.properties as object))).toBe(Object.prototype);
  });

  it("a $ref where the copy holds no object fails (the entry is then not used)", () => {
    expect(() => valueOf({ properties: { a: "text" } }, [{ pointer: "/properties/a", ref: "x", target }])).toThrow();
    expect(() => valueOf({ properties: {} }, [{ pointer: "/properties/a", ref: "x", target }])).toThrow();
  });
});
