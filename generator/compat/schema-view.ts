/**
 * How the compatibility walk sees one subschema: `$ref` followed (through the registry's canonical
 * copies), sibling keywords merged in, nullable unions unwrapped, annotations told apart from
 * validation keywords.
 */
import equal from "fast-deep-equal";
import { BASE_URI } from "../resolve/resolve-refs.js";
import { getAtPointer } from "../base/json-pointer.js";

export type Schema = Record<string, unknown>;

/** Finds the schema a `$ref` points to; undefined when it leads nowhere. */
export type Resolver = (ref: string) => unknown;

/** Keywords that never change what a schema accepts. `default` is compared on its own. */
const ANNOTATIONS = new Set([
  "title",
  "description",
  "examples",
  "$comment",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$schema",
  "$id",
  "$anchor",
  "$dynamicAnchor",
  "$defs",
  "definitions",
  "$vocabulary",
  "contentMediaType",
  "contentEncoding",
  "contentSchema",
]);

export function isAnnotation(key: string): boolean {
  return ANNOTATIONS.has(key) || (key.startsWith("x-") && key !== "x-reply");
}

export function isObject(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Resolves canonical refs (`https://jetschema.local/<file>#<pointer>`) and, for a bare schema, local `#/...` refs. */
export function resolverFor(normalized: ReadonlyMap<string, Record<string, unknown>>, localRoot?: unknown): Resolver {
  return (ref) => {
    if (ref.startsWith("#")) return localRoot === undefined ? undefined : getAtPointer(localRoot, decodeFragment(ref.slice(1)));
    if (!ref.startsWith(BASE_URI)) return undefined;
    const hash = ref.indexOf("#");
    const file = ref.slice(BASE_URI.length, hash < 0 ? undefined : hash);
    const doc = normalized.get(file);
    return doc === undefined ? undefined : getAtPointer(doc, hash < 0 ? "" : ref.slice(hash + 1));
  };
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** A ref as a reader would write it: the registry-relative file and pointer. */
export function shortRef(ref: string): string {
  return ref.startsWith(BASE_URI) ? ref.slice(BASE_URI.length) : ref;
}

export interface Expanded {
  /** The schema after following every `$ref` at this spot; `true` is given as `{}`. */
  schema: Schema | false;
  /** The refs followed, outermost first. */
  refs: string[];
}

/**
 * Follows `$ref` chains. Keywords beside a `$ref` apply too (draft 2019+ and ajv 8 semantics), so
 * they are merged over the target; annotations beside it simply win.
 */
export function expand(node: unknown, resolve: Resolver): Expanded {
  const refs: string[] = [];
  let siblings: Schema = {};
  let cur: unknown = node;
  for (let depth = 0; depth < 32; depth++) {
    if (!isObject(cur) || typeof cur.$ref !== "string") break;
    const { $ref, ...rest } = cur;
    refs.push($ref);
    siblings = { ...rest, ...siblings };
    cur = resolve($ref);
    if (cur === undefined) cur = {};
  }
  if (isObject(cur) && typeof cur.$ref === "string") cur = {}; // a cycle of refs: nothing to compare
  if (cur === false) return { schema: false, refs };
  const base = isObject(cur) ? cur : {};
  return { schema: { ...base, ...siblings }, refs };
}

/** True when the schema accepts every value (true, {}, or annotations only). */
export function isTrivial(node: unknown, resolve: Resolver): boolean {
  const e = expand(node, resolve);
  return e.schema !== false && Object.keys(e.schema).every(isAnnotation);
}

export type Nullable = "yes" | "no" | "unknown";

export interface Normal {
  schema: Schema;
  /** Does the schema say whether null is accepted? "unknown" when it has no type at all. */
  nullable: Nullable;
  /** Type names other than "null" (undefined: any type). */
  types: string[] | undefined;
  refs: string[];
}

function isNullOnly(branch: unknown, resolve: Resolver): boolean {
  const e = expand(branch, resolve);
  if (e.schema === false) return false;
  const s = e.schema;
  const keys = Object.keys(s).filter((k) => !isAnnotation(k));
  if (keys.length !== 1) return false;
  if (keys[0] === "type") return s.type === "null" || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === "null");
  if (keys[0] === "const") return s.const === null;
  if (keys[0] === "enum") return Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null;
  return false;
}

/**
 * Separates "may be null" from the rest: `type: ["string", "null"]` and
 * `anyOf: [X, {type: "null"}]` both become X with nullable "yes", so a nullable wrapper never
 * reads as a type or branch change.
 */
export function normalize(schema: Schema, resolve: Resolver): Normal {
  let s: Schema = { ...schema };
  const refs: string[] = [];
  let nullBranch = false;
  for (const kw of ["anyOf", "oneOf"] as const) {
    const branches = s[kw];
    if (!Array.isArray(branches)) continue;
    const keep = branches.filter((b) => !isNullOnly(b, resolve));
    if (keep.length === branches.length || keep.length === 0) continue;
    nullBranch = true;
    s[kw] = keep;
    const others = Object.keys(s).filter((k) => k !== kw && !isAnnotation(k));
    if (keep.length === 1 && others.length === 0) {
      const inner = expand(keep[0], resolve);
      if (inner.schema !== false) {
        const annotations = Object.fromEntries(Object.entries(s).filter(([k]) => k !== kw));
        s = { ...inner.schema, ...annotations };
        refs.push(...inner.refs);
      }
    }
  }
  let types = typeof s.type === "string" ? [s.type] : Array.isArray(s.type) ? (s.type as string[]).slice() : undefined;
  let typeNull = false;
  if (types && types.length > 1 && types.includes("null")) {
    typeNull = true;
    types = types.filter((t) => t !== "null");
    s.type = types.length === 1 ? types[0] : types;
  }
  const nullable: Nullable = nullBranch || typeNull ? "yes" : types && !(types.length === 1 && types[0] === "null") ? "no" : "unknown";
  return { schema: s, nullable, types, refs };
}

/** Stable JSON: keys sorted, so two equal values always print the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/**
 * Equal as JSON data, members in any order: what equal stableJson texts mean, found without
 * writing either one. The walk asks it at every level of two schemas, so writing both out each
 * time made a comparison quadratic in their depth.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  return equal(a, b);
}

/** A short printable form of a JSON value for messages. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + "..." : text;
}
