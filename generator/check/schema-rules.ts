/** The lint rules of the schemas themselves: no $ref cycle that never reaches data, no nesting through $refs past limits.maxDepth, every schema compiles. */
import { isDeeplyFrozen } from "../base/deep-freeze.js";
import type { RefEdge } from "../resolve/resolve-refs.js";
import type { LintContext, LintRule } from "./lint-rule.js";
import { sha256 } from "../base/hash.js";
import { patternsOfFile, stepsOfFile, type Step } from "./schema-facts.js";
import { deepestPointerAt, keepNesting, refNestingOf } from "./ref-nesting.js";
import { sameEdge, sameList } from "./same-list.js";
import { DEFAULT_INPUT_LIMITS, MAX_DEPTH_CAP } from "../load/input-limits.js";
import type { RegistryModel } from "../model/registry-model.js";

export const RULE_REF_CYCLE = "A $ref cycle passes through data";
export const RULE_REF_NESTING = "A schema nests at most limits.maxDepth levels through its $refs";

/**
 * `{ "$ref": "#" }`, or A = allOf [B] with B = anyOf [A, ...]: each step applies another schema
 * to the same value, so a validator would recurse until the stack overflows on every message. A
 * recursive type is fine when the cycle goes down into the data (a property, an array item):
 * data is finite. Cycles are found over "same value" edges only: $ref, allOf/anyOf/oneOf, not,
 * if/then/else, dependentSchemas and the schema form of dependencies.
 */
/**
 * The graph a run searched: each file's same-value steps and every edge. A long-lived process
 * keeps the last one searched without finding a cycle, when its `$ref` edges were frozen
 * (LintContext's `lastAcyclic`): it hands the very same frozen edges and steps of unchanged files
 * to every run (resolve/kept-resolutions.ts, schema-facts.ts), and an edit that adds or moves no
 * `$ref`, `allOf`, `not`, … (a description, a constraint) leaves the edited file's edges and
 * steps equal in value; the graph is made of nothing else, so a graph of the same steps and edges
 * in the same order is the same graph, which has no cycle either.
 */
interface Graph {
  files: string[];
  steps: Step[][];
  edges: readonly RefEdge[];
}

const sameStep = (a: Step, b: Step) => a.from === b.from && a.to === b.to && a.via === b.via;
const sameSteps = (a: Step[], b: Step[]) => sameList(a, b, sameStep);

function aRefCyclePassesThroughData(context: LintContext, rule: string): void {
  const { resolved } = context.model;
  const files = [...resolved.normalized.keys()];
  const parts: Graph = { files, steps: files.map((file) => stepsOfFile(resolved.docs.get(file), () => resolved.normalized.get(file)!)), edges: resolved.edges };
  const last = context.lastAcyclic;
  const kept = last?.graph as Graph | undefined;
  if (kept && sameList(kept.files, parts.files, () => false) && sameList(kept.edges, parts.edges, sameEdge) && sameList(kept.steps, parts.steps, sameSteps)) {
    // Known from memory: the cache's entry of it is still in use (a week-long session's prune keeps it).
    if (last!.digest !== undefined) context.acyclic?.keep?.(last!.digest);
    return;
  }
  // A separate process (an edit) asks the cache instead: the graph digested costs a fraction of the search.
  const digest = context.acyclic ? graphDigest(parts) : undefined;
  const known = digest !== undefined && context.acyclic!.has(digest);
  const found = known ? 0 : findRefCycles(context, rule, parts.steps);
  if (found === 0 && digest !== undefined && !known) context.acyclic!.add(digest);
  if (!last) return;
  const keep = found === 0 && parts.edges.every((edge) => isDeeplyFrozen(edge));
  last.graph = keep ? parts : undefined;
  last.digest = keep ? digest : undefined;
}

/** The graph findRefCycles searches, digested: every edge and each file's same-value steps, in order. */
function graphDigest(parts: Graph): string {
  const edges = parts.edges.map((e) => [e.fromFile, e.fromPointer, e.toFile, e.toPointer]);
  const steps = parts.steps.map((fileSteps) => fileSteps.map((s) => [s.from, s.to, s.via]));
  return sha256("same-value graph", JSON.stringify(parts.files), JSON.stringify(edges), JSON.stringify(steps));
}

