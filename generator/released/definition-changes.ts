/**
 * Which definitions a released version refers to changed since the ref, other than in
 * documentation. A released version's meaning is its schema with every `$ref` followed, so an
 * edit of a definition it reaches is an edit of the version, held to the in-place rule: only the
 * documentation keywords may change. The two registries are walked together from each version,
 * `$ref` by `$ref` on both sides, so the comparison is of what the refs lead to: moving a schema
 * behind a `$ref` to an equal definition, or inlining one, is no change.
 *
 * Each pair of schemas reached through a `$ref` on both sides (old target, new target) is compared
 * once for all versions; the refs found inside it are pairs to compare next, never a recursion, so
 * recursive definitions and long chains end.
 */
import { pointerToken } from "../base/json-pointer.js";
import { subschemaKind } from "../base/schema-walk.js";
import { deepEqual, isObject, resolverFor } from "../compat/schema-view.js";
import type { RegistryModel } from "../model/registry-model.js";
import { BASE_URI, canonicalUri } from "../resolve/resolve-refs.js";

/** A schema in the registry: its file and JSON pointer. */
export interface Place {
  file: string;
  pointer: string;
}

export interface DefinitionChange {
  /** The definition, in the registry now: the target of the `$ref` that leads to the change. */
  definition: Place;
  /** Where in its file the first difference is. */
  pointer: string;
  /** The released version files (unchanged themselves) that reach it. */
  versions: string[];
}

/** Containers of definitions: what they hold matters only where a `$ref` leads, and is compared there. */
const CONTAINERS = new Set(["$defs", "definitions"]);
/** `$ref`s followed on one side in a row without a keyword compared: past it, a loop of bare refs. */
const MAX_BARE_REFS = 64;

interface PairResult {
  differences: Array<{ definition: Place; pointer: string }>;
  /** Pairs of refs (old, new) whose targets are compared next. */
  next: Array<[string, string]>;
}

