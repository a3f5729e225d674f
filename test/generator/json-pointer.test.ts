/**
 * JSON pointer tokens (base/json-pointer.ts): RFC 6901's escapes in the order that keeps `~1` and
 * `~01` apart, both ways, and getAtPointer over objects and arrays.
 */
import { describe, expect, it } from "vitest";
import { getAtPointer, pointerKeys, pointerToken, tokenKey } from "../../generator/base/json-pointer.js";
import { POINTER_TOKENS } from "../support/pointer-tokens.js";

describe("a key as a token and back", () => {
  for (const { key, token } of POINTER_TOKENS) {
    it(`${JSON.stringify(key)} ⇄ ${JSON.stringify(token)}`, () => {
      expect(pointerToken(key)).toBe(token);
      expect(tokenKey(token)).toBe(key);
    });
  }
  it("an array index is written as its digits", () => expect(pointerToken(3)).toBe("3"));
});

describe("a pointer's keys", () => {
  const cases: Array<{ pointer: string; keys: string[] }> = [
    { pointer: "", keys: [] },
    { pointer: "/", keys: [""] },
    { pointer: "/properties/a~1b/items", keys: ["properties", "a/b", "items"] },
    { pointer: "/~01/~10", keys: ["~1", "/0"] },
  ];
  for (const { pointer, keys } of cases) it(JSON.stringify(pointer), () => expect(pointerKeys(pointer)).toEqual(keys));
});

describe("getAtPointer", () => {
  const value = { "a/b": { list: [10, { "~k": "deep" }] }, "": "empty key", inherited: undefined };
  const cases: Array<{ pointer: string; want: unknown }> = [
    { pointer: "", want: value },
    { pointer: "/a~1b/list/0", want: 10 },
    { pointer: "/a~1b/list/1/~0k", want: "deep" },
    { pointer: "/", want: "empty key" },
    { pointer: "/a~1b/list/2", want: undefined },
    // Not an index: a leading zero, a sign, a name.
    { pointer: "/a~1b/list/01", want: undefined },
    { pointer: "/a~1b/list/-1", want: undefined },
    { pointer: "/a~1b/list/length", want: undefined },
    // Only own members: nothing from the prototype.
    { pointer: "/toString", want: undefined },
    { pointer: "/a~1b/list/0/x", want: undefined },
  ];
  for (const { pointer, want } of cases) it(JSON.stringify(pointer), () => expect(getAtPointer(value, pointer)).toBe(want));
});
