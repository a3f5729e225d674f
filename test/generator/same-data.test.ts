/**
 * base/same-data.ts: what a session made something from last time, kept frozen, against the data
 * of this save, told apart exactly as comparing their plainDataJson would, without writing JSON.
 */
import { describe, expect, it } from "vitest";
import { keptData, sameData } from "../../generator/base/same-data.js";
import { plainDataJson } from "../../generator/base/kept-by-inputs.js";

class Point {
  constructor(readonly x: number) {}
}
const shared = { rows: [{ name: "a", n: 1 }], deep: { list: [1, 2, 3] } };

const cases: Array<{ given: string; last: () => unknown; next: () => unknown; want: boolean }> = [
  { given: "the same members made again", last: () => ({ a: 1, b: ["x", null, true] }), next: () => ({ a: 1, b: ["x", null, true] }), want: true },
  { given: "a value changed deep inside", last: () => ({ a: { b: [1, 2] } }), next: () => ({ a: { b: [1, 3] } }), want: false },
  { given: "members in another order", last: () => ({ a: 1, b: 2 }), next: () => ({ b: 2, a: 1 }), want: false },
  { given: "-0 against 0", last: () => ({ a: -0 }), next: () => ({ a: 0 }), want: false },
  { given: "NaN against NaN", last: () => ({ a: NaN }), next: () => ({ a: NaN }), want: true },
  { given: "NaN against null", last: () => ({ a: NaN }), next: () => ({ a: null }), want: false },
  { given: "a member undefined against missing", last: () => ({ a: 1, b: undefined }), next: () => ({ a: 1 }), want: false },
  { given: "undefined against null", last: () => [undefined], next: () => [null], want: false },
  { given: "an array against an object of the same members", last: () => ({ v: ["a"] }), next: () => ({ v: { 0: "a" } }), want: false },
  { given: "a longer array", last: () => [1, 2], next: () => [1, 2, 3], want: false },
  { given: "a Map (not plain data) either time", last: () => ({ m: new Map() }), next: () => ({ m: new Map() }), want: false },
  { given: "a class instance (not plain data)", last: () => ({ p: new Point(1) }), next: () => ({ p: new Point(1) }), want: false },
  { given: "a function member", last: () => ({ f: 1 }), next: () => ({ f: () => 1 }), want: false },
  { given: "a kept part reached again", last: () => ({ shared, n: 1 }), next: () => ({ shared, n: 1 }), want: true },
  { given: "a kept part reached again beside a change", last: () => ({ shared, n: 1 }), next: () => ({ shared, n: 2 }), want: false },
];

describe("sameData: last save's data (kept, frozen) against this save's", () => {
  it.each(cases)("$given: $want", ({ last, next, want }) => {
    const [a, b] = [last(), next()];
    const byJson = plainDataJson(a) !== undefined && plainDataJson(a) === plainDataJson(b);
    expect(byJson).toBe(want);
    expect(sameData(keptData(a), b)).toBe(want);
  });

  it("keeps the data frozen all the way down: what was compared cannot change after", () => {
    const data = keptData({ rows: [{ name: "a" }] });
    expect(() => {
      (data.rows[0] as { name: string }).name = "b";
    }).toThrow(TypeError);
  });
});
