/**
 * A watch session keeps each package file printed from plain data by the exact JSON of that data
 * (GenerateSession.printedWith): the same data serves the last text without printing or asking
 * the cache; any other data (a value, `undefined` against a missing member, another file) prints.
 */
import { describe, expect, it } from "vitest";
import { GenerateSession } from "../../generator/generate-session.js";
import { exactJson } from "../../generator/base/hash.js";

const cases: Array<{ given: string; first: [string, unknown]; then: [string, unknown]; printsAgain: boolean }> = [
  { given: "the same data again", first: ["registry.js", { a: [1, "x"] }], then: ["registry.js", { a: [1, "x"] }], printsAgain: false },
  { given: "a value changed", first: ["registry.js", { a: [1, "x"] }], then: ["registry.js", { a: [2, "x"] }], printsAgain: true },
  { given: "a member undefined instead of missing", first: ["index.d.ts", { a: 1 }], then: ["index.d.ts", { a: 1, b: undefined }], printsAgain: true },
  { given: "the same data for another file", first: ["subjects.js", { a: 1 }], then: ["subjects.d.ts", { a: 1 }], printsAgain: true },
  // What JSON writes alike, told apart as exactJson tells them (the session compares data with the last input read back from it).
  { given: "-0 instead of 0", first: ["registry.js", { a: [0] }], then: ["registry.js", { a: [-0] }], printsAgain: true },
  { given: "NaN instead of null", first: ["registry.js", { a: null }], then: ["registry.js", { a: NaN }], printsAgain: true },
  { given: "null instead of NaN", first: ["registry.js", { a: NaN }], then: ["registry.js", { a: null }], printsAgain: true },
  { given: "Infinity instead of null", first: ["registry.js", [null]], then: ["registry.js", [Infinity]], printsAgain: true },
  { given: "undefined instead of null in a list", first: ["registry.js", [null]], then: ["registry.js", [undefined]], printsAgain: true },
  { given: "a string spelled as exactJson's mark of undefined", first: ["registry.js", { a: undefined }], then: ["registry.js", { a: "\u0000undefined" }], printsAgain: true },
  { given: "NaN again", first: ["registry.js", { a: NaN, b: [undefined] }], then: ["registry.js", { a: NaN, b: [undefined] }], printsAgain: false },
  { given: "a string starting with the mark again", first: ["registry.js", { a: "\u0000x" }], then: ["registry.js", { a: "\u0000x" }], printsAgain: false },
  { given: "members in another order", first: ["registry.js", { a: 1, b: 2 }], then: ["registry.js", { b: 2, a: 1 }], printsAgain: true },
  { given: "a null-prototype object for a plain one", first: ["subjects.js", { a: { b: "x" } }], then: ["subjects.js", { a: Object.assign(Object.create(null) as object, { b: "x" }) }], printsAgain: false },
  { given: "a top-level undefined again", first: ["registry.js", undefined], then: ["registry.js", undefined], printsAgain: false },
  { given: "a top-level undefined instead of null", first: ["registry.js", null], then: ["registry.js", undefined], printsAgain: true },
];

describe("a session's package files printed from plain data", () => {
  it.each(cases)("$given: printed again: $printsAgain", ({ first, then, printsAgain }) => {
    const printedBy: string[] = [];
    const cache = <T>(file: string, input: T, print: (input: T) => string) => (printedBy.push(`cache ${file}`), print(input));
    const memo = new GenerateSession().printedWith(cache);
    const print = (input: unknown) => JSON.stringify(input) + "\n";
    expect(memo(first[0], first[1], print)).toBe(print(first[1]));
    expect(memo(then[0], then[1], print)).toBe(print(then[1]));
    expect(printedBy).toEqual(printsAgain ? [`cache ${first[0]}`, `cache ${then[0]}`] : [`cache ${first[0]}`]);
    // The session's answer is exactJson's: served exactly when the two inputs' exact JSON is equal.
    expect(printsAgain).toBe(first[0] !== then[0] || exactJson(first[1]) !== exactJson(then[1]));
  });

  it("prints again data changed in place since it was printed (the last input is kept as a copy, not by reference)", () => {
    const memo = new GenerateSession().printedWith(undefined);
    const print = (input: { streams: string[] }) => input.streams.join(",");
    const input = { streams: ["A"] };
    expect(memo("streams.js", input, print)).toBe("A");
    input.streams.push("B");
    expect(memo("streams.js", input, print)).toBe("A,B");
  });

  it("tells the cache the entry it served from memory is still used, by that entry's exact JSON", () => {
    const kept: string[] = [];
    const memo = new GenerateSession().printedWith(undefined, (file, json) => kept.push(`${file} ${json}`));
    const print = (input: unknown) => JSON.stringify(input);
    memo("registry.js", { a: [1] }, print);
    memo("registry.js", { a: [1] }, print);
    memo("registry.js", { a: [1], b: undefined }, print);
    memo("registry.js", { a: [1], b: undefined }, print);
    expect(kept).toEqual([`registry.js ${exactJson({ a: [1] })}`, `registry.js ${exactJson({ a: [1], b: undefined })}`]);
  });
});