/** How many cycles it reported. `steps`: each file's same-value steps, in the order of `model.resolved.normalized` (walked once: a one-shot process's schemas are not frozen, so sameValueSteps does not keep them). */
function findRefCycles({ model, report }: LintContext, rule: string, steps: Step[][]): number {
  const key = (file: string, pointer: string) => `${file}#${pointer}`;
  const edges = new Map<string, Array<{ to: string; via: string }>>();
  const add = (from: string, to: string, via: string) => {
    const out = edges.get(from);
    if (out) out.push({ to, via });
    else edges.set(from, [{ to, via }]);
  };
  for (const e of model.resolved.edges) add(key(e.fromFile, e.fromPointer), key(e.toFile, e.toPointer), "$ref");
  let i = 0;
  for (const file of model.resolved.normalized.keys()) {
    for (const { from, to, via } of steps[i++]!) add(key(file, from), key(file, to), via);
  }
  // Iterative depth-first search (a deep registry must not overflow this stack either).
  const state = new Map<string, "open" | "done">();
  const reported = new Set<string>();
  for (const start of [...edges.keys()].sort()) {
    if (state.has(start)) continue;
    const stack: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = edges.get(top.node) ?? [];
      if (top.next >= out.length) {
        state.set(top.node, "done");
        stack.pop();
        continue;
      }
      const { to } = out[top.next++]!;
      const seen = state.get(to);
      if (seen === undefined) {
        state.set(to, "open");
        stack.push({ node: to, next: 0 });
      } else if (seen === "open") {
        const cycle = stack.slice(stack.findIndex((f) => f.node === to)).map((f) => f.node);
        const id = [...cycle].sort().join(" ");
        if (reported.has(id)) continue;
        reported.add(id);
        // Reported at the $ref that closes the loop, in its own file.
        const closing = model.resolved.edges.find((e) => cycle.includes(key(e.fromFile, e.fromPointer)) && cycle.includes(key(e.toFile, e.toPointer)));
        const [file, pointer] = closing ? [closing.fromFile, `${closing.fromPointer}/$ref`] : cycle[0]!.split("#") as [string, string];
        const path = [...cycle, to].map((n) => (n.startsWith(`${file}#`) ? n.slice(file.length) : n)).join(" → ");
        report.error(
          file,
          pointer,
          rule,
          `${path} applies schemas to the same value in a circle, never descending into the data: a validator would recurse ` +
            `forever. Let a recursive type recurse through a property or an array item (children: { "type": "array", "items": { "$ref": ... } })`,
        );
      }
    }
  }
  return reported.size;
}

/** Every schema ajv compiles on its own: the envelope and each event's versions (a definition is compiled where it is referred to). */
function compiledFiles(model: RegistryModel): string[] {
  return [model.envelope.file, ...model.majors.flatMap((m) => m.versions.map((v) => v.file))];
}

const maxDepthOf = (model: RegistryModel) => model.resolved.config.maxDepth ?? DEFAULT_INPUT_LIMITS.maxDepth;

/** Schemas whose nesting through `$ref`s passes limits.maxDepth: refused by aSchemaNestsWithinTheLimitThroughRefs, so not compiled (ajv would overflow its stack on them). */
export function nestedPastTheLimit(model: RegistryModel): (file: string) => boolean {
  const limit = maxDepthOf(model);
  const nesting = refNestingOf(model);
  return (file) => nesting.of(file).levels > limit;
}

/**
 * Each file's nesting is bounded on its text (load/input-limits.ts); ajv compiles a `$ref`'s target
 * inside the schema holding it, so a chain of definitions each nesting the next builds a nesting
 * no text shows (check/ref-nesting.ts counts it). Reported once per `$ref` where chains pass the
 * limit, naming the schemas whose compile would overflow.
 */
