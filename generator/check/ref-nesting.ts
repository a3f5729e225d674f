/**
 * How deep a schema nests counted through its `$ref`s. The input limits bound each file's own
 * nesting on its text (load/input-limits.ts), but ajv compiles a `$ref`'s target inside the
 * compile of the schema holding it (its code generator recurses into the target, unless that is
 * already being compiled): a chain of definitions that each nest the next under a property builds
 * a nesting no file shows, and overflows ajv's stack ("Maximum call stack size exceeded", no
 * place named).
 *
 * Counted as if every `$ref` were replaced by its target: the target's root stands where the
 * object holding the `$ref` stands, one level for both, and its own levels go on from there. A
 * schema without `$ref` so nests exactly as many levels as the text scan counts (objects and
 * arrays, a `properties` level two), and `limits.maxDepth` means one thing; an object that is only
 * `{ "$ref": ... }` adds no level (a chain of such compiles fine, whatever its length). A `$ref`
 * back to a schema the chain is already inside adds nothing: that is recursion (a tree node), which
 * ajv compiles as a call, not as nesting.
 *
 * Each target's nesting is found once (by file and pointer), so shared definitions referred to
 * from everywhere cost one walk each; the search keeps its own stack, so a chain of any length
 * overflows nothing here. Not a target on a cycle of `$ref`s through other targets (definitions
 * that refer to each other): its nesting depends on where the cycle is entered (the `$ref` back to
 * a target being counted adds nothing), so it is counted again from each entry, and a schema's
 * count never depends on which schemas were counted before it. A cycle's targets are counted at most
 * MAX_VISITS times in all (a hostile web of definitions referring to each other has exponentially
 * many paths); past that each is kept as first counted, as for any other target.
 */
import type { RegistryModel } from "../model/registry-model.js";
import type { RefEdge, ResolvedRegistry } from "../resolve/resolve-refs.js";
import { getAtPointer, pointerToken } from "../base/json-pointer.js";
import { heightsOfFile, type Height } from "./schema-facts.js";
import { plainHeight } from "./plain-height.js";
import { sameEdge, sameList } from "./same-list.js";

/** Where a chain of `$ref`s passes a number of levels: the `$ref` that leads into the target it passes it in. */
export interface RefCrossing {
  /** The file holding that `$ref`. */
  file: string;
  /** The `$ref` keyword's pointer (`/$defs/d127/properties/x/$ref`). */
  pointer: string;
}

/** One schema's nesting through its `$ref`s. */
export interface RootNesting {
  /** Levels, counted through `$ref`s (as the text scan counts them where there is none). */
  levels: number;
  /** Where the deepest chain goes past `limit` levels: the `$ref` leading into it, undefined if no `$ref` does. */
  crossing(limit: number): RefCrossing | undefined;
}

/** A target: `file#pointer`. */
type Unit = string;

/** The pointer of the object or array at `level` (the root is 1) on the deepest path of `value`'s own text; as deep as it goes when less. */
export function deepestPointerAt(value: unknown, level: number): string {
  let pointer = "";
  let at = value;
  for (let l = 1; l < level && at !== null && typeof at === "object"; l++) {
    let deepest: [key: string, child: unknown] | undefined;
    for (const [key, child] of Object.entries(at)) if (plainHeight(child) > (deepest ? plainHeight(deepest[1]) : 0)) deepest = [key, child];
    if (!deepest) break;
    pointer += `/${pointerToken(deepest[0])}`;
    at = deepest[1];
  }
  return pointer;
}

/** Levels of a pointer below the file's root: one per token. */
function tokens(pointer: string): number {
  let n = 0;
  for (let i = 0; i < pointer.length; i++) if (pointer.charCodeAt(i) === 47) n++;
  return n;
}

