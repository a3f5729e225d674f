/**
 * The `$ref`-cycle rule in a long-lived process: a graph of the same same-value steps and frozen
 * `$ref` edges as the last one searched without a cycle is not searched again; any other graph is,
 * so a cycle an edit makes is reported on that save, and again on the next while it stays.
 */
import { describe, expect, it } from "vitest";
import { schemaRules, RULE_REF_CYCLE } from "../../generator/check/schema-rules.js";
import { Diagnostics } from "../../generator/base/diagnostics.js";
import { deepFreeze } from "../../generator/base/deep-freeze.js";
import type { LastAcyclicGraph, LintContext } from "../../generator/check/lint-rule.js";
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

/** The rule's errors for `parts` (a run's model holds nothing else the rule reads), in the process that keeps `session`. */
function cycles(parts: { normalized: Map<string, object>; edges: RefEdge[] }, session: LastAcyclicGraph): number {
  const report = new Diagnostics();
  rule.check({ model: { resolved: { normalized: parts.normalized, docs: new Map(), edges: [...parts.edges] } }, report, lastAcyclic: session } as unknown as LintContext, RULE_REF_CYCLE);
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
    const session: LastAcyclicGraph = {};
    const first = graph(runs[0]!);
    const second = same ? first : graph(runs[1]!);
    expect([cycles(first, session), cycles(second, session)]).toEqual(want);
    expect(session.graph !== undefined).toBe(want[1] === 0);
  });

  it("the graph the session holds is not searched (a cyclic graph planted there reports nothing)", () => {
    const cyclic = graph(true);
    const planted: LastAcyclicGraph = { graph: { files: [...cyclic.normalized.keys()], steps: [[{ from: "/$defs/A", to: "/$defs/A/allOf/0", via: "allOf" }], [{ from: "/$defs/B", to: "/$defs/B/allOf/0", via: "allOf" }]], edges: cyclic.edges } };
    expect(cycles(cyclic, planted)).toBe(0);
    expect(cycles(cyclic, {})).toBe(1);
  });

  it("an acyclic graph of parts not frozen is searched again after a cycle is made in place", () => {
    const session: LastAcyclicGraph = {};
    const parts = graph(false, false);
    expect(cycles(parts, session)).toBe(0);
    expect(session.graph).toBeUndefined();
    (parts.normalized.get("defs.json") as { $defs: { B: unknown } }).$defs.B = { allOf: [{ $ref: "event.json#/$defs/A" }] };
    parts.edges.push({ fromFile: "defs.json", fromPointer: "/$defs/B/allOf/0", toFile: "event.json", toPointer: "/$defs/A" });
    expect(cycles(parts, session)).toBe(1);
  });
});

/**
 * In separate processes (an edit after a cold run): a graph an earlier process found acyclic is
 * known by its digest (the cache's `acyclic-graphs`), and not searched again; a graph with a
 * cycle is never recorded, so the cycle is reported by every run while it stays.
 */
describe("the $ref-cycle rule with graphs known acyclic from earlier processes", () => {
  /** A memo as the cache keeps one, counting what was asked and added. */
  const memo = (knows: (digest: string) => boolean = () => false) => {
    const added: string[] = [];
    return { added, has: (digest: string) => knows(digest) || added.includes(digest), add: (digest: string) => void added.push(digest) };
  };
  const check = (parts: { normalized: Map<string, object>; edges: RefEdge[] }, acyclic: ReturnType<typeof memo>) => {
    const report = new Diagnostics();
    rule.check({ model: { resolved: { normalized: parts.normalized, docs: new Map(), edges: [...parts.edges] } }, report, acyclic } as unknown as LintContext, RULE_REF_CYCLE);
    return report.errors.length;
  };
  it("an acyclic graph is recorded once; the same graph of new objects (another process) is known by its digest", () => {
    const known = memo();
    expect(check(graph(false, false), known)).toBe(0);
    expect(known.added).toHaveLength(1);
    expect(check(graph(false, false), known)).toBe(0);
    expect(known.added).toHaveLength(1);
  });

  it("a graph with a cycle: reported, never recorded; its digest is not the acyclic one's", () => {
    const known = memo();
    check(graph(false, false), known);
    expect(check(graph(true, false), known)).toBe(1);
    expect(check(graph(true, false), known)).toBe(1);
    expect(known.added).toHaveLength(1);
  });

  it("a graph the memo says is acyclic is not searched (what the memo holds is trusted, as the cache's entries are)", () => {
    expect(check(graph(true, false), memo(() => true))).toBe(0);
  });

  it("a long-lived process with a cache: the graph it knows from memory keeps the cache's entry of it in use, neither digested nor recorded again", () => {
    const known = { ...memo(), kept: [] as string[] };
    const cache = { has: known.has, add: known.add, keep: (digest: string) => void known.kept.push(digest) };
    const session: LastAcyclicGraph = {};
    const parts = graph(false);
    const run = () => {
      const report = new Diagnostics();
      rule.check({ model: { resolved: { normalized: parts.normalized, docs: new Map(), edges: [...parts.edges] } }, report, acyclic: cache, lastAcyclic: session } as unknown as LintContext, RULE_REF_CYCLE);
      return report.errors.length;
    };
    expect([run(), run(), run()]).toEqual([0, 0, 0]);
    expect(known.added).toHaveLength(1);
    expect(known.kept).toEqual([known.added[0], known.added[0]]);
  });
});
