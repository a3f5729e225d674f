/**
 * A file's lint facts handed from one process to the next (check/schema-facts.ts, stored by
 * front-end/persisted-front-end.ts): what factsOf found, written as JSON and given to another
 * process's objects of the same file (knownFacts), must be what walking those objects finds, for
 * every fact: same-value steps (of the canonical copy), invalid patterns and `__proto__`
 * properties (of the value). An empty list is left out of what is stored.
 */
import { describe, expect, it } from "vitest";
import { factsOf, invalidPatterns, knownFacts, knownFileFacts, patternsOfFile, protoProperties, protoPropertiesOfFile, sameValueSteps, stepsOfFile } from "../../generator/check/schema-facts.js";

const cases: Array<[string, object]> = [
  ["nothing to find", { type: "object", properties: { a: { type: "string" } } }],
  ["same-value steps", { allOf: [{ $ref: "#/$defs/a" }], not: { type: "null" }, if: {}, then: {}, else: {}, dependencies: { a: { required: ["b"] }, c: ["d"] }, $defs: { a: { anyOf: [{}, { oneOf: [{}] }] } } }],
  ["invalid patterns", { properties: { a: { type: "string", pattern: "(" } }, patternProperties: { "[": {}, "^ok$": {} } }],
  ["a property named __proto__", JSON.parse('{"properties":{"__proto__":{"type":"string"},"b":{"properties":{"__proto__":{}}}}}')],
  ["all of them", JSON.parse('{"allOf":[{"pattern":"(?<"}],"properties":{"__proto__":{}}}')],
];

/** What walking fresh objects of the schema finds. */
function walked(schema: object) {
  const fresh = () => JSON.parse(JSON.stringify(schema)) as object;
  return { steps: sameValueSteps(fresh()), patterns: invalidPatterns(fresh()), proto: [...protoProperties(fresh())] };
}

describe("a file's lint facts handed to another process", () => {
  it.each(cases)("%s", (_, schema) => {
    const expected = walked(schema);
    const stored = JSON.parse(JSON.stringify(factsOf(JSON.parse(JSON.stringify(schema)), JSON.parse(JSON.stringify(schema))))) as ReturnType<typeof factsOf>;
    for (const [fact, list] of Object.entries(expected)) expect(fact in stored, `${fact} stored only when found`).toBe(list.length > 0);
    const value = JSON.parse(JSON.stringify(schema)) as object;
    const copy = JSON.parse(JSON.stringify(schema)) as object;
    knownFacts(value, copy, stored);
    expect({ steps: sameValueSteps(copy), patterns: invalidPatterns(value), proto: [...protoProperties(value)] }).toEqual(expected);
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
    expect({ steps: stepsOfFile(restored, unread), patterns: patternsOfFile(restored), proto: [...protoPropertiesOfFile(restored)] }).toEqual(expected);
    const fresh = { json: {}, schema: JSON.parse(JSON.stringify(schema)) as object };
    expect({ steps: stepsOfFile(fresh, () => JSON.parse(JSON.stringify(schema)) as object), patterns: patternsOfFile(fresh), proto: [...protoPropertiesOfFile(fresh)] }).toEqual(expected);
  });
});
