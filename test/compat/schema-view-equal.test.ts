/**
 * deepEqual (generator/compat/schema-view.ts) is "equal stableJson texts", found without writing
 * them: every row checks both, so the two can never drift apart on JSON data.
 */
import { describe, expect, it } from "vitest";
import { deepEqual, stableJson } from "../../generator/compat/schema-view.js";

const nested = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { properties: { a: nested(depth - 1, leaf) }, type: "object" });

const rows: Array<{ given: string; a: unknown; b: unknown; want: boolean }> = [
  { given: "members in another order", a: { type: "string", maxLength: 3 }, b: { maxLength: 3, type: "string" }, want: true },
  { given: "a member's value differs", a: { maxLength: 3 }, b: { maxLength: 4 }, want: false },
  { given: "a member more on one side", a: { type: "string" }, b: { type: "string", format: "uuid" }, want: false },
  { given: "array items in another order", a: { required: ["a", "b"] }, b: { required: ["b", "a"] }, want: false },
  { given: "arrays of objects, members reordered", a: { oneOf: [{ a: 1, b: 2 }] }, b: { oneOf: [{ b: 2, a: 1 }] }, want: true },
  { given: "an array against an object with index keys", a: ["x"], b: { 0: "x" }, want: false },
  { given: "null against an empty object", a: null, b: {}, want: false },
  { given: "true against the empty schema", a: true, b: {}, want: false },
  { given: "0 and -0 (JSON writes both as 0)", a: { minimum: 0 }, b: { minimum: -0 }, want: true },
  { given: "1 against \"1\"", a: { const: 1 }, b: { const: "1" }, want: false },
  { given: "two absent schemas", a: undefined, b: undefined, want: true },
  { given: "an absent schema against an empty one", a: undefined, b: {}, want: false },
  { given: "equal at depth 300", a: nested(300, { type: "string" }), b: nested(300, { type: "string" }), want: true },
  { given: "a leaf differs at depth 300", a: nested(300, { type: "string" }), b: nested(300, { type: "integer" }), want: false },
];

describe("deepEqual", () => {
  it.each(rows)("$given: $want", ({ a, b, want }) => {
    expect(deepEqual(a, b)).toBe(want);
    expect(stableJson(a) === stableJson(b)).toBe(want);
  });
});