function aSchemaNestsWithinTheLimitThroughRefs({ model, report, lastNesting }: LintContext, rule: string): void {
  const limit = maxDepthOf(model);
  const nesting = refNestingOf(model, lastNesting);
  const byPlace = new Map<string, { file: string; pointer: string; roots: Array<{ file: string; levels: number }> }>();
  const counted = new Map<string, number>();
  for (const file of compiledFiles(model)) {
    const { levels, crossing } = nesting.of(file);
    counted.set(file, levels);
    if (levels <= limit) continue;
    const at = crossing(limit) ?? { file, pointer: "" };
    const key = `${at.file}#${at.pointer}`;
    const place = byPlace.get(key) ?? { ...at, roots: [] };
    place.roots.push({ file, levels });
    byPlace.set(key, place);
  }
  // A long-lived process keeps what it counted when every schema is within the limit: the next save reuses it unless what it was counted from changed.
  // (Reused, it is kept already: lastNesting.kept is cleared when the last count does not serve.)
  if (lastNesting && !lastNesting.kept && byPlace.size === 0 && limit <= DEFAULT_INPUT_LIMITS.maxDepth) keepNesting(model.resolved, counted, lastNesting);
  for (const { file, pointer, roots } of byPlace.values()) {
    const [first] = roots;
    const others = roots.length > 1 ? ` (and ${roots.length - 1} other schema(s) through this $ref)` : "";
    const raise = limit >= MAX_DEPTH_CAP ? `; limits.maxDepth is at its most (${MAX_DEPTH_CAP})` : `, or raise limits.maxDepth in registry.json (at most ${MAX_DEPTH_CAP}, docs/cli.md#input-limits)`;
    report.error(
      file,
      pointer,
      rule,
      `${first!.file}${others} nests ${first!.levels} levels deep counted through its $refs (a target nests where its $ref stands), ` +
        `past the limit of ${limit} (limits.maxDepth) in the target of this $ref: ajv's compile would overflow the stack. ` +
        `Flatten the chain of definitions (one that is only a $ref adds no level)${raise}`,
    );
  }
}

function everySchemaCompiles({ model, schemas, report }: LintContext, rule: string): void {
  const refused = nestedPastTheLimit(model);
  for (const file of compiledFiles(model)) {
    // Reported by the nesting rule alone: compiling it would only overflow the stack.
    if (refused(file)) continue;
    // ajv names a bad regular expression but not where it is: find it first.
    const badPatterns = patternsOfFile(model.resolved.docs.get(file)!);
    for (const { pointer, error } of badPatterns) report.error(file, pointer, rule, error);
    if (badPatterns.length > 0) continue;
    try {
      schemas.validator(file);
    } catch (err) {
      if (err instanceof RangeError && /call stack/i.test(err.message)) reportStackOverflow(model, file, rule, report);
      else report.error(file, "", rule, (err as Error).message);
    }
  }
}

/**
 * ajv overflowed its stack on a schema within limits.maxDepth (raised past what ajv compiles, see
 * docs/cli.md#input-limits): named where its deepest chain passes the default limit, ajv's safe
 * depth, through a `$ref` or in the file's own text.
 */
function reportStackOverflow(model: RegistryModel, file: string, rule: string, report: LintContext["report"]): void {
  const safe = DEFAULT_INPUT_LIMITS.maxDepth;
  const { levels, crossing } = refNestingOf(model).of(file);
  const at = crossing(safe) ?? { file, pointer: deepestPointerAt(model.resolved.docs.get(file)!.schema, safe + 1) };
  report.error(
    at.file,
    at.pointer,
    rule,
    `ajv's compile of ${file} overflowed the stack: the schema nests ${levels} levels deep counted through its $refs, more than ajv compiles ` +
      `(it is safe to ${safe}, the default limits.maxDepth, which its deepest chain passes here). Flatten the nesting: a limits.maxDepth raised past the default lets through what ajv may not compile (docs/cli.md#input-limits)`,
  );
}

/** The rules of the schemas themselves, in the order they run. */
export const schemaRules: readonly LintRule[] = [
  { sentence: RULE_REF_CYCLE, check: aRefCyclePassesThroughData },
  { sentence: RULE_REF_NESTING, check: aSchemaNestsWithinTheLimitThroughRefs },
  { sentence: "Every schema compiles", check: everySchemaCompiles, asksForValidators: true },
];