/** The first index of `sorted` (edges by fromPointer) whose pointer is not below `pointer` in sort order. */
function lowerBound(sorted: readonly RefEdge[], pointer: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.fromPointer < pointer) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The `$ref`s at or under `pointer` (the `$ref`s of `file` sorted by where they are). */
function refsUnder(sorted: readonly RefEdge[], pointer: string): RefEdge[] {
  const out: RefEdge[] = [];
  const at = lowerBound(sorted, pointer);
  if (sorted[at]?.fromPointer === pointer) out.push(sorted[at]!);
  const prefix = `${pointer}/`;
  for (let i = lowerBound(sorted, prefix); i < sorted.length && sorted[i]!.fromPointer.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}

interface Found {
  height: number;
  /** The `$ref` the deepest chain goes on through, when one goes deeper than the target's own text. */
  via?: RefEdge;
}

/** How many targets a registry's count visits before a target on a cycle is kept as first counted (each visit is a few microseconds). */
export const MAX_VISITS = 100_000;

/** Every target's nesting through `$ref`s, found when first asked: each once, but for the targets on a cycle (see above). */
export class RefNesting {
  private readonly refsOf = new Map<string, RefEdge[]>();
  private readonly found = new Map<Unit, Found>();
  /** What the last count found of the targets on a cycle, from its entry: for `crossing` of the schema just counted. */
  private readonly onCycle = new Map<Unit, Found>();
  private visits = 0;
  /** Each file's root and definitions' levels: known without parsing a file another process walked (schema-facts.ts). */
  private readonly heightsOf = new Map<string, Map<string, number>>();

  constructor(private readonly resolved: ResolvedRegistry) {
    for (const edge of resolved.edges) {
      const list = this.refsOf.get(edge.fromFile);
      if (list) list.push(edge);
      else this.refsOf.set(edge.fromFile, [edge]);
    }
    for (const list of this.refsOf.values()) list.sort((a, b) => (a.fromPointer < b.fromPointer ? -1 : a.fromPointer > b.fromPointer ? 1 : 0));
  }

  /** The nesting of schema file `file` (an event's version, the envelope) counted from its root. */
  of(file: string): RootNesting {
    const root = `${file}#`;
    const { height } = this.height(file, "");
    // The chain through a cycle is the one counted from this root: kept for its crossing (asked of a schema past the limit).
    const onCycle = new Map(this.onCycle);
    return { levels: height, crossing: (limit) => this.crossing(root, limit, onCycle) };
  }

  /** The deepest chain from `root` followed down its `$ref`s to the last `$ref` standing within `limit` levels, if it goes past them. */
  private crossing(root: Unit, limit: number, onCycle: ReadonlyMap<Unit, Found>): RefCrossing | undefined {
    let unit = root;
    // Levels above the unit's root, which stands one below them.
    let above = 0;
    let last: RefEdge | undefined;
    const seen = new Set<Unit>();
    while (!seen.has(unit)) {
      seen.add(unit);
      const found = this.found.get(unit) ?? onCycle.get(unit);
      if (!found?.via || found.height + above <= limit) break;
      const { via } = found;
      const refLevel = above + tokens(via.fromPointer) - tokens(unit.slice(unit.indexOf("#") + 1)) + 1;
      if (refLevel > limit) break;
      last = via;
      above = refLevel - 1;
      unit = `${via.toFile}#${via.toPointer}`;
    }
    return last && { file: last.fromFile, pointer: `${last.fromPointer}/$ref` };
  }

  /**
   * The levels of target `file#pointer`: its own text's, or through the `$ref` under it whose
   * target reaches deepest; a `$ref` to a target still being counted (a cycle) adds nothing.
   * Depth-first with a stack of its own. A target is kept (`found`) when no `$ref` under it led
   * back to a target being counted, itself aside (recursion into itself is the same from any
   * entry): it is then on no cycle, and what it reaches is counted the same whatever is being
   * counted around it. The others are counted again from the next entry (`low`, the highest frame a
   * `$ref` below led back to, says which), until MAX_VISITS.
   */
  private height(file: string, pointer: string): Found {
    // What an earlier count found on a cycle was found from its own entry: never this one's.
    this.onCycle.clear();
    const start: Unit = `${file}#${pointer}`;
    const done = this.found.get(start);
    if (done) return done;
    interface Frame {
      unit: Unit;
      pointer: string;
      refs: RefEdge[];
      next: number;
      best: Found;
      /** Its place on the stack, and the lowest place a `$ref` under it (or under what it led to) led back to. */
      depth: number;
      low: number;
      /** A `$ref` from below led back to it: it is on a cycle. */
      reentered: boolean;
    }
    const open = new Map<Unit, Frame>();
    const frame = (f: string, p: string, depth: number): Frame => {
      const unit = `${f}#${p}`;
      this.visits++;
      const made: Frame = { unit, pointer: p, refs: refsUnder(this.refsOf.get(f) ?? [], p), next: 0, best: { height: this.plainHeightAt(f, p) }, depth, low: depth, reentered: false };
      open.set(unit, made);
      return made;
    };
    const stack: Frame[] = [frame(file, pointer, 0)];
    let result: Found = stack[0]!.best;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.refs.length) {
        const edge = top.refs[top.next]!;
        const target: Unit = `${edge.toFile}#${edge.toPointer}`;
        const known = this.found.get(target);
        const counting = open.get(target);
        if (known) {
          top.next++;
          this.take(top, edge, known);
        } else if (counting) {
          top.next++;
          if (counting !== top) {
            counting.reentered = true;
            top.low = Math.min(top.low, counting.depth);
          }
        } else {
          stack.push(frame(edge.toFile, edge.toPointer, stack.length));
        }
        continue;
      }
      stack.pop();
      open.delete(top.unit);
      const onNoCycle = top.low >= top.depth && !top.reentered;
      if (onNoCycle || this.visits > MAX_VISITS) this.found.set(top.unit, top.best);
      else this.onCycle.set(top.unit, top.best);
      result = top.best;
      const below = stack[stack.length - 1];
      if (below) {
        below.next++;
        below.low = Math.min(below.low, top.low);
        this.take(below, below.refs[below.next - 1]!, top.best);
      }
    }
    return result;
  }

  /** Levels of the target's own text: from the file's facts for its root or a definition, else walked. */
  private plainHeightAt(file: string, pointer: string): number {
    const doc = this.resolved.docs.get(file);
    if (!doc) return 0;
    let known = this.heightsOf.get(file);
    if (!known) this.heightsOf.set(file, (known = new Map(heightsOfFile(doc))));
    return known.get(pointer) ?? plainHeight(getAtPointer(doc.schema, pointer));
  }

  /** `edge` under `frame`'s target leads to a target of `found` levels: the target's root stands where the object holding the `$ref` does. */
  private take(frame: { pointer: string; best: Found }, edge: RefEdge, found: Found): void {
    const height = tokens(edge.fromPointer) - tokens(frame.pointer) + found.height;
    if (height > frame.best.height) frame.best = { height, via: edge };
  }
}

