/**
 * A file's lint facts handed from one process to the next (check/schema-facts.ts, stored by
 * front-end/persisted-front-end.ts): what factsOf found, written as JSON and given to another
 * process's objects of the same file (knownFacts), must be what walking those objects finds, for
 * every fact: same-value steps (of the canonical copy), invalid patterns, `__proto__` properties
 * and `const`/`enum` values nested too deep (of the value). An empty list is left out of what is
 * stored. Then what the last fact finds, as a table.
 */
import { describe, expect, it } from "vitest";
import {
  deepValues,
  deepValuesOfFile,
  factsOf,
  invalidPatterns,
  knownFacts,
  knownFileFacts,
  patternsOfFile,
  protoProperties,
  protoPropertiesOfFile,
  sameValueSteps,
  stepsOfFile,
} from "../../generator/check/schema-facts.js";
import { MAX_VALUE_LEVELS } from "../../generator/check/value-levels.js";

/** `levels` arrays one in another (`[[]]` is 2), or objects (`{"a":{"a":1}}` is 2). */
function nested(levels: number, kind: "arrays" | "objects" = "arrays"): unknown {
  let value: unknown = kind === "arrays" ? [] : { a: 1 };
  for (let i = 1; i < levels; i++) value = kind === "arrays" ? [value] : { a: value };
  return value;
}
const OVER = MAX_VALUE_LEVELS + 1;

const cases: Array<[string, object]> = [
  ["nothing to find", { type: "object", properties: { a: { type: "string" } } }],
  ["same-value steps", { allOf: [{ $ref: "#/$defs/a" }], not: { type: "null" }, if: {}, then: {}, else: {}, dependencies: { a: { required: ["b"] }, c: ["d"] }, $defs: { a: { anyOf: [{}, { oneOf: [{}] }] } } }],
  ["invalid patterns", { properties: { a: { type: "string", pattern: "(" } }, patternProperties: { "[": {}, "^ok$": {} } }],
  ["a property named __proto__", JSON.parse('{"properties":{"__proto__":{"type":"string"},"b":{"properties":{"__proto__":{}}}}}')],
  ["a const and an enum member nested too deep", { properties: { a: { const: nested(OVER) }, b: { enum: [1, nested(OVER, "objects")] } } }],
  ["all of them", { ...JSON.parse('{"allOf":[{"pattern":"(?<"}],"properties":{"__proto__":{}}}'), items: { const: nested(OVER) } }],
];

/** What walking fresh objects of the schema finds. */
function walked(schema: object) {
  const fresh = () => JSON.parse(JSON.stringify(schema)) as object;
  return { steps: sameValueSteps(fresh()), patterns: invalidPatterns(fresh()), proto: [...protoProperties(fresh())], deepValues: deepValues(fresh()) };
}

describe("a file's lint facts handed to another process", () => {
  it.each(cases)("%s", (_, schema) => {
    const expected = walked(schema);
    const stored = JSON.parse(JSON.stringify(factsOf(JSON.parse(JSON.stringify(schema)), JSON.parse(JSON.stringify(schema))))) as ReturnType<typeof factsOf>;
    for (const [fact, list] of Object.entries(expected)) expect(fact in stored, `${fact} stored only when found`).toBe(list.length > 0);
    const value = JSON.parse(JSON.stringify(schema)) as object;
    const copy = JSON.parse(JSON.stringify(schema)) as object;
    knownFacts(value, copy, stored);
    expect({ steps: sameValueSteps(copy), patterns: invalidPatterns(value), proto: [...protoProperties(value)], deepValues: deepValues(value) }).toEqual(expected);
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
    expect({ steps: stepsOfFile(restored, unread), patterns: patternsOfFile(restored), proto: [...protoPropertiesOfFile(restored)], deepValues: deepValuesOfFile(restored) }).toEqual(expected);
    const fresh = { json: {}, schema: JSON.parse(JSON.stringify(schema)) as object };
    expect({
      steps: stepsOfFile(fresh, () => JSON.parse(JSON.stringify(schema)) as object),
      patterns: patternsOfFile(fresh),
      proto: [...protoPropertiesOfFile(fresh)],
      deepValues: deepValuesOfFile(fresh),
    }).toEqual(expected);
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
