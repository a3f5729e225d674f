/**
 * A file's lint facts handed from one process to the next (check/schema-facts.ts, stored by
 * front-end/persisted-front-end.ts): what factsOf found, written as JSON and given to another
 * process's objects of the same file (knownFacts), must be what walking those objects finds, for
 * every fact: same-value steps (of the canonical copy), invalid patterns, `__proto__` properties
 * `const`/`enum` values and types nested too deep, the levels of the root and of each definition
 * (of the value). An empty list is left out of what is stored. Then what the last two facts find, as tables.
 */
import { describe, expect, it } from "vitest";
import {
  deepTypes,
  deepTypesOfFile,
  deepValues,
  deepValuesOfFile,
  factsOf,
  heights,
  heightsOfFile,
  invalidPatterns,
  knownFacts,
  knownFileFacts,
  patternsOfFile,
  protoProperties,
  protoPropertiesOfFile,
  sameValueSteps,
  stepsOfFile,
} from "../../generator/check/schema-facts.js";
import { MAX_TYPE_LEVELS } from "../../generator/check/type-levels.js";
import { MAX_VALUE_LEVELS } from "../../generator/check/value-levels.js";

/** `levels` arrays one in another (`[[]]` is 2), or objects (`{"a":{"a":1}}` is 2). */
function nested(levels: number, kind: "arrays" | "objects" = "arrays"): unknown {
  let value: unknown = kind === "arrays" ? [] : { a: 1 };
  for (let i = 1; i < levels; i++) value = kind === "arrays" ? [value] : { a: value };
  return value;
}
const OVER = MAX_VALUE_LEVELS + 1;
/** `levels` schemas one in another under `keyword` (`{"items":{"items":{}}}` is 2 for "items"), around `inner`. */
function chain(levels: number, keyword: string, inner: object = { type: "string" }): object {
  let schema = inner;
  for (let i = 0; i < levels; i++) {
    schema = ["anyOf", "oneOf", "allOf", "prefixItems"].includes(keyword)
      ? { [keyword]: [schema, { type: "null" }] }
      : keyword === "patternProperties" || keyword === "properties" || keyword === "$defs" || keyword === "dependentSchemas"
        ? { [keyword]: { k: schema } }
        : { [keyword]: schema };
  }
  return schema;
}
const STEP: Record<string, string> = { anyOf: "/anyOf/0", oneOf: "/oneOf/0", allOf: "/allOf/0", prefixItems: "/prefixItems/0", patternProperties: "/patternProperties/k", properties: "/properties/k" };

const cases: Array<[string, object]> = [
  ["nothing to find", { type: "object", properties: { a: { type: "string" } } }],
  ["same-value steps", { allOf: [{ $ref: "#/$defs/a" }], not: { type: "null" }, if: {}, then: {}, else: {}, dependencies: { a: { required: ["b"] }, c: ["d"] }, $defs: { a: { anyOf: [{}, { oneOf: [{}] }] } } }],
  ["invalid patterns", { properties: { a: { type: "string", pattern: "(" } }, patternProperties: { "[": {}, "^ok$": {} } }],
  ["a property named __proto__", JSON.parse('{"properties":{"__proto__":{"type":"string"},"b":{"properties":{"__proto__":{}}}}}')],
  ["a const and an enum member nested too deep", { properties: { a: { const: nested(OVER) }, b: { enum: [1, nested(OVER, "objects")] } } }],
  ["a type nested too deep", { additionalProperties: chain(MAX_TYPE_LEVELS + 3, "items") }],
  ["definitions of either keyword, nested", { type: "object", $defs: { a: chain(3, "items"), "b/~c": { type: "string" } }, definitions: { d: { properties: { e: { items: [{}] } } } } }],
  ["all of them", { ...JSON.parse('{"allOf":[{"pattern":"(?<"}],"properties":{"__proto__":{}}}'), items: { const: nested(OVER) }, anyOf: [chain(MAX_TYPE_LEVELS, "items")] }],
];

/** What walking fresh objects of the schema finds. */
function walked(schema: object) {
  const fresh = () => JSON.parse(JSON.stringify(schema)) as object;
  return { steps: sameValueSteps(fresh()), patterns: invalidPatterns(fresh()), proto: [...protoProperties(fresh())], deepValues: deepValues(fresh()), deepTypes: deepTypes(fresh()), heights: heights(fresh()) };
}

