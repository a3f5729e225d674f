/**
 * Stage 2, resolve: give every schema file a canonical URI and rewrite every `$ref` to the
 * canonical form `<file URI>#<JSON pointer>`. After this stage no later stage needs to know about
 * `$id`, anchors or relative paths, and a reference that leads nowhere has been reported with
 * the file and pointer where it is written.
 *
 * Resolution follows the JSON Schema rules (a `$ref` is resolved against the nearest `$id`), with
 * one convenience a registry author expects: when a file declares a web `$id` but refers to a
 * sibling file by relative path, the path is tried against the file's own location too.
 */
import type { Diagnostics } from "../base/diagnostics.js";
import type { LoadedRegistry, SchemaDoc } from "../load/load-registry.js";
import { walkSchema } from "../base/schema-walk.js";
import { getAtPointer } from "../base/json-pointer.js";
import type { FileScope, KeptResolutions, NormalizedFile, Target } from "./kept-resolutions.js";
import { PathCopy } from "../base/path-copy.js";
import { CanonicalCopies } from "./canonical-copies.js";

export const BASE_URI = "https://jetschema.local/";
export const RULE_REF = "Every $ref resolves to a schema";

export interface RefEdge {
  fromFile: string;
  fromPointer: string;
  toFile: string;
  toPointer: string;
}

export interface ResolvedRegistry extends LoadedRegistry {
  /** Canonical-form copy of each schema, keyed by file: refs rewritten, `$id`s removed. */
  normalized: CanonicalCopies;
  edges: RefEdge[];
}

export function canonicalUri(file: string): string {
  return BASE_URI + file;
}

export function resolveRefs(registry: LoadedRegistry, diagnostics: Diagnostics, kept?: KeptResolutions): ResolvedRegistry {
  // Files that exist but failed to load were reported already; refs into them are not dangling.
  const unreadable = new Set(diagnostics.errors.map((d) => canonicalUri(d.file)));
  const ids = new Map<string, Target>(); // absolute URI without fragment -> resource
  const anchors = new Map<string, Target>(); // absolute URI with #name -> schema
  const bases = new Map<SchemaDoc, FileScope["baseOf"]>(); // pointer -> base URI, per doc
  const resolving = kept?.begin();

  for (const doc of registry.docs.values()) {
    const scope = resolving?.scopeOf(doc) ?? scopeOf(doc);
    resolving?.keepScope(doc, scope);
    bases.set(doc, scope.baseOf);
    ids.set(canonicalUri(doc.file), { file: doc.file, pointer: "" });
    for (const { uri, pointer } of scope.ids) if (!ids.has(uri)) ids.set(uri, { file: doc.file, pointer });
    for (const { uri, pointer } of scope.anchors) anchors.set(uri, { file: doc.file, pointer });
  }

  const located = new Map<string, Target | undefined>();
  // Where each absolute reference lands, found once a run: the ~4000 `$ref`s of 1000 events name a
  // few definitions, and an edit's kept copies locate every one again (normalizedOf).
  const landed = new Map<string, Target | undefined>();
  const normalized = new CanonicalCopies();
  const edges: RefEdge[] = [];
  const landedBefore = resolving?.landingsKept();
  for (const doc of registry.docs.values()) {
    const baseOf = bases.get(doc)!;
    const before = resolving?.normalizedOf(doc, (ref, pointer) => locate(ref, baseOf.get(pointer)!, doc), landedBefore);
    if (before) {
      normalized.set(doc.file, before, true);
      edges.push(...before.edges);
      resolving!.keepNormalized(doc, before);
      continue;
    }
    // The file's value stays as written (the loader took only objects); the copy shares all of it
    // but the nodes on the way to an `$id` or a `$ref`.
    const copy = new PathCopy(doc.schema);
    const refs: NormalizedFile["refs"] = [];
    const own: RefEdge[] = [];
    let complete = true;
    walkSchema(doc.schema, ({ node, pointer }) => {
      const ref = node.$ref;
      if (Object.prototype.hasOwnProperty.call(node, "$id")) delete copy.at(pointer).$id;
      if (typeof ref !== "string") return;
      const target = locate(ref, baseOf.get(pointer)!, doc);
      if (!target) {
        complete = false;
        if (unreadable.has(safeResolve(ref, canonicalUri(doc.file))?.split("#")[0] ?? "")) return;
        diagnostics.error(doc.file, `${pointer}/$ref`, RULE_REF, `"${ref}" does not lead to a schema in this registry`);
        return;
      }
      copy.at(pointer).$ref = `${canonicalUri(target.file)}#${target.pointer}`;
      refs.push({ ref, pointer, target });
      own.push({ fromFile: doc.file, fromPointer: pointer, toFile: target.file, toPointer: target.pointer });
    });
    normalized.set(doc.file, copy.root);
    edges.push(...own);
    // A file with a $ref that leads nowhere is resolved again next time, so its report is made again.
    if (complete) resolving?.keepNormalized(doc, { copy: copy.root, edges: own, refs });
  }
  return { ...registry, normalized, edges };

  /**
   * Where each `$ref` leads, by the file, base and text it is written with: within one call that
   * is all `locate` reads besides the registry's ids and anchors, which are fixed by then. A file
   * refers to one definition many times (4878 `$ref`s, 1990 distinct, at 1000 synthetic events),
   * and each lookup parsed one or two URLs.
   */
  function locate(ref: string, base: string, doc: SchemaDoc): Target | undefined {
    const key = `${doc.file}\u0000${base}\u0000${ref}`;
    if (located.has(key)) return located.get(key);
    const target = locateNow(ref, base, doc);
    located.set(key, target);
    return target;
  }

  function locateNow(ref: string, base: string, doc: SchemaDoc): Target | undefined {
    const candidates = [safeResolve(ref, base)];
    // The convenience: relative paths from files that declare a web $id.
    if (base !== canonicalUri(doc.file)) candidates.push(safeResolve(ref, canonicalUri(doc.file)));
    for (const abs of candidates) {
      const target = abs ? landing(abs) : undefined;
      if (target) return target;
    }
    return undefined;
  }

  function landing(abs: string): Target | undefined {
    if (landed.has(abs)) return landed.get(abs);
    const target = landingNow(abs);
    landed.set(abs, target);
    return target;
  }

  /** The schema an absolute reference names (a resource's JSON pointer, or an anchor), if any. */
  function landingNow(abs: string): Target | undefined {
    const [docPart, frag] = splitFragment(abs);
    const resource = ids.get(docPart);
    if (!resource) return undefined;
    if (frag === "" || frag.startsWith("/")) {
      const pointer = resource.pointer + decodePointer(frag);
      const targetDoc = registry.docs.get(resource.file)!;
      return isSchema(getAtPointer(targetDoc.schema, pointer)) ? { file: resource.file, pointer } : undefined;
    }
    return anchors.get(`${docPart}#${frag}`);
  }
}

