/**
 * A watch session keeps each package file printed from plain data by the exact JSON of that data
 * (GenerateSession.printedWith): the same data serves the last text without printing or asking
 * the cache; any other data (a value, `undefined` against a missing member, another file) prints.
 */
import { describe, expect, it } from "vitest";
import { GenerateSession } from "../../generator/generate-session.js";

const cases: Array<{ given: string; first: [string, unknown]; then: [string, unknown]; printsAgain: boolean }> = [
  { given: "the same data again", first: ["registry.js", { a: [1, "x"] }], then: ["registry.js", { a: [1, "x"] }], printsAgain: false },
  { given: "a value changed", first: ["registry.js", { a: [1, "x"] }], then: ["registry.js", { a: [2, "x"] }], printsAgain: true },
  { given: "a member undefined instead of missing", first: ["index.d.ts", { a: 1 }], then: ["index.d.ts", { a: 1, b: undefined }], printsAgain: true },
  { given: "the same data for another file", first: ["subjects.js", { a: 1 }], then: ["subjects.d.ts", { a: 1 }], printsAgain: true },
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
  });
});
