/**
 * The nesting count through `$ref`s (check/ref-nesting.ts) on definitions that refer to each
 * other: a `$ref` back to a target being counted adds nothing (ajv compiles it as a call), so a
 * target on such a cycle nests differently from each entry, and each schema's count is its own,
 * whichever schemas were counted before it. A web of definitions each referring to all the others
 * (exponentially many paths) is counted in bounded time.
 */
import { describe, expect, it } from "vitest";
import { RefNesting } from "../../generator/check/ref-nesting.js";
import type { RefEdge, ResolvedRegistry } from "../../generator/resolve/resolve-refs.js";

/** An object nesting `levels` levels of `{ "a": ... }` under its root (the root is level 1). */
function nested(levels: number): object {
  let value: object = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

/** Each `$ref` found in the files' values (a string `$ref` is a target in `file#pointer` form or `#pointer` of the same file). */
function registry(files: Record<string, object>): ResolvedRegistry {
  const edges: RefEdge[] = [];
  const walk = (file: string, value: unknown, pointer: string) => {
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") {
        const [toFile, toPointer] = child.split("#") as [string, string];
        edges.push({ fromFile: file, fromPointer: pointer, toFile: toFile || file, toPointer });
      } else walk(file, child, `${pointer}/${key}`);
    }
  };
  for (const [file, value] of Object.entries(files)) walk(file, value, "");
  const docs = new Map(Object.entries(files).map(([file, value]) => [file, { json: value, schema: value }]));
  return { docs, edges } as unknown as ResolvedRegistry;
}

/**
 * defs.json: A holds B under property b (A's own text 3 levels), B holds A under a and nests 12
 * levels of its own. From A, B's `$ref` back to A adds nothing: A = 2 + B's 12 = 14. From B, A's
 * `$ref` back to B adds nothing: B = max(12, 2 + A's 3) = 12. r.json enters at A (2 + 14), s.json at B (2 + 12).
 */
const MUTUAL = {
  "defs.json": {
    $defs: {
      A: { properties: { b: { $ref: "#/$defs/B" } } },
      B: { properties: { a: { $ref: "#/$defs/A" }, deep: nested(10) } },
    },
  },
  "r.json": { properties: { x: { $ref: "defs.json#/$defs/A" } } },
  "s.json": { properties: { y: { $ref: "defs.json#/$defs/B" } } },
  /** Through A's cycle, then on to a chain of its own (kept once counted: on no cycle). */
  "t.json": { properties: { z: { $ref: "defs.json#/$defs/A" }, w: { $ref: "#/$defs/C" } }, $defs: { C: nested(30) } },
};

const orders: { given: string; order: string[] }[] = [
  { given: "r, then s, then t", order: ["r.json", "s.json", "t.json"] },
  { given: "s, then r, then t", order: ["s.json", "r.json", "t.json"] },
  { given: "t, then s, then r", order: ["t.json", "s.json", "r.json"] },
  { given: "each asked twice, s first", order: ["s.json", "s.json", "r.json", "r.json", "t.json"] },
];
const want: Record<string, number> = { "r.json": 16, "s.json": 14, "t.json": 1 + 1 + 30 };

describe("the nesting through $refs of definitions that refer to each other", () => {
  it.each(orders)("is each schema's own, counted $given", ({ order }) => {
    const nesting = new RefNesting(registry(MUTUAL));
    for (const file of order) expect(nesting.of(file).levels, file).toBe(want[file]);
  });

  it("names the $ref where the chain entered at A passes a limit, through the cycle", () => {
    const nesting = new RefNesting(registry(MUTUAL));
    nesting.of("s.json");
    // r.json: x (level 3) holds A; A's b (level 5) holds B, whose deep chain passes 10 levels.
    expect(nesting.of("r.json").crossing(10)).toEqual({ file: "defs.json", pointer: "/$defs/A/properties/b/$ref" });
  });

  it("counts a web of 18 definitions each referring to all the others in bounded time", () => {
    const defs: Record<string, object> = {};
    for (let i = 0; i < 18; i++) {
      const properties: Record<string, object> = {};
      for (let j = 0; j < 18; j++) if (j !== i) properties[`p${j}`] = { $ref: `#/$defs/D${j}` };
      defs[`D${i}`] = { properties };
    }
    const started = performance.now();
    const levels = new RefNesting(registry({ "web.json": { properties: { x: { $ref: "#/$defs/D0" } }, $defs: defs } })).of("web.json").levels;
    expect(performance.now() - started).toBeLessThan(10_000);
    // Every path through distinct definitions nests two levels a definition: at least the 18 of one simple path.
    expect(levels).toBeGreaterThanOrEqual(2 + 2 * 18);
  });
});