describe("a file's lint facts handed to another process", () => {
  it.each(cases)("%s", (_, schema) => {
    const expected = walked(schema);
    const stored = JSON.parse(JSON.stringify(factsOf(JSON.parse(JSON.stringify(schema)), JSON.parse(JSON.stringify(schema))))) as ReturnType<typeof factsOf>;
    for (const [fact, list] of Object.entries(expected)) expect(fact in stored, `${fact} stored only when found`).toBe(list.length > 0);
    const value = JSON.parse(JSON.stringify(schema)) as object;
    const copy = JSON.parse(JSON.stringify(schema)) as object;
    knownFacts(value, copy, stored);
    expect({ steps: sameValueSteps(copy), patterns: invalidPatterns(value), proto: [...protoProperties(value)], deepValues: deepValues(value), deepTypes: deepTypes(value), heights: heights(value) }).toEqual(expected);
  });

  it("the facts of a file with no canonical copy (not resolved) hold no steps, and its value's facts are still handed over", () => {
    const schema = { allOf: [{}], pattern: "(" };
    const stored = factsOf(JSON.parse(JSON.stringify(schema)), undefined);
    expect(stored.steps).toBeUndefined();
    const value = JSON.parse(JSON.stringify(schema)) as object;
    knownFacts(value, undefined, stored);
    expect(invalidPatterns(value)).toEqual(walked(schema).patterns);
  });
});

/**
 * The same facts asked by file (the rules' way): known by the parsed file they came with, they are
 * answered without reading the file's value or copy (a restored file's are parsed on first read);
 * for any other file, by walking them.
 */
describe("a file's facts asked by file", () => {
  const unread = () => {
    throw new Error("read");
  };
  it.each(cases)("%s: known, nothing read; unknown, walked", (_, schema) => {
    const expected = walked(schema);
    const stored = JSON.parse(JSON.stringify(factsOf(JSON.parse(JSON.stringify(schema)), JSON.parse(JSON.stringify(schema))))) as ReturnType<typeof factsOf>;
    const restored = Object.defineProperty({ json: {} }, "schema", { get: unread }) as { json: object; schema: object };
    knownFileFacts(restored.json, stored);
    expect({
      steps: stepsOfFile(restored, unread),
      patterns: patternsOfFile(restored),
      proto: [...protoPropertiesOfFile(restored)],
      deepValues: deepValuesOfFile(restored),
      deepTypes: deepTypesOfFile(restored),
      heights: heightsOfFile(restored),
    }).toEqual(expected);
    const fresh = { json: {}, schema: JSON.parse(JSON.stringify(schema)) as object };
    expect({
      steps: stepsOfFile(fresh, () => JSON.parse(JSON.stringify(schema)) as object),
      patterns: patternsOfFile(fresh),
      proto: [...protoPropertiesOfFile(fresh)],
      deepValues: deepValuesOfFile(fresh),
      deepTypes: deepTypesOfFile(fresh),
      heights: heightsOfFile(fresh),
    }).toEqual(expected);
  });
});

/** The levels heights() finds, counted as the text scan of the input limits counts them (an object of strings is 1). */
describe("the levels of a file's root and definitions", () => {
  it.each<[string, object, Array<[string, number]>]>([
    ["an object of strings", { type: "string" }, [["", 1]]],
    ["a property", { type: "object", properties: { a: { type: "string" } } }, [["", 3]]],
    ["definitions under both keywords, a name escaped", { $defs: { "a/b": { items: { items: {} } } }, definitions: { c: { type: "string" } } }, [["", 5], ["/$defs/a~1b", 3], ["/definitions/c", 1]]],
    ["data counts as the text does", { examples: [[[1]]] }, [["", 4]]],
  ])("%s", (_, schema, want) => {
    expect(heights(schema)).toEqual(want);
  });
});

/**
 * The `const` values and `enum` members nested more than MAX_VALUE_LEVELS levels of arrays and
 * objects (the rule "A const or enum value nests at most 64 levels", keyword-rules.ts), each with
 * its pointer and depth. Only values in a schema's place count: a property named `const`, and
 * data (`default`, `examples`, an `x-` keyword) however deep, do not.
 */
