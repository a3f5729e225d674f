/**
 * A schema's head (load/schema-head.ts): the top-level members the model and the registry-wide
 * rules read, the same values, nothing else. That the model and the rules read nothing else of an
 * untouched file is persisted-front-end.test.ts's: an edit restored from the cache, one file's
 * stored JSON broken, writes what an uncached render does.
 */
import { describe, expect, it } from "vitest";
import { HEAD_KEYS, headOf } from "../../generator/load/schema-head.js";

const examples = [{ id: 1 }];
const cases: Array<{ given: string; schema: Record<string, unknown>; want: Record<string, unknown> }> = [
  { given: "no head member", schema: { type: "object", properties: { a: {} } }, want: {} },
  {
    given: "every head member beside the body",
    schema: { $schema: "x", title: "t", description: "d", deprecated: true, examples, "x-subject": "s", "x-type": "y", "x-delivery": "at-most-once", "x-pattern": "request-reply", "x-reply": { type: "object" }, "x-producers": ["a"], "x-consumers": ["b"], properties: {}, required: [] },
    want: { $schema: "x", title: "t", description: "d", deprecated: true, examples, "x-subject": "s", "x-type": "y", "x-delivery": "at-most-once", "x-pattern": "request-reply", "x-reply": { type: "object" }, "x-producers": ["a"], "x-consumers": ["b"] },
  },
  { given: "a member set to null or false is a member", schema: { description: null, deprecated: false }, want: { description: null, deprecated: false } },
  { given: "an inherited member is not", schema: Object.create({ title: "inherited" }) as Record<string, unknown>, want: {} },
];

describe("a schema's head", () => {
  it.each(cases)("$given", ({ schema, want }) => {
    const head = headOf(schema);
    expect(head).toEqual(want);
    for (const key of Object.keys(head)) expect(head[key as keyof typeof head]).toBe(schema[key]);
  });

  it("names only top-level members, each once", () => {
    expect(new Set(HEAD_KEYS).size).toBe(HEAD_KEYS.length);
  });
});