/** What asks a file's nesting: a RefNesting, or the last run's answers reused (every file within the limit then). */
export interface Nestings {
  of(file: string): RootNesting;
}

const nestings = new WeakMap<ResolvedRegistry, Nestings>();

/**
 * The one answer of a run's registry, shared by the rules that ask (the nesting rule, "Every
 * schema compiles", the examples): the last run's (`last`, a long-lived process's) when nothing
 * it was found of has changed, else counted now.
 */
export function refNestingOf(model: RegistryModel, last?: LastNesting): Nestings {
  let nesting = nestings.get(model.resolved);
  if (!nesting) nestings.set(model.resolved, (nesting = (last && reusedNesting(model.resolved, last)) ?? new RefNesting(model.resolved)));
  return nesting;
}

/**
 * What a long-lived process (`generate --watch`) keeps of the last run whose every schema nested
 * within the limit: the `$ref` edges, each file's schema as parsed and its root's and
 * definitions' levels, and each compiled schema's levels. The nesting rule fills it.
 */
export interface LastNesting {
  kept?: {
    edges: readonly RefEdge[];
    files: Map<string, { schema: unknown; heights: readonly Height[] }>;
    levels: ReadonlyMap<string, number>;
  };
}

/** Kept for the next run: `levels` of every compiled schema, all within the limit. */
export function keepNesting(resolved: ResolvedRegistry, levels: ReadonlyMap<string, number>, last: LastNesting): void {
  const files = new Map<string, { schema: unknown; heights: readonly Height[] }>();
  for (const [file, doc] of resolved.docs) files.set(file, { schema: doc.schema, heights: heightsOfFile(doc) });
  last.kept = { edges: resolved.edges, files, levels };
}

/**
 * The last run's levels, when they are still the answer: the same `$ref` edges in the same order,
 * and every file either the very schema parsed then (a session keeps an unchanged file's parse,
 * frozen) or one whose root and definitions nest as many levels as then, with no `$ref` landing
 * in it anywhere else (a target elsewhere is measured on the text, not known the same). The count
 * reads nothing else, so it would find the same levels. An edit of a description or a constraint
 * keeps them; one that nests a property deeper or moves a `$ref` counts again.
 */
function reusedNesting(resolved: ResolvedRegistry, last: LastNesting): Nestings | undefined {
  const kept = last.kept;
  last.kept = undefined;
  if (!kept || kept.files.size !== resolved.docs.size || !sameList(kept.edges, resolved.edges, sameEdge)) return undefined;
  const changed: Array<[string, { schema: unknown; heights: readonly Height[] }]> = [];
  for (const [file, doc] of resolved.docs) {
    const before = kept.files.get(file);
    if (!before) return undefined;
    if (before.schema === doc.schema) continue;
    const heights = heightsOfFile(doc);
    if (!sameList(before.heights, heights, sameHeight)) return undefined;
    const known = new Set(heights.map(([pointer]) => pointer));
    if (resolved.edges.some((e) => e.toFile === file && !known.has(e.toPointer))) return undefined;
    changed.push([file, { schema: doc.schema, heights }]);
  }
  // The next run compares with this run's parse of what changed.
  for (const [file, now] of changed) kept.files.set(file, now);
  last.kept = kept;
  return {
    of: (file) => {
      const levels = kept.levels.get(file);
      // A compiled schema the last run did not count cannot be: the same files, the same edges.
      if (levels === undefined) throw new Error(`internal: no nesting kept for ${file}`);
      return { levels, crossing: () => undefined };
    },
  };
}

const sameHeight = (a: Height, b: Height): boolean => a[0] === b[0] && a[1] === b[1];
