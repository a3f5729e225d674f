/** Types, nullability, enum/const, default and deprecated. */
import { report, type WalkContext } from "./context.js";
import { R } from "./rules.js";
import { deepEqual, show, type Normal, type Schema } from "./schema-view.js";

export function compareNullability(ctx: WalkContext, o: Normal, n: Normal, ptr: string): boolean {
  if (o.nullable === "no" && n.nullable === "yes") {
    report(ctx, R.BECAME_NULLABLE, ptr, "null is now accepted");
    return true;
  }
  if (o.nullable === "yes" && n.nullable === "no") {
    report(ctx, R.NO_LONGER_NULLABLE, ptr, "null is no longer accepted");
    return true;
  }
  return false;
}

/** `covers(a, b)`: every value of a type in b is of a type in a (integer is a number). */
function covers(a: string[], b: string[]): boolean {
  return b.every((t) => a.includes(t) || (t === "integer" && a.includes("number")));
}

function overlaps(a: string[], b: string[]): boolean {
  const numeric = (t: string) => t === "integer" || t === "number";
  return b.some((t) => a.some((u) => t === u || (numeric(t) && numeric(u))));
}

function showTypes(types: string[], nullable: boolean): string {
  const all = nullable ? [...types, "null"] : types;
  return all.map((t) => `"${t}"`).join(" | ");
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** An enum or const already limits the types: a `type` that admits all its values changes nothing. */
function valuesWithin(s: Schema, types: string[]): boolean {
  const set = valueSet(s);
  return set !== undefined && set.values.every((v) => v === null || covers(types, [jsonType(v)]));
}

/** Returns false when the types are disjoint: nothing deeper is worth comparing then. */
export function compareTypes(ctx: WalkContext, o: Normal, n: Normal, ptr: string): boolean {
  const at = `${ptr}/type`;
  const ot = o.types;
  const nt = n.types;
  if (!ot && !nt) return true;
  if (!ot && valuesWithin(o.schema, nt!)) return true;
  if (!nt && valuesWithin(n.schema, ot!)) return true;
  if (!ot) {
    report(ctx, R.TYPE_NARROWED, at, `type ${showTypes(nt!, n.nullable === "yes")} added (any type was accepted)`);
    return true;
  }
  if (!nt) {
    report(ctx, R.TYPE_WIDENED, ptr, `type ${showTypes(ot, o.nullable === "yes")} removed (any type is accepted)`);
    return true;
  }
  const narrower = covers(ot, nt);
  const wider = covers(nt, ot);
  if (narrower && wider) return true;
  const change = `type ${showTypes(ot, false)} → ${showTypes(nt, false)}`;
  if (narrower) report(ctx, R.TYPE_NARROWED, at, change);
  else if (wider) report(ctx, R.TYPE_WIDENED, at, change);
  else {
    report(ctx, R.TYPE_CHANGED, at, change);
    return overlaps(ot, nt);
  }
  return true;
}

function valueSet(s: Schema): { kind: "const" | "enum"; values: unknown[] } | undefined {
  if ("const" in s) return { kind: "const", values: [s.const] };
  if (Array.isArray(s.enum)) return { kind: "enum", values: s.enum };
  return undefined;
}

export function compareValues(ctx: WalkContext, o: Schema, n: Schema, ptr: string, nullabilityChanged: boolean): void {
  const a = valueSet(o);
  const b = valueSet(n);
  if (!a && !b) return;
  if (!a) {
    if (b!.kind === "const") report(ctx, R.CONST_ADDED, `${ptr}/const`, `const ${show(n.const)} added`);
    else report(ctx, R.ENUM_ADDED, `${ptr}/enum`, `enum ${show(n.enum)} added`);
    return;
  }
  if (!b) {
    if (a.kind === "const") report(ctx, R.CONST_REMOVED, ptr, `const ${show(o.const)} removed`);
    else report(ctx, R.ENUM_REMOVED, ptr, `enum ${show(o.enum)} removed`);
    return;
  }
  if (a.kind === "const" && b.kind === "const") {
    if (!deepEqual(o.const, n.const)) report(ctx, R.CONST_CHANGED, `${ptr}/const`, `const ${show(o.const)} → ${show(n.const)}`);
    return;
  }
  const keep = (v: unknown) => !(nullabilityChanged && v === null);
  const added = b.values.filter((v) => keep(v) && !a.values.some((w) => deepEqual(v, w)));
  const removed = a.values.filter((v) => keep(v) && !b.values.some((w) => deepEqual(v, w)));
  const at = `${ptr}/${b.kind}`;
  if (added.length > 0) report(ctx, R.ENUM_VALUES_ADDED, at, `${added.map(show).join(", ")} added`);
  if (removed.length > 0) report(ctx, R.ENUM_VALUES_REMOVED, at, `${removed.map(show).join(", ")} removed`);
}

export function compareAnnotations(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const hadDefault = "default" in o;
  const hasDefault = "default" in n;
  if (hadDefault || hasDefault) {
    if (!hadDefault) report(ctx, R.DEFAULT_CHANGED, `${ptr}/default`, `default ${show(n.default)} added`);
    else if (!hasDefault) report(ctx, R.DEFAULT_CHANGED, ptr, `default ${show(o.default)} removed`);
    else if (!deepEqual(o.default, n.default)) report(ctx, R.DEFAULT_CHANGED, `${ptr}/default`, `default ${show(o.default)} → ${show(n.default)}`);
  }
  if (o.deprecated !== true && n.deprecated === true) report(ctx, R.DEPRECATED, `${ptr}/deprecated`, "marked deprecated");
}
