/** base/json-copy.ts: the same value structuredClone makes, never sharing a part with its input. */
import { describe, expect, it } from "vitest";
import { copyJson } from "../../generator/base/json-copy.js";
import { deepFreeze } from "../../generator/base/deep-freeze.js";

class Point {
  constructor(readonly x: number) {}
}

const cases: Array<{ given: string; value: () => unknown }> = [
  { given: "a schema as JSON.parse gives it", value: () => JSON.parse('{"type":"object","properties":{"a":{"type":"string","enum":["x","y"]}},"required":["a"]}') },
  { given: "primitives at the root", value: () => ["text", 1.5, true, null] },
  { given: "a string, a number, null alone", value: () => "alone" },
  { given: "-0 kept apart from 0", value: () => ({ minimum: -0, list: [-0] }) },
  { given: "members in their order, index-like keys first as JSON.parse puts them", value: () => JSON.parse('{"b":1,"2":2,"a":3,"1":4}') },
  { given: "a `__proto__` member from JSON.parse", value: () => JSON.parse('{"__proto__":{"polluted":true},"type":"object"}') },
  { given: "an object without a prototype", value: () => Object.assign(Object.create(null), { a: [1, { b: 2 }] }) },
  { given: "a frozen tree", value: () => deepFreeze({ a: { b: [1, 2, { c: "d" }] } }) },
  { given: "a Date and a Map inside", value: () => ({ when: new Date(0), map: new Map([["k", { v: 1 }]]) }) },
  { given: "a class instance inside", value: () => ({ p: new Point(1) }) },
  { given: "deep nesting", value: () => Array.from({ length: 200 }).reduce((inner) => ({ items: inner }), { type: "string" }) },
];

function parts(value: unknown, seen: Set<object> = new Set()): Set<object> {
  if (typeof value === "object" && value !== null && !seen.has(value)) {
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) parts((value as Record<PropertyKey, unknown>)[key], seen);
  }
  return seen;
}

describe("copyJson", () => {
  it.each(cases)("$given: equals structuredClone's copy", ({ value }) => {
    const given = value();
    const copy = copyJson(given);
    const cloned = structuredClone(given);
    expect(copy).toStrictEqual(cloned);
    expect(Object.is(JSON.stringify(copy), JSON.stringify(cloned))).toBe(true);
    if (typeof given === "object" && given !== null) {
      expect(Reflect.ownKeys(copy as object)).toEqual(Reflect.ownKeys(cloned as object));
      expect(Object.getPrototypeOf(copy)).toBe(Object.getPrototypeOf(cloned));
    }
  });

  it.each(cases)("$given: shares no object with its input, and is not frozen", ({ value }) => {
    const given = value();
    const copy = copyJson(given);
    const original = parts(given);
    for (const part of parts(copy)) {
      expect(original.has(part)).toBe(false);
      expect(Object.isFrozen(part) && Reflect.ownKeys(part).length > 0).toBe(false);
    }
  });

  it("keeps -0 as -0 and a `__proto__` member as a member", () => {
    const copy = copyJson(JSON.parse('{"__proto__":{"x":1},"m":-0}')) as Record<string, unknown>;
    expect(Object.is(copy.m, -0)).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value).toEqual({ x: 1 });
  });
});
