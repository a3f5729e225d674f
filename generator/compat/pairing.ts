/**
 * Pairs the branches of an old and a new anyOf/oneOf/allOf: the same branch is usually written
 * the same way, or refers to the same definition, or carries the same discriminator const, title
 * or type. Unpaired branches were added or removed.
 */
import { deepEqual, expand, isObject, stableJson, type Resolver, type Schema } from "./schema-view.js";

export interface Pairing {
  pairs: Array<[number, number]>;
  added: number[];
  removed: number[];
}

function typesOf(s: Schema): string[] {
  return typeof s.type === "string" ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : [];
}

/** Properties whose value is fixed (const or one-value enum): the usual discriminators. */
function discriminators(s: Schema, resolve: Resolver): Map<string, string> {
  const out = new Map<string, string>();
  const props = isObject(s.properties) ? s.properties : {};
  for (const [name, raw] of Object.entries(props)) {
    const e = expand(raw, resolve).schema;
    if (e === false) continue;
    if ("const" in e) out.set(name, stableJson(e.const));
    else if (Array.isArray(e.enum) && e.enum.length === 1) out.set(name, stableJson(e.enum[0]));
  }
  return out;
}

function score(a: unknown, b: unknown, resolveOld: Resolver, resolveNew: Resolver, refKey: (ref: string, side: "old" | "new") => string): number {
  if (deepEqual(a, b)) return 100;
  if (isObject(a) && isObject(b) && typeof a.$ref === "string" && typeof b.$ref === "string" && refKey(a.$ref, "old") === refKey(b.$ref, "new")) return 90;
  const x = expand(a, resolveOld).schema;
  const y = expand(b, resolveNew).schema;
  if (x === false || y === false) return x === y ? 50 : 0;
  const dx = discriminators(x, resolveOld);
  const dy = discriminators(y, resolveNew);
  for (const [name, value] of dx) {
    const other = dy.get(name);
    if (other === undefined) continue;
    return other === value ? 80 : 0; // same discriminator property: the value decides
  }
  if (typeof x.title === "string" && x.title === y.title) return 60;
  const tx = typesOf(x);
  const ty = typesOf(y);
  let s = 0;
  if (tx.length > 0 && stableJson([...tx].sort()) === stableJson([...ty].sort())) s = 30;
  else if (tx.some((t) => ty.includes(t) || (t === "integer" && ty.includes("number")) || (t === "number" && ty.includes("integer")))) s = 15;
  const px = Object.keys(isObject(x.properties) ? x.properties : {});
  const py = new Set(Object.keys(isObject(y.properties) ? y.properties : {}));
  if (px.length > 0 && py.size > 0) {
    const common = px.filter((p) => py.has(p)).length;
    s += Math.round((20 * common) / new Set([...px, ...py]).size);
  }
  return s;
}

export function pairBranches(
  older: unknown[],
  newer: unknown[],
  resolveOld: Resolver,
  resolveNew: Resolver,
  refKey: (ref: string, side: "old" | "new") => string,
): Pairing {
  const candidates: Array<{ i: number; j: number; s: number }> = [];
  older.forEach((a, i) => newer.forEach((b, j) => candidates.push({ i, j, s: score(a, b, resolveOld, resolveNew, refKey) })));
  // Highest score first; ties keep the written order, so positional pairs win among equals.
  candidates.sort((p, q) => q.s - p.s || Math.abs(p.i - p.j) - Math.abs(q.i - q.j) || p.i - q.i);
  const usedOld = new Set<number>();
  const usedNew = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (const { i, j, s } of candidates) {
    if (s < 10 || usedOld.has(i) || usedNew.has(j)) continue;
    usedOld.add(i);
    usedNew.add(j);
    pairs.push([i, j]);
  }
  pairs.sort((p, q) => p[1] - q[1]);
  return {
    pairs,
    added: newer.map((_, j) => j).filter((j) => !usedNew.has(j)),
    removed: older.map((_, i) => i).filter((i) => !usedOld.has(i)),
  };
}
