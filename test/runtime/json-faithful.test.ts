import { describe, expect, it } from "vitest";
import { MAX_DEPTH, unfaithfulToJson } from "../../runtime/src/envelope/json-faithful.js";

const cyclic: Record<string, unknown> = { name: "a" };
cyclic.self = { back: cyclic };
let deep: unknown = {};
for (let i = 0; i < MAX_DEPTH + 5; i++) deep = { d: deep };
const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays

describe("unfaithfulToJson: where JSON would send another value than the one validated", () => {
  it.each([
    { given: "plain JSON data", value: { a: [1, "x", null, true, { b: -0 }], c: "ünï" }, want: [] },
    { given: "an undefined property (absent for the schema and the text alike)", value: { a: undefined }, want: [] },
    { given: "a class instance without toJSON", value: { at: new (class Point { x = 1 })() }, want: [] },
    { given: "NaN", value: { n: NaN }, want: ["/n is NaN"] },
    { given: "-Infinity in an array", value: { list: [1, -Infinity] }, want: ["/list/1 is -Infinity"] },
    { given: "a bigint", value: { big: 10n }, want: ["/big is a bigint"] },
    { given: "a function value, dropped with its key", value: { f: () => 1 }, want: ["/f is a function"] },
    { given: "a symbol value", value: { s: Symbol("x") }, want: ["/s is a symbol"] },
    { given: "undefined in an array", value: [undefined], want: ["/0 is undefined"] },
    { given: "a hole in an array", value: { h: sparse }, want: ["/h/1 is a hole"] },
    { given: "a Date", value: { when: new Date(0) }, want: ["/when is a Date"] },
    { given: "an object with toJSON()", value: { money: { toJSON: () => "1 EUR" } }, want: ["/money has a toJSON() method"] },
    { given: "a key that needs escaping", value: { "a/b~c": NaN }, want: ["/a~1b~0c is NaN"] },
    { given: "a cycle", value: cyclic, want: ["refers back to an object that contains it"] },
    { given: "nesting deeper than the limit", value: deep, want: [`is nested deeper than ${MAX_DEPTH} levels`] },
    { given: "several places", value: { a: NaN, b: [Infinity] }, want: ["/a is NaN", "/b/0 is Infinity"] },
  ])("$given", ({ value, want }) => {
    const issues = unfaithfulToJson(value);
    expect(issues).toHaveLength(want.length);
    issues.forEach((issue, i) => {
      expect(issue.keyword).toBe("json");
      expect(`${issue.pointer} ${issue.message}`).toContain(want[i]);
    });
  });
});
