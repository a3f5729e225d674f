/**
 * The structural walk: pairs the old and the new subschema at each path, follows `$ref` on both
 * sides (so references are compared by what they resolve to), and hands each keyword family to
 * its comparer. Paths are JSON pointers written as in the newer file (in the older one for what
 * was removed); through a `$ref` they continue into the target, and the message names it.
 */
import { compareArray } from "./compare-array.js";
import { compareComposition, compareBranches, hasUnion, pureUnion, refKey } from "./compare-composition.js";
import { compareBounds, compareFormat, compareLengths, compareMultipleOf, comparePattern, compareUnique } from "./compare-constraints.js";
import { compareObject } from "./compare-object.js";
import { compareAnnotations, compareNullability, compareTypes, compareValues } from "./compare-values.js";
import { report, type Finding, type WalkContext } from "./context.js";
import type { Policy } from "./policy.js";
import { R } from "./rules.js";
import { deepEqual, expand, isAnnotation, normalize, shortRef, type Resolver, type Schema } from "./schema-view.js";

/** Every keyword some comparer above understands; a change to any other is reported as unknown. */
const KNOWN = new Set([
  "$ref",
  "type",
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minItems",
  "maxItems",
  "uniqueItems",
  "items",
  "prefixItems",
  "additionalItems",
  "contains",
  "minContains",
  "maxContains",
  "properties",
  "required",
  "additionalProperties",
  "unevaluatedProperties",
  "patternProperties",
  "propertyNames",
  "dependencies",
  "dependentRequired",
  "dependentSchemas",
  "minProperties",
  "maxProperties",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
]);

const MAX_DEPTH = 200;

export interface CompareSchemasOptions {
  policy: Policy;
  resolveOld: Resolver;
  resolveNew: Resolver;
  sameRegistry: boolean;
  selfOld?: string;
  selfNew?: string;
}

/** Every difference between two schemas, classified. */
export function compareSchemas(older: unknown, newer: unknown, options: CompareSchemasOptions): Finding[] {
  const ctx: WalkContext = {
    ...options,
    findings: [],
    active: new Set(),
    flipped: false,
    via: undefined,
    depth: 0,
    walk: (o, n, ptr) => walk(ctx, o, n, ptr),
  };
  walk(ctx, older, newer, "");
  return ctx.findings;
}

function walk(ctx: WalkContext, older: unknown, newer: unknown, ptr: string): void {
  if (ctx.sameRegistry && deepEqual(older, newer)) return;
  if (ctx.depth > MAX_DEPTH) return;
  const o = expand(older, ctx.resolveOld);
  const n = expand(newer, ctx.resolveNew);
  const lastOld = o.refs[o.refs.length - 1];
  const lastNew = n.refs[n.refs.length - 1];
  let key: string | undefined;
  if (lastOld !== undefined || lastNew !== undefined) {
    key = `${o.refs.join(">")}|${n.refs.join(">")}|${ctx.flipped}`;
    if (ctx.active.has(key)) return; // a recursive schema meeting itself: compared above
    if (lastOld !== undefined && lastNew !== undefined && refKey(ctx, lastOld, "old") !== refKey(ctx, lastNew, "new")) {
      report(ctx, R.REF_CHANGED, `${ptr}/$ref`, `${shortRef(lastOld)} → ${shortRef(lastNew)}`);
    }
    ctx.active.add(key);
  }
  const via = ctx.via;
  const target = lastNew ?? lastOld;
  if (target !== undefined) ctx.via = shortRef(target);
  ctx.depth++;
  try {
    compareExpanded(ctx, o.schema, n.schema, ptr);
  } finally {
    ctx.depth--;
    ctx.via = via;
    if (key) ctx.active.delete(key);
  }
}

function compareExpanded(ctx: WalkContext, older: Schema | false, newer: Schema | false, ptr: string): void {
  if (older === false || newer === false) {
    if (older === false && newer !== false && !isNever(newer)) report(ctx, R.ACCEPTS_AGAIN, ptr, "false replaced by a schema");
    if (newer === false && older !== false && !isNever(older)) report(ctx, R.REJECTS_ALL, ptr, "the schema is now false");
    return;
  }
  const o = normalize(older, ctx.resolveOld);
  const n = normalize(newer, ctx.resolveNew);
  const nullabilityChanged = compareNullability(ctx, o, n, ptr);

  // A plain schema against a schema that is only an anyOf/oneOf: the plain one is one branch.
  const ou = pureUnion(o.schema);
  const nu = pureUnion(n.schema);
  if (nu && !hasUnion(o.schema)) {
    compareBranches(ctx, [o.schema], nu.branches, () => ptr, (j) => `${ptr}/${nu.keyword}/${j}`, { added: R.BRANCH_ADDED, removed: R.BRANCH_REMOVED });
    return;
  }
  if (ou && !hasUnion(n.schema)) {
    compareBranches(ctx, ou.branches, [n.schema], (i) => `${ptr}/${ou.keyword}/${i}`, () => ptr, { added: R.BRANCH_ADDED, removed: R.BRANCH_REMOVED });
    return;
  }

  if (!compareTypes(ctx, o, n, ptr)) return; // disjoint types: nothing below is comparable
  const os = o.schema;
  const ns = n.schema;
  compareValues(ctx, os, ns, ptr, nullabilityChanged);
  compareBounds(ctx, os, ns, ptr);
  compareMultipleOf(ctx, os, ns, ptr);
  compareLengths(ctx, os, ns, ptr);
  comparePattern(ctx, os, ns, ptr);
  compareFormat(ctx, os, ns, ptr);
  compareUnique(ctx, os, ns, ptr);
  compareObject(ctx, os, ns, ptr);
  compareArray(ctx, os, ns, ptr);
  compareComposition(ctx, os, ns, ptr);
  compareAnnotations(ctx, os, ns, ptr);
  for (const k of new Set([...Object.keys(os), ...Object.keys(ns)])) {
    if (KNOWN.has(k) || isAnnotation(k)) continue;
    if (!deepEqual(os[k], ns[k])) report(ctx, R.UNKNOWN_KEYWORD, `${ptr}/${k}`, `"${k}" changed`);
  }
}

/** `{ not: {} }` and friends: a schema object that rejects everything. */
function isNever(s: Schema): boolean {
  const keys = Object.keys(s).filter((k) => !isAnnotation(k));
  return keys.length === 1 && keys[0] === "not" && (s.not === true || (typeof s.not === "object" && s.not !== null && Object.keys(s.not).every(isAnnotation)));
}