/** The definitions, outside the version files, whose change reaches any of `files` (released, unchanged versions). */
export function changedDefinitions(old: RegistryModel, now: RegistryModel, files: string[], editable: readonly string[]): DefinitionChange[] {
  const resolveOld = resolverFor(old.resolved.normalized);
  const resolveNew = resolverFor(now.resolved.normalized);
  const versionFiles = new Set(now.majors.flatMap((m) => m.versions.map((v) => v.file)));
  const ignored = new Set([...editable, ...CONTAINERS]);
  const pairs = new Map<string, PairResult>();
  const changes = new Map<string, DefinitionChange>();

  for (const file of files) {
    const start: [string, string] = [canonicalUri(file), canonicalUri(file)];
    const seen = new Set<string>();
    const todo = [start];
    while (todo.length > 0) {
      const [a, b] = todo.pop()!;
      const key = `${a}\u0000${b}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let result = pairs.get(key);
      if (!result) pairs.set(key, (result = comparePair(a, b)));
      todo.push(...result.next);
      for (const d of result.differences) {
        // A difference inside a version file is that file's own edit, reported by the in-place rule.
        if (versionFiles.has(d.definition.file)) continue;
        const id = `${d.definition.file}#${d.definition.pointer}`;
        let change = changes.get(id);
        if (!change) changes.set(id, (change = { definition: d.definition, pointer: d.pointer, versions: [] }));
        if (!change.versions.includes(file)) change.versions.push(file);
      }
    }
  }
  return [...changes.values()].sort((x, y) => x.definition.file.localeCompare(y.definition.file) || x.pointer.localeCompare(y.pointer));

  function comparePair(a: string, b: string): PairResult {
    const result: PairResult = { differences: [], next: [] };
    const place = placeOf(b);
    const before = resolveOld(a);
    const after = resolveNew(b);
    if (before === undefined || after === undefined) result.differences.push({ definition: place, pointer: place.pointer });
    else compare(before, after, place, place.pointer, result, 0);
    return result;
  }

  function compare(a: unknown, b: unknown, definition: Place, pointer: string, out: PairResult, bareRefs: number): void {
    const differ = (at: string): void => void out.differences.push({ definition, pointer: at });
    if (!isObject(a) || !isObject(b)) {
      if (!deepEqual(a, b)) differ(pointer);
      return;
    }
    const refA = bareRef(a, ignored);
    const refB = bareRef(b, ignored);
    if (refA !== undefined && refB !== undefined) {
      out.next.push([refA, refB]);
      return;
    }
    if (refA !== undefined || refB !== undefined) {
      // One side is a bare `$ref`, the other the schema itself: follow the ref there and compare.
      if (bareRefs >= MAX_BARE_REFS) return differ(pointer);
      if (refA !== undefined) {
        const target = resolveOld(refA);
        if (target === undefined) return differ(pointer);
        return compare(target, b, definition, pointer, out, bareRefs + 1);
      }
      const target = resolveNew(refB!);
      const place = placeOf(refB!);
      if (target === undefined) return differ(pointer);
      return compare(a, target, place, place.pointer, out, bareRefs + 1);
    }
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (ignored.has(k)) continue;
      const at = `${pointer}/${pointerToken(k)}`;
      if (!(k in a) || !(k in b)) {
        differ(k in b ? at : pointer);
        continue;
      }
      const x = a[k];
      const y = b[k];
      if (k === "$ref" && typeof x === "string" && typeof y === "string") {
        out.next.push([x, y]);
        continue;
      }
      const kind = subschemaKind(k, y);
      if (kind !== subschemaKind(k, x)) differ(at);
      else if (kind === "schema") compare(x, y, definition, at, out, 0);
      else if (kind === "list") compareList(x as unknown[], y as unknown[], definition, at, out);
      else if (kind === "map") compareMap(x, y, definition, at, out);
      else if (!deepEqual(x, y)) differ(at);
    }
  }

  function compareList(a: unknown[], b: unknown[], definition: Place, pointer: string, out: PairResult): void {
    if (a.length !== b.length) {
      out.differences.push({ definition, pointer });
      return;
    }
    a.forEach((x, i) => compare(x, b[i], definition, `${pointer}/${i}`, out, 0));
  }

  function compareMap(a: unknown, b: unknown, definition: Place, pointer: string, out: PairResult): void {
    if (!isObject(a) || !isObject(b)) {
      if (!deepEqual(a, b)) out.differences.push({ definition, pointer });
      return;
    }
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const at = `${pointer}/${pointerToken(name)}`;
      if (!(name in a) || !(name in b)) out.differences.push({ definition, pointer: name in b ? at : pointer });
      // `dependencies` may hold a list of names instead of a schema.
      else if (Array.isArray(a[name]) || Array.isArray(b[name])) {
        if (!deepEqual(a[name], b[name])) out.differences.push({ definition, pointer: at });
      } else compare(a[name], b[name], definition, at, out, 0);
    }
  }
}

/** The target of a schema that is a `$ref` and nothing else that validates. */
function bareRef(node: Record<string, unknown>, ignored: ReadonlySet<string>): string | undefined {
  if (typeof node.$ref !== "string") return undefined;
  for (const k of Object.keys(node)) if (k !== "$ref" && !ignored.has(k)) return undefined;
  return node.$ref;
}

/** Where a canonical ref (`https://jetschema.local/<file>#<pointer>`) leads. */
export function placeOf(ref: string): Place {
  if (!ref.startsWith(BASE_URI)) return { file: ref, pointer: "" };
  const hash = ref.indexOf("#");
  const file = ref.slice(BASE_URI.length, hash < 0 ? undefined : hash);
  const fragment = hash < 0 ? "" : ref.slice(hash + 1);
  let pointer = fragment;
  try {
    pointer = decodeURIComponent(fragment);
  } catch {
    // kept as written
  }
  return { file, pointer };
}
