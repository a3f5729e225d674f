import { describe, expect, it } from "vitest";
import { deepFreeze, RememberedWhileFrozen } from "../../generator/base/deep-freeze.js";

/** given: a key; want: whether a value made from it is remembered by it (asked twice, made once). */
const cases: { given: string; key: () => unknown; want: "remembered" | "made again" }[] = [
  { given: "a deep-frozen object", key: () => deepFreeze({ a: { b: [1] } }), want: "remembered" },
  { given: "a deep-frozen array", key: () => deepFreeze([{ a: 1 }]), want: "remembered" },
  { given: "an object inside a deep-frozen one", key: () => deepFreeze({ a: { b: [1] } }).a, want: "remembered" },
  { given: "a deep-frozen object whose child was frozen shallowly before", key: () => deepFreeze({ a: Object.freeze({ b: { c: 1 } }) }), want: "remembered" },
  { given: "an object frozen shallowly (its children can change)", key: () => Object.freeze({ a: { b: 1 } }), want: "made again" },
  { given: "an object not frozen", key: () => ({ a: 1 }), want: "made again" },
  { given: "a Map given to deepFreeze (its entries are not frozen)", key: () => deepFreeze(new Map([["a", {}]])), want: "made again" },
  { given: "a string", key: () => "text", want: "made again" },
];

describe("values remembered by a deep-frozen value they were computed from", () => {
  it.each(cases)("$given: $want", ({ key, want }) => {
    const remembered = new RememberedWhileFrozen<number>();
    const k = key();
    let made = 0;
    remembered.valueOf(k, () => ++made);
    expect(remembered.valueOf(k, () => ++made)).toBe(want === "remembered" ? 1 : 2);
  });

  it("freezes what was frozen shallowly before, all the way down", () => {
    const inner = { c: 1 };
    deepFreeze({ a: Object.freeze({ b: inner }) });
    expect(Object.isFrozen(inner)).toBe(true);
  });

  it("ends on a value that contains itself", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(Object.isFrozen(deepFreeze(cyclic))).toBe(true);
  });
});
