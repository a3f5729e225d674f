/** appendTo (base/map-lists.ts): values appended to their key's list in order, the list made on the key's first value and grown in place. */
import { describe, expect, it } from "vitest";
import { appendTo } from "../../generator/base/map-lists.js";

describe("appendTo", () => {
  it.each([
    ["nothing appended", [], []],
    ["one key", [["a", 1], ["a", 2]], [["a", [1, 2]]]],
    ["keys in first-seen order, values in order", [["b", 1], ["a", 2], ["b", 3]], [["b", [1, 3]], ["a", [2]]]],
    ["the same value twice is kept twice", [["a", 1], ["a", 1]], [["a", [1, 1]]]],
  ] as Array<[string, Array<[string, number]>, Array<[string, number[]]>]>)("%s", (_given, values, want) => {
    const lists = new Map<string, number[]>();
    for (const [key, value] of values) appendTo(lists, key, value);
    expect([...lists]).toEqual(want);
  });

  it("grows the key's list in place", () => {
    const lists = new Map<string, number[]>();
    appendTo(lists, "a", 1);
    const first = lists.get("a");
    appendTo(lists, "a", 2);
    expect(lists.get("a")).toBe(first);
  });
});