describe("const and enum values nested too deep", () => {
  const cases: Array<{ given: string; schema: object; want: Array<{ pointer: string; levels: number }> }> = [
    { given: "a const of arrays at the limit", schema: { properties: { a: { const: nested(MAX_VALUE_LEVELS) } } }, want: [] },
    { given: "a const of arrays one past it", schema: { properties: { a: { const: nested(OVER) } } }, want: [{ pointer: "/properties/a/const", levels: OVER }] },
    { given: "a const of objects one past it", schema: { const: nested(OVER, "objects") }, want: [{ pointer: "/const", levels: OVER }] },
    { given: "objects and arrays in turn, counted alike", schema: { const: [{ a: [{ a: nested(OVER - 4) }] }] }, want: [{ pointer: "/const", levels: OVER }] },
    { given: "the deepest branch counts", schema: { const: { shallow: 1, deep: nested(MAX_VALUE_LEVELS) } }, want: [{ pointer: "/const", levels: OVER }] },
    { given: "a scalar const and an empty array", schema: { properties: { a: { const: "x" }, b: { const: [] } } }, want: [] },
    {
      given: "enum members: each on its own, by its index",
      schema: { enum: [1, nested(MAX_VALUE_LEVELS), nested(OVER, "objects"), "x", nested(OVER + 3)] },
      want: [
        { pointer: "/enum/2", levels: OVER },
        { pointer: "/enum/4", levels: OVER + 3 },
      ],
    },
    {
      given: "under items, $defs and x-reply",
      schema: { items: { const: nested(OVER) }, $defs: { "a/b": { enum: [nested(OVER)] } }, "x-reply": { const: nested(OVER) } },
      want: [
        { pointer: "/items/const", levels: OVER },
        { pointer: "/$defs/a~1b/enum/0", levels: OVER },
        { pointer: "/x-reply/const", levels: OVER },
      ],
    },
    { given: "a property named const or enum", schema: { properties: { const: { type: "array" }, enum: { properties: { const: {} } } } }, want: [] },
    { given: "data: default, examples, an x- keyword", schema: { default: nested(OVER), examples: [nested(OVER)], "x-note": { const: nested(OVER) } }, want: [] },
    { given: "an enum that is not a list (the meta-schema reports it)", schema: { enum: nested(OVER, "objects") }, want: [] },
  ];
  it.each(cases)("$given", ({ schema, want }) => {
    expect(deepValues(JSON.parse(JSON.stringify(schema)) as object)).toEqual(want);
  });

  it("measures a value nested 10,000 levels without overflowing the stack", () => {
    expect(deepValues({ const: nested(10_000) })).toEqual([{ pointer: "/const", levels: 10_000 }]);
  });
});

/**
 * The subschemas whose TypeScript type is written more than MAX_TYPE_LEVELS levels inside the type
 * declared around it (the rule "A TypeScript type nests at most 32 levels", keyword-rules.ts), counted
 * as the type emitter nests them (type-levels.ts): each reported where its chain passes the limit,
 * with the deepest level under it. The root's type is level 0, its items or a property's type 1.
 */
describe("types nested too deep", () => {
  const AT = MAX_TYPE_LEVELS;
  const past = (keyword: string, from = "") => from + (STEP[keyword] ?? `/${keyword}`).repeat(AT + 1);
  const cases: Array<{ given: string; schema: object; want: Array<{ pointer: string; levels: number }> }> = [
    ...["items", "prefixItems", "additionalItems", "additionalProperties", "patternProperties", "anyOf", "oneOf", "allOf"].flatMap((keyword) => [
      { given: `${keyword} at the limit`, schema: chain(AT, keyword), want: [] },
      { given: `${keyword} one past it`, schema: chain(AT + 1, keyword), want: [{ pointer: past(keyword), levels: AT + 1 }] },
    ]),
    { given: "the keywords mixed, counted alike", schema: { items: chain(AT - 2, "anyOf", { additionalProperties: { items: [{}] } }) }, want: [{ pointer: `/items${"/anyOf/0".repeat(AT - 2)}/additionalProperties/items/0`, levels: AT + 1 }] },
    { given: "a property's type is one level inside its interface", schema: { type: "object", properties: { a: chain(AT, "items") } }, want: [{ pointer: `/properties/a${"/items".repeat(AT)}`, levels: AT + 1 }] },
    { given: "the deepest branch under the place it passes the limit", schema: chain(AT + 1, "allOf", { anyOf: [{ items: { items: {} } }, {}] }), want: [{ pointer: past("allOf"), levels: AT + 4 }] },
    { given: "two chains, each where it passes", schema: { anyOf: [chain(AT, "items"), chain(AT + 5, "additionalProperties")] }, want: [{ pointer: `/anyOf/0${"/items".repeat(AT)}`, levels: AT + 1 }, { pointer: `/anyOf/1${"/additionalProperties".repeat(AT)}`, levels: AT + 6 }] },
    { given: "objects with properties are interfaces of their own", schema: chain(3 * AT, "properties"), want: [] },
    { given: "an object with properties starts the count again", schema: chain(AT, "items", { type: "object", properties: { k: chain(AT - 1, "items") } }), want: [] },
    { given: "a $ref is the name of a shared type", schema: chain(AT, "items", { $ref: "#/$defs/a" }), want: [] },
    { given: "a definition is a type of its own", schema: { items: { items: {} }, $defs: { a: chain(AT, "items"), b: { $defs: { c: chain(AT, "anyOf") } } } }, want: [] },
    { given: "not, if/then/else and dependentSchemas add no level", schema: chain(AT, "items", chain(3 * AT, "not", { if: chain(AT, "dependentSchemas"), then: {}, else: {} })), want: [] },
    { given: "what they hold is counted from where they are", schema: chain(AT, "items", { not: { items: {} } }), want: [{ pointer: `${"/items".repeat(AT)}/not/items`, levels: AT + 1 }] },
    { given: "a property named items or anyOf", schema: { properties: { items: { properties: { anyOf: {} } } } }, want: [] },
  ];
  it.each(cases)("$given", ({ schema, want }) => {
    expect(deepTypes(JSON.parse(JSON.stringify(schema)) as object)).toEqual(want);
  });
});
