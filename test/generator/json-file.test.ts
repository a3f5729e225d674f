/**
 * parseJson takes JSON.parse's fast path for a valid file and jsonc-parser's tree otherwise: both
 * must agree on every value, every duplicate key must still be refused (JSON.parse alone keeps the
 * last one silently), and positions must be found either way.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectGarbageAbove } from "../../generator/base/collect-garbage.js";
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

  it("given the text again on demand, asks for it only when a pointer is first located, and locates as with the text kept", () => {
    const text = '{\n  "properties": {\n    "id": { "type": "string" }\n  }\n}';
    const cases: Array<{ given: string; again: string | undefined; want: unknown }> = [
      { given: "the same text", again: text, want: { line: 3, column: 13 } },
      { given: "no text any more (the file is gone)", again: undefined, want: undefined },
    ];
    for (const { given, again, want } of cases) {
      let asked = 0;
      const result = parseJson("x.json", text, false, () => (asked++, again));
      if (isSyntaxError(result)) throw new Error(result.message);
      expect(asked, given).toBe(0);
      expect(result.locate("/properties/id/type"), given).toEqual(want);
      result.locate("/properties");
      expect(asked, given).toBe(again === undefined ? 2 : 1);
    }
  });

  it("given the text again on demand, holds no copy of it (a registry's texts stay out of the run's live set)", () => {
    // ~6 MB of one-byte text; the parsed value is the same either way, so what differs is the text held.
    const makeText = () => JSON.stringify({ items: Array.from({ length: 40_000 }, (_, i) => ({ id: `item-${i}`, note: "n".repeat(120) })) });
    const length = makeText().length;
    const heldAfter = (parse: () => JsonFile | ReturnType<typeof parseJson>) => {
      collectGarbageAbove(0);
      const before = process.memoryUsage().heapUsed;
      const kept = parse();
      collectGarbageAbove(0);
      const held = process.memoryUsage().heapUsed - before;
      expect(isSyntaxError(kept)).toBe(false);
      return held;
    };
    const withText = heldAfter(() => parseJson("x.json", makeText()));
    const withoutText = heldAfter(() => parseJson("x.json", makeText(), false, makeText));
    expect(withText - withoutText).toBeGreaterThan(length * 0.8);
  });
});
