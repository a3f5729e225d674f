/**
 * The nesting rule in a long-lived process (check/ref-nesting.ts `LastNesting`): a save whose
 * `$ref` edges are the same and whose files are the very schemas parsed before, or nest their
 * root and definitions as many levels as before with no `$ref` landing elsewhere in them, reuses
 * the last run's count; any other save counts again, so a chain an edit deepens past the limit is
 * reported on that save. Every row's second run is held to a run without the session.
 */
import { describe, expect, it } from "vitest";
import { Diagnostics } from "../../generator/base/diagnostics.js";
import type { LintContext } from "../../generator/check/lint-rule.js";
import type { LastNesting } from "../../generator/check/ref-nesting.js";
import { RULE_REF_NESTING, schemaRules } from "../../generator/check/schema-rules.js";
import type { RefEdge } from "../../generator/resolve/resolve-refs.js";

const rule = schemaRules.find((r) => r.sentence === RULE_REF_NESTING)!;
const LIMIT = 40;

/** An object nesting `levels` levels of `{ "a": ... }` under its root (the root is level 1). */
function nested(levels: number, leaf: object = {}): object {
  let value: object = leaf;
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

interface Registry {
  /** event.json: `/properties/x` a `$ref` to defs.json's `target`. */
  target: string;
  /** defs.json's definition D: how many levels it nests. */
  defLevels: number;
  /** defs.json's `/properties/p`: how many levels it nests (under the root, which `$defs/Big` keeps at 2 + bigLevels while p is shallower). */
  propertyLevels: number;
  bigLevels: number;
  description: string;
}

/** The run's model as the rule reads it: each file's schema and the `$ref` edges, made anew as a run's parse is. */
function model({ target, defLevels, propertyLevels, bigLevels, description }: Registry) {
  const event = { description, properties: { x: { $ref: `defs.json#${target}` } } };
  const defs = { $defs: { D: nested(defLevels), Big: nested(bigLevels) }, properties: { p: nested(propertyLevels) } };
  const edges: RefEdge[] = [{ fromFile: "event.json", fromPointer: "/properties/x", toFile: "defs.json", toPointer: target }];
  const docs = new Map<string, { json: object; schema: object }>([
    ["event.json", { json: event, schema: event }],
    ["defs.json", { json: defs, schema: defs }],
    ["envelope.json", { json: {}, schema: {} }],
  ]);
  return {
    envelope: { file: "envelope.json" },
    majors: [{ versions: [{ file: "event.json" }] }],
    resolved: { docs, edges, normalized: new Map([...docs].map(([f, d]) => [f, d.schema])), config: { maxDepth: LIMIT } },
  };
}

function errors(registry: Registry, last?: LastNesting): string[] {
  const report = new Diagnostics();
  rule.check({ model: model(registry), report, ...(last ? { lastNesting: last } : {}) } as unknown as LintContext, RULE_REF_NESTING);
  return report.errors.map((e) => `${e.file}#${e.pointer}`);
}

const within: Registry = { target: "/$defs/D", defLevels: 20, propertyLevels: 5, bigLevels: 28, description: "first" };

describe("the nesting rule across the runs of a long-lived process", () => {
  it.each([
    { given: "a description edited", then: { ...within, description: "edited" }, kept: true, want: [] },
    { given: "the referred definition nested past the limit", then: { ...within, defLevels: 45 }, kept: false, want: ["event.json#/properties/x/$ref"] },
    { given: "the $ref moved to another definition", then: { ...within, target: "/$defs/Big", defLevels: 20 }, kept: false, want: [] },
    {
      // defs.json's root and definitions nest as before (Big keeps the root at 30), but the $ref lands in /properties/p, which is measured on its text.
      given: "a $ref into a property whose nesting changed, the root's and definitions' levels as before",
      first: { ...within, target: "/properties/p", propertyLevels: 5 },
      then: { ...within, target: "/properties/p", propertyLevels: 25 },
      kept: false,
      want: [],
    },
    {
      given: "a $ref into a property deepened past the limit, the root's levels as before",
      // defs.json (not compiled on its own) nests 47 levels at its root through Big, before and after.
      first: { ...within, target: "/properties/p", bigLevels: 45, propertyLevels: 5 },
      then: { ...within, target: "/properties/p", bigLevels: 45, propertyLevels: 40 },
      kept: false,
      want: ["event.json#/properties/x/$ref"],
    },
  ])("$given: $want", ({ first, then, kept, want }) => {
    const last: LastNesting = {};
    expect(errors(first ?? within, last)).toEqual([]);
    const counted = last.kept?.levels;
    expect(counted).toBeDefined();
    expect(errors(then, last)).toEqual(want);
    // What a run of its own finds.
    expect(errors(then)).toEqual(want);
    expect(last.kept?.levels === counted).toBe(kept);
  });

  it("a count the session holds is what a save with nothing changed is told (a count planted there is reported)", () => {
    const last: LastNesting = {};
    errors(within, last);
    last.kept = { ...last.kept!, levels: new Map([...last.kept!.levels].map(([file, levels]) => [file, file === "event.json" ? 999 : levels])) };
    // Reused, the planted count stands: the rule reports the schema past the limit it was told of, at its root.
    expect(errors({ ...within, description: "edited" }, last)).toEqual(["event.json#"]);
  });

  it("nothing is kept while a schema is past the limit, so the next save counts again", () => {
    const last: LastNesting = {};
    expect(errors({ ...within, defLevels: 45 }, last)).toEqual(["event.json#/properties/x/$ref"]);
    expect(last.kept).toBeUndefined();
    expect(errors({ ...within, defLevels: 45, description: "edited" }, last)).toEqual(["event.json#/properties/x/$ref"]);
  });
});
