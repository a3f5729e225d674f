/**
 * The `$ref`-cycle rule in a long-lived process: a graph of the same same-value steps and frozen
 * `$ref` edges as the last one searched without a cycle is not searched again; any other graph is,
 * so a cycle an edit makes is reported on that save, and again on the next while it stays.
 */
import { describe, expect, it } from "vitest";
import { schemaRules, RULE_REF_CYCLE } from "../../generator/check/schema-rules.js";
import { Diagnostics } from "../../generator/base/diagnostics.js";
import { deepFreeze } from "../../generator/base/deep-freeze.js";
import type { LintContext } from "../../generator/check/lint-rule.js";
import type { RefEdge } from "../../generator/resolve/resolve-refs.js";

const rule = schemaRules.find((r) => r.sentence === RULE_REF_CYCLE)!;

/** A registry of one event file whose `/$defs/A` holds `allOf: [{ $ref }]` to the definitions file's `/$defs/B`, and, with `back`, B's `allOf` back to A. */
function graph(back: boolean, frozen = true) {
  const event = { $defs: { A: { allOf: [{ $ref: "defs.json#/$defs/B" }] } } };
  const defs = { $defs: { B: back ? { allOf: [{ $ref: "event.json#/$defs/A" }] } : { type: "string" } } };
  const edges: RefEdge[] = [{ fromFile: "event.json", fromPointer: "/$defs/A/allOf/0", toFile: "defs.json", toPointer: "/$defs/B" }];
  if (back) edges.push({ fromFile: "defs.json", fromPointer: "/$defs/B/allOf/0", toFile: "event.json", toPointer: "/$defs/A" });
  const normalized = new Map<string, object>([
    ["event.json", event],
    ["defs.json", defs],
  ]);
  if (frozen) [event, defs, ...edges].forEach((part) => deepFreeze(part));
  return { normalized, edges };
}

/** The rule's errors for `parts` (a run's model holds nothing else the rule reads). */
function cycles(parts: { normalized: Map<string, object>; edges: RefEdge[] }): number {
  const report = new Diagnostics();
  rule.check({ model: { resolved: { normalized: parts.normalized, edges: [...parts.edges] } }, report } as unknown as LintContext, RULE_REF_CYCLE);
  return report.errors.length;
}

describe("the $ref-cycle rule across the runs of a long-lived process", () => {
  it.each([
    { given: "the same frozen graph, acyclic, twice", runs: [false, false], same: true, want: [0, 0] },
    { given: "the same acyclic graph made again of new objects (a description edited)", runs: [false, false], same: false, want: [0, 0] },
    { given: "an acyclic graph, then a cycle made", runs: [false, true], same: false, want: [0, 1] },
    { given: "a cycle kept over two runs (the same frozen parts)", runs: [true, true], same: true, want: [1, 1] },
    { given: "a cycle removed", runs: [true, false], same: false, want: [1, 0] },
  ])("$given: errors $want", ({ runs, same, want }) => {
    const first = graph(runs[0]!);
    const second = same ? first : graph(runs[1]!);
    expect([cycles(first), cycles(second)]).toEqual(want);
  });

  it("an acyclic graph of parts not frozen is searched again after a cycle is made in place", () => {
    const parts = graph(false, false);
    expect(cycles(parts)).toBe(0);
    (parts.normalized.get("defs.json") as { $defs: { B: unknown } }).$defs.B = { allOf: [{ $ref: "event.json#/$defs/A" }] };
    parts.edges.push({ fromFile: "defs.json", fromPointer: "/$defs/B/allOf/0", toFile: "event.json", toPointer: "/$defs/A" });
    expect(cycles(parts)).toBe(1);
  });
});
