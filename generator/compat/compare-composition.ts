/** allOf, anyOf/oneOf, not and if/then/else. */
import { report, type WalkContext } from "./context.js";
import { pairBranches } from "./pairing.js";
import { R } from "./rules.js";
import { deepEqual, isAnnotation, type Schema } from "./schema-view.js";

export type UnionKeyword = "anyOf" | "oneOf";

/** A ref as comparable across the two files (local refs of each file read as the same place). */
export function refKey(ctx: WalkContext, ref: string, side: "old" | "new"): string {
  const self = side === "old" ? ctx.selfOld : ctx.selfNew;
  return self && ref.startsWith(`${self}#`) ? `<self>${ref.slice(self.length)}` : ref;
}

function branchesOf(s: Schema, kw: string): unknown[] | undefined {
  return Array.isArray(s[kw]) ? (s[kw] as unknown[]) : undefined;
}

/** The branches when the schema is nothing but one anyOf/oneOf (so it can be paired with a plain schema). */
export function pureUnion(s: Schema): { keyword: UnionKeyword; branches: unknown[] } | undefined {
  const keys = Object.keys(s).filter((k) => !isAnnotation(k));
  if (keys.length !== 1) return undefined;
  const kw = keys[0];
  if (kw !== "anyOf" && kw !== "oneOf") return undefined;
  const branches = branchesOf(s, kw);
  return branches ? { keyword: kw, branches } : undefined;
}

export function hasUnion(s: Schema): boolean {
  return Array.isArray(s.anyOf) || Array.isArray(s.oneOf);
}

/** Pairs two branch lists; `oldAt`/`newAt` give each branch's pointer. */
export function compareBranches(
  ctx: WalkContext,
  older: unknown[],
  newer: unknown[],
  oldAt: (i: number) => string,
  newAt: (j: number) => string,
  rules: { added: typeof R.BRANCH_ADDED | typeof R.ALLOF_ADDED; removed: typeof R.BRANCH_REMOVED | typeof R.ALLOF_REMOVED },
): void {
  const p = pairBranches(older, newer, ctx.resolveOld, ctx.resolveNew, (ref, side) => refKey(ctx, ref, side));
  for (const [i, j] of p.pairs) ctx.walk(older[i], newer[j], newAt(j));
  for (const j of p.added) report(ctx, rules.added, newAt(j), `branch ${j} added`);
  for (const i of p.removed) report(ctx, rules.removed, oldAt(i), `branch ${i} removed`);
}

const UNION = { added: R.BRANCH_ADDED, removed: R.BRANCH_REMOVED } as const;

export function compareComposition(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const oa = branchesOf(o, "allOf");
  const na = branchesOf(n, "allOf");
  if (oa || na) {
    compareBranches(ctx, oa ?? [], na ?? [], (i) => `${ptr}/allOf/${i}`, (j) => `${ptr}/allOf/${j}`, { added: R.ALLOF_ADDED, removed: R.ALLOF_REMOVED });
  }

  const oAny = branchesOf(o, "anyOf");
  const oOne = branchesOf(o, "oneOf");
  const nAny = branchesOf(n, "anyOf");
  const nOne = branchesOf(n, "oneOf");
  if (oAny && !oOne && nOne && !nAny) {
    report(ctx, R.ANY_TO_ONE, `${ptr}/oneOf`, "anyOf → oneOf");
    compareBranches(ctx, oAny, nOne, (i) => `${ptr}/anyOf/${i}`, (j) => `${ptr}/oneOf/${j}`, UNION);
  } else if (oOne && !oAny && nAny && !nOne) {
    report(ctx, R.ONE_TO_ANY, `${ptr}/anyOf`, "oneOf → anyOf");
    compareBranches(ctx, oOne, nAny, (i) => `${ptr}/oneOf/${i}`, (j) => `${ptr}/anyOf/${j}`, UNION);
  } else {
    for (const kw of ["anyOf", "oneOf"] as const) {
      const a = branchesOf(o, kw);
      const b = branchesOf(n, kw);
      if (a && b) compareBranches(ctx, a, b, (i) => `${ptr}/${kw}/${i}`, (j) => `${ptr}/${kw}/${j}`, UNION);
      else if (b) report(ctx, R.UNION_ADDED, `${ptr}/${kw}`, `${kw} with ${b.length} branch(es) added`);
      else if (a) report(ctx, R.UNION_REMOVED, ptr, `${kw} with ${a.length} branch(es) removed`);
    }
  }

  if ("not" in o || "not" in n) {
    if (!("not" in o)) report(ctx, R.NOT_ADDED, `${ptr}/not`, "not added");
    else if (!("not" in n)) report(ctx, R.NOT_REMOVED, ptr, "not removed");
    else {
      ctx.flipped = !ctx.flipped;
      try {
        ctx.walk(o.not, n.not, `${ptr}/not`);
      } finally {
        ctx.flipped = !ctx.flipped;
      }
    }
  }

  if ("if" in o || "if" in n) {
    if (!("if" in o)) report(ctx, R.CONDITION_ADDED, `${ptr}/if`, "if/then/else added");
    else if (!("if" in n)) report(ctx, R.CONDITION_REMOVED, ptr, "if/then/else removed");
    else if (!deepEqual(o.if, n.if)) report(ctx, R.CONDITION_CHANGED, `${ptr}/if`, "the if schema changed");
    else {
      for (const kw of ["then", "else"]) {
        if (kw in o || kw in n) ctx.walk(o[kw] ?? true, n[kw] ?? true, `${ptr}/${kw}`);
      }
    }
  }
}
