/**
 * parseJson takes JSON.parse's fast path for a valid file and jsonc-parser's tree otherwise: both
 * must agree on every value, every duplicate key must still be refused (JSON.parse alone keeps the
 * last one silently), and positions must be found either way.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSyntaxError, parseJson, type JsonFile } from "../../generator/load/json-file.js";

function parsed(text: string): JsonFile {
  const result = parseJson("x.json", text);
  if (isSyntaxError(result)) throw new Error(`unexpected error: ${result.message}`);
  return result;
}

describe("parseJson", () => {
  it("reads any JSON value as JSON.parse does, whatever the strings hold", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(parsed(text).value).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a duplicate key wherever it is, with its position", () => {
    const cases: Array<[string, number]> = [
      ['{"a": 1, "a": 2}', 1],
      ['{"x": [{"k": ":", "k": "\\"}"}]}', 1],
      ['{\n  "outer": {\n    "b": {"c": 1},\n    "b": 2\n  }\n}', 4],
    ];
    for (const [text, line] of cases) {
      const result = parseJson("x.json", text);
      expect(isSyntaxError(result), text).toBe(true);
      if (isSyntaxError(result)) {
        expect(result.message).toMatch(/duplicate key/);
        expect(result.line).toBe(line);
      }
    }
  });

  it("counts colons inside strings, escaped quotes and keys named like Object.prototype's members correctly", () => {
    const text = '{"a:b": "c:\\"d:", "__proto__": {"x": 1}, "constructor": ":", "e": [":", {"f\\\\": 2}]}';
    const value = parsed(text).value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["a:b", "__proto__", "constructor", "e"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value.__proto__).toEqual({ x: 1 });
  });

  it("refuses comments, trailing commas and empty files, naming the line", () => {
    expect(parseJson("x.json", '{\n  "a": 1, // no\n}')).toMatchObject({ message: expect.stringMatching(/invalid JSON/), line: 2 });
    expect(parseJson("x.json", '{\n  "a": 1,\n}')).toMatchObject({ message: expect.stringMatching(/invalid JSON/), line: 3 });
    expect(parseJson("x.json", "  \n")).toMatchObject({ message: "invalid JSON: the file is empty" });
  });

  it("locates a pointer, or its nearest existing ancestor, by line and column", () => {
    const file = parsed('{\n  "properties": {\n    "id": { "type": "string" }\n  }\n}');
    expect(file.locate("/properties/id/type")).toEqual({ line: 3, column: 13 });
    expect(file.locate("/properties/missing")).toEqual({ line: 2, column: 3 });
    expect(file.locate("")).toEqual({ line: 1, column: 1 });
  });

  it("counts keys only for a text not known to be free of duplicates", () => {
    const cases: Array<{ given: string; known: boolean; want: unknown }> = [
      { given: '{"a": 1, "a": 2}', known: false, want: "duplicate key" },
      { given: '{"a": 1, "a": 2}', known: true, want: { a: 2 } },
      { given: '{"a": 1, "b": {"c": ":"}}', known: false, want: { a: 1, b: { c: ":" } } },
      { given: '{"a": 1, "b": {"c": ":"}}', known: true, want: { a: 1, b: { c: ":" } } },
      { given: '{"a": 1,}', known: true, want: "invalid JSON" },
    ];
    for (const { given, known, want } of cases) {
      const result = parseJson("x.json", given, known);
      if (typeof want === "string") expect(isSyntaxError(result) ? result.message : result.value, `${given} known=${known}`).toMatch(want);
      else expect(isSyntaxError(result) ? result.message : result.value, `${given} known=${known}`).toEqual(want);
    }
  });
});
