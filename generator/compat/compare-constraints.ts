/** Bounds, multipleOf, length limits, pattern, format and uniqueItems: one keyword family each. */
import { report, type WalkContext } from "./context.js";
import { R } from "./rules.js";
import type { Schema } from "./schema-view.js";

interface Bound {
  value: number;
  exclusive: boolean;
  keyword: string;
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** The effective lower (or upper) bound from minimum/exclusiveMinimum (maximum/exclusiveMaximum). */
function bound(s: Schema, side: "lower" | "upper"): Bound | undefined {
  const [inc, exc] = side === "lower" ? ["minimum", "exclusiveMinimum"] : ["maximum", "exclusiveMaximum"];
  const candidates: Bound[] = [];
  const i = num(s[inc]);
  const e = num(s[exc]);
  if (i !== undefined) candidates.push({ value: i, exclusive: false, keyword: inc });
  if (e !== undefined) candidates.push({ value: e, exclusive: true, keyword: exc });
  let best: Bound | undefined;
  for (const c of candidates) if (!best || tighter(c, best, side)) best = c;
  return best;
}

function tighter(a: Bound, b: Bound, side: "lower" | "upper"): boolean {
  if (a.value !== b.value) return side === "lower" ? a.value > b.value : a.value < b.value;
  return a.exclusive && !b.exclusive;
}

const showBound = (b: Bound) => `${b.keyword} ${b.value}`;

export function compareBounds(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  for (const side of ["lower", "upper"] as const) {
    const a = bound(o, side);
    const b = bound(n, side);
    if (!a && !b) continue;
    if (!a) report(ctx, R.BOUND_ADDED, `${ptr}/${b!.keyword}`, `${showBound(b!)} added`);
    else if (!b) report(ctx, R.BOUND_REMOVED, ptr, `${showBound(a)} removed`);
    else if (tighter(b, a, side)) report(ctx, R.BOUND_TIGHTENED, `${ptr}/${b.keyword}`, `${showBound(a)} → ${showBound(b)}`);
    else if (tighter(a, b, side)) report(ctx, R.BOUND_LOOSENED, `${ptr}/${b.keyword}`, `${showBound(a)} → ${showBound(b)}`);
  }
}

function isMultiple(a: number, b: number): boolean {
  const q = a / b;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

export function compareMultipleOf(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const a = num(o.multipleOf);
  const b = num(n.multipleOf);
  const at = `${ptr}/multipleOf`;
  if (a === undefined && b === undefined) return;
  if (a === undefined) return report(ctx, R.MULTIPLE_ADDED, at, `multipleOf ${b} added`);
  if (b === undefined) return report(ctx, R.MULTIPLE_REMOVED, ptr, `multipleOf ${a} removed`);
  if (a === b) return;
  const change = `multipleOf ${a} → ${b}`;
  if (isMultiple(b, a)) report(ctx, R.MULTIPLE_TIGHTENED, at, change);
  else if (isMultiple(a, b)) report(ctx, R.MULTIPLE_LOOSENED, at, change);
  else report(ctx, R.MULTIPLE_CHANGED, at, change);
}

/** [keyword, "min" | "max", value that means "no limit"]. */
const LENGTHS: Array<[string, "min" | "max", number | undefined]> = [
  ["minLength", "min", 0],
  ["maxLength", "max", undefined],
  ["minItems", "min", 0],
  ["maxItems", "max", undefined],
  ["minProperties", "min", 0],
  ["maxProperties", "max", undefined],
  ["minContains", "min", undefined],
  ["maxContains", "max", undefined],
];

export function compareLengths(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  for (const [kw, kind, neutral] of LENGTHS) {
    const a = num(o[kw]) === neutral ? undefined : num(o[kw]);
    const b = num(n[kw]) === neutral ? undefined : num(n[kw]);
    const at = `${ptr}/${kw}`;
    if (a === b) continue;
    if (a === undefined) report(ctx, R.LENGTH_ADDED, at, `${kw} ${b} added`);
    else if (b === undefined) report(ctx, R.LENGTH_REMOVED, ptr, `${kw} ${a} removed`);
    else if (kind === "min" ? b > a : b < a) report(ctx, R.LENGTH_TIGHTENED, at, `${kw} ${a} → ${b}`);
    else report(ctx, R.LENGTH_LOOSENED, at, `${kw} ${a} → ${b}`);
  }
}

export function comparePattern(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const a = typeof o.pattern === "string" ? o.pattern : undefined;
  const b = typeof n.pattern === "string" ? n.pattern : undefined;
  if (a === b) return;
  if (a === undefined) report(ctx, R.PATTERN_ADDED, `${ptr}/pattern`, `pattern /${b}/ added`);
  else if (b === undefined) report(ctx, R.PATTERN_REMOVED, ptr, `pattern /${a}/ removed`);
  else report(ctx, R.PATTERN_CHANGED, `${ptr}/pattern`, `pattern /${a}/ → /${b}/`);
}

/** format → the formats that accept every value it accepts, and more. */
const WIDER_FORMATS: Record<string, string[]> = {
  uri: ["uri-reference", "iri", "iri-reference"],
  iri: ["iri-reference"],
  "uri-reference": ["iri-reference"],
  email: ["idn-email"],
  hostname: ["idn-hostname"],
  "date-time": [],
  date: [],
  time: [],
};

export function compareFormat(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const a = typeof o.format === "string" ? o.format : undefined;
  const b = typeof n.format === "string" ? n.format : undefined;
  if (a === b) return;
  if (a === undefined) return report(ctx, R.FORMAT_ADDED, `${ptr}/format`, `format "${b}" added`);
  if (b === undefined) return report(ctx, R.FORMAT_REMOVED, ptr, `format "${a}" removed`);
  const change = `format "${a}" → "${b}"`;
  if (WIDER_FORMATS[b]?.includes(a)) report(ctx, R.FORMAT_TIGHTENED, `${ptr}/format`, change);
  else if (WIDER_FORMATS[a]?.includes(b)) report(ctx, R.FORMAT_LOOSENED, `${ptr}/format`, change);
  else report(ctx, R.FORMAT_CHANGED, `${ptr}/format`, change);
}

export function compareUnique(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const a = o.uniqueItems === true;
  const b = n.uniqueItems === true;
  if (!a && b) report(ctx, R.UNIQUE_ADDED, `${ptr}/uniqueItems`, "uniqueItems added");
  if (a && !b) report(ctx, R.UNIQUE_REMOVED, ptr, "uniqueItems removed");
}
