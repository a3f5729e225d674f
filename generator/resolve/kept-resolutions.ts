/**
 * What resolving each file came to on a long-lived process's last run (`generate --watch`), so a
 * save resolves again only the files whose content changed or whose `$ref`s now land elsewhere.
 *
 * A file's scope (its `$id`s, anchors and base URIs) is a function of its path and content; the
 * file is known unchanged when the load stage gave the very same parsed file (load/kept-parses.ts
 * keeps it by path and digest), compared as such rather than by its value, which a file restored
 * from another process parses only when first read. Its canonical copy depends besides on where each `$ref` lands:
 * every `$ref` is located again, against this run's registry, and the copy is reused only when
 * each lands where it did (a target file edited, added or removed changes that). A file with a
 * `$ref` that leads nowhere is never kept, so its problem is reported on every run.
 */
import type { SchemaDoc } from "../load/load-registry.js";
import type { JsonFile } from "../load/json-file.js";
import { deepFreeze } from "../base/deep-freeze.js";
import type { RefEdge } from "./resolve-refs.js";

export interface Target {
  file: string;
  pointer: string;
}

export interface FileScope {
  /** `$id`s declaring a resource, in document order. */
  ids: Array<{ uri: string; pointer: string }>;
  anchors: Array<{ uri: string; pointer: string }>;
  /** The base URI at each pointer. */
  baseOf: { get(pointer: string): string | undefined };
}

export interface NormalizedFile {
  /** Of a file restored from another process: parsed from its stored JSON when first read (canonical-copies.ts). */
  readonly copy: Record<string, unknown>;
  readonly copyMade?: boolean;
  edges: RefEdge[];
  /** Every `$ref` of the file, where it is and where it landed. */
  refs: Array<{ ref: string; pointer: string; target: Target }>;
}

export interface KeptFile {
  /** The parsed file the scope (and copy) were made of: the load stage's `doc.json`. */
  source: JsonFile;
  scope: FileScope;
  normalized?: NormalizedFile;
}

export class KeptResolutions {
  /** `freeze`: as KeptParses's. */
  constructor(private readonly freeze = true) {}

  private files = new Map<string, KeptFile>();

  /** What the last run kept, by file (front-end/persisted-front-end.ts saves it). */
  kept(): ReadonlyMap<string, KeptFile> {
    return this.files;
  }

  /** Files another process's run kept (front-end/persisted-front-end.ts): each is used only for the very parsed file it names. */
  seed(files: Map<string, KeptFile>): void {
    this.files = files;
  }

  /** The view of one run: what the last run kept, and what this one keeps for the next. */
  begin(): ResolutionsOfRun {
    const earlier = this.files;
    const next = new Map<string, KeptFile>();
    const freeze = this.freeze;
    this.files = next;
    const same = (doc: SchemaDoc) => {
      const kept = earlier.get(doc.file);
      return kept?.source === doc.json ? kept : undefined;
    };
    const changed = new Set<string>();
    let scopesMoved = false;
    return {
      scopeOf: (doc) => same(doc)?.scope,
      keepScope(doc, scope) {
        if (!same(doc)) {
          changed.add(doc.file);
          const before = earlier.get(doc.file)?.scope;
          scopesMoved ||= !before || !sameDeclarations(before, scope);
        }
        next.set(doc.file, { source: doc.json, scope });
      },
      landingsKept: () => (scopesMoved || next.size !== earlier.size ? undefined : (target) => !changed.has(target.file)),
      normalizedOf(doc, locate, landedBefore) {
        const kept = same(doc)?.normalized;
        if (!kept) return undefined;
        for (const { ref, pointer, target } of kept.refs) {
          if (landedBefore?.(target)) continue;
          const now = locate(ref, pointer);
          if (now?.file !== target.file || now.pointer !== target.pointer) return undefined;
        }
        return kept;
      },
      keepNormalized(doc, normalized) {
        if (freeze) deepFreeze(normalized);
        next.get(doc.file)!.normalized = normalized;
      },
    };
  }
}

export interface ResolutionsOfRun {
  scopeOf(doc: SchemaDoc): FileScope | undefined;
  keepScope(doc: SchemaDoc, scope: FileScope): void;
  /**
   * Once every file's scope is kept: when the registry holds the last run's files, each declaring
   * the `$id`s and anchors it declared then, every URI names what it named then, so a `$ref` of an
   * unchanged file lands where it did unless it landed in a changed file (whose pointers may now
   * hold no schema). Then which landings hold without locating them again; else undefined.
   */
  landingsKept(): ((target: Target) => boolean) | undefined;
  /**
   * The file's canonical copy as last made, when the file is unchanged and each `$ref` lands where
   * it did: known by `landedBefore`, else located again by `locate`.
   */
  normalizedOf(doc: SchemaDoc, locate: (ref: string, pointer: string) => Target | undefined, landedBefore?: (target: Target) => boolean): NormalizedFile | undefined;
  keepNormalized(doc: SchemaDoc, normalized: NormalizedFile): void;
}

/** The same `$id`s and anchors, at the same pointers, in the same order (base URIs aside: they only place the file's own `$ref`s). */
function sameDeclarations(a: FileScope, b: FileScope): boolean {
  const same = (x: FileScope["ids"], y: FileScope["ids"]) => x.length === y.length && x.every((d, i) => d.uri === y[i]!.uri && d.pointer === y[i]!.pointer);
  return same(a.ids, b.ids) && same(a.anchors, b.anchors);
}