/** The scope of a file that declares no `$id` or anchor: its own URI is the base at every pointer. */
export function ownScope(file: string): FileScope {
  const own = canonicalUri(file);
  return { ids: [], anchors: [], baseOf: { get: () => own } };
}

/** The `$id`s, anchors and base URIs one file declares: a function of its path and content alone. */
function scopeOf(doc: SchemaDoc): FileScope {
  if (doc.ownBaseOnly) return ownScope(doc.file);
  const baseOf = new Map<string, string>();
  const scope: FileScope = { ids: [], anchors: [], baseOf };
  walkSchema(doc.schema, ({ node, pointer, parentPointer }) => {
    const parentBase = parentPointer === undefined ? canonicalUri(doc.file) : baseOf.get(parentPointer)!;
    let base = parentBase;
    const id = node.$id;
    if (typeof id === "string") {
      const abs = safeResolve(id, parentBase);
      if (abs) {
        const [docPart, frag] = splitFragment(abs);
        if (docPart && !(doc.dialect === "draft7" && id.startsWith("#"))) {
          base = docPart;
          scope.ids.push({ uri: docPart, pointer });
        }
        if (frag && !frag.startsWith("/")) scope.anchors.push({ uri: `${docPart}#${frag}`, pointer });
      }
    }
    for (const key of ["$anchor", "$dynamicAnchor"]) {
      const a = node[key];
      if (typeof a === "string") scope.anchors.push({ uri: `${base}#${a}`, pointer });
    }
    baseOf.set(pointer, base);
  });
  return scope;
}

/** A schema is an object or a boolean; `#/title` points at a string, not at a schema. */
function isSchema(value: unknown): boolean {
  return typeof value === "boolean" || (typeof value === "object" && value !== null && !Array.isArray(value));
}

function safeResolve(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

function splitFragment(uri: string): [string, string] {
  const i = uri.indexOf("#");
  return i < 0 ? [uri, ""] : [uri.slice(0, i), uri.slice(i + 1)];
}

function decodePointer(fragment: string): string {
  // URI fragments percent-encode; JSON pointers inside them stay ~-escaped.
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
