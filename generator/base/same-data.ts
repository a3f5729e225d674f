/**
 * Whether what a long-lived process (`generate --watch`) made something from last time is the
 * same plain data as now, without writing either as JSON: the catalog index's data is megabytes
 * of JSON at 1000 events, made and compared on every save, while most of it is the very objects
 * the session kept (the index's rows and flow diagrams, base/kept-by-inputs.ts), reached again.
 *
 * `last` is frozen all the way down when it is kept (`keptData`), so a part of it reached again in
 * `next` is the same data without being walked: nothing can have changed it since. Otherwise the
 * two are compared as plainDataJson (base/kept-by-inputs.ts) would tell them apart: members in
 * order, `-0`, `NaN`, `undefined`, a missing member and `null` all different; anything that is
 * not plain data (a Map, a class instance, a function) is never the same, so it is made again.
 * test/generator/same-data.test.ts holds both sides to plainDataJson.
 */
import { deepFreeze, isDeeplyFrozen } from "./deep-freeze.js";

/** `data` as kept to be compared with later: frozen all the way down (base/deep-freeze.ts). */
export function keptData<T>(data: T): T {
  return deepFreeze(data);
}

/** `last` undefined is nothing kept: never the same. */
export function sameData(last: unknown, next: unknown): boolean {
  if (last === undefined || next === undefined) return false;
  return same(last, next);
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b) && isPlainScalar(a);
  if (a === b && isDeeplyFrozen(a)) return true;
  const arrays = Array.isArray(a);
  if (arrays !== Array.isArray(b)) return false;
  if (arrays) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!same(x[i], y[i])) return false;
    return true;
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  const others = Object.keys(b);
  if (keys.length !== others.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== others[i] || !same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function isPlainScalar(v: unknown): boolean {
  return v === null || v === undefined || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
