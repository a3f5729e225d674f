/**
 * Arrays: a tuple part (draft-07 `items: [...]`, 2020-12 `prefixItems`) and the schema for the
 * items after it (draft-07 `additionalItems`, 2020-12 `items`); a plain list is a tuple of length 0.
 */
import { report, type WalkContext } from "./context.js";
import { R } from "./rules.js";
import { expand, isTrivial, type Resolver, type Schema } from "./schema-view.js";

interface ArrayShape {
  tuple: unknown[];
  tupleKeyword: string;
  rest: unknown;
  restKeyword: string;
}

function shape(s: Schema): ArrayShape {
  if (Array.isArray(s.prefixItems)) return { tuple: s.prefixItems, tupleKeyword: "prefixItems", rest: s.items, restKeyword: "items" };
  if (Array.isArray(s.items)) return { tuple: s.items, tupleKeyword: "items", rest: s.additionalItems, restKeyword: "additionalItems" };
  return { tuple: [], tupleKeyword: "prefixItems", rest: s.items, restKeyword: "items" };
}

type Rest = { kind: "open" } | { kind: "closed" } | { kind: "schema"; schema: unknown };

function rest(value: unknown, resolve: Resolver): Rest {
  if (value === undefined || value === true || isTrivial(value, resolve)) return { kind: "open" };
  if (value === false || expand(value, resolve).schema === false) return { kind: "closed" };
  return { kind: "schema", schema: value };
}

export function compareArray(ctx: WalkContext, o: Schema, n: Schema, ptr: string): void {
  const a = shape(o);
  const b = shape(n);
  const shared = Math.min(a.tuple.length, b.tuple.length);
  for (let i = 0; i < shared; i++) ctx.walk(a.tuple[i], b.tuple[i], `${ptr}/${b.tupleKeyword}/${i}`);
  const oldRest = rest(a.rest, ctx.resolveOld);
  const newRest = rest(b.rest, ctx.resolveNew);
  for (let i = shared; i < b.tuple.length; i++) {
    const at = `${ptr}/${b.tupleKeyword}/${i}`;
    if (oldRest.kind === "open") {
      if (!isTrivial(b.tuple[i], ctx.resolveNew)) report(ctx, R.TUPLE_ADDED_OPEN, at, `position ${i} is now constrained`);
    } else if (oldRest.kind === "closed") report(ctx, R.TUPLE_ADDED_CLOSED, at, `position ${i} added; old readers allow no item there`);
    else ctx.walk(oldRest.schema, b.tuple[i], at);
  }
  for (let i = shared; i < a.tuple.length; i++) {
    const at = `${ptr}/${a.tupleKeyword}/${i}`;
    if (newRest.kind === "open") {
      if (!isTrivial(a.tuple[i], ctx.resolveOld)) report(ctx, R.TUPLE_REMOVED_OPEN, at, `position ${i} is no longer constrained`);
    } else if (newRest.kind === "closed") report(ctx, R.TUPLE_REMOVED_CLOSED, at, `position ${i} removed; new readers allow no item there`);
    else ctx.walk(a.tuple[i], newRest.schema, at);
  }
  const restAt = `${ptr}/${b.restKeyword}`;
  if (oldRest.kind === "open" && newRest.kind === "closed") report(ctx, R.EXTRA_ITEMS_FORBIDDEN, restAt, `${b.restKeyword}: false added`);
  else if (oldRest.kind === "closed" && newRest.kind === "open") report(ctx, R.EXTRA_ITEMS_ALLOWED, ptr, `${a.restKeyword}: false removed`);
  else if (oldRest.kind === "schema" || newRest.kind === "schema") ctx.walk(a.rest ?? true, b.rest ?? true, restAt);

  if ("contains" in o || "contains" in n) {
    if (!("contains" in o)) report(ctx, R.CONTAINS_ADDED, `${ptr}/contains`, "contains added");
    else if (!("contains" in n)) report(ctx, R.CONTAINS_REMOVED, ptr, "contains removed");
    else ctx.walk(o.contains, n.contains, `${ptr}/contains`);
  }
}
