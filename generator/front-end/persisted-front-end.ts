/**
 * The front end's per-file work kept across processes: what a run parsed, checked and resolved of
 * each registry file (front-end/kept-front-end.ts, what a watch session keeps in memory), stored
 * in the cache as one entry per registry folder and given to the next process's front end. That
 * process takes a file whose bytes (by digest) are the ones parsed before from here, unparsed and
 * unchecked, and resolves again only what a watch session would: files whose content changed or
 * whose `$ref`s land elsewhere (resolve/kept-resolutions.ts). Whole-registry work (the model, the
 * lint rules, `$ref` cycles, compatibility) runs on the whole registry as before, the edited file
 * against the rest.
 *
 * With the stat record (load/stat-record.ts) the unchanged files are not even read: their digests
 * come from the record, their values from here. A file's text is read only to place a diagnostic.
 * Nor is a restored file's stored JSON parsed until a stage reads its value or copy: each line's
 * meta data carries the file's head (load/schema-head.ts) and facts (check/schema-facts.ts), all
 * the model and the registry-wide rules read of it, so an edit parses the files it touches.
 *
 * The entry is JSON lines, one line per file: one JSON.parse per line costs a fraction of node:v8's
 * deserialize of the same objects (measured: docs/performance.md), and the line of a file taken
 * from here goes back as it was read, neither stringified again nor exposed to what later stages
 * do with the objects. A new file's line is made once the compile workers started (store()),
 * while they compile: no stage after the front end changes these objects (a watch session
 * freezes them and runs the same stages), so the line is the one the front end's objects made.
 *
 * An edit changes a line or two of ~1200 (3.3 MB at 1000 events): the run then stores only the
 * lines that differ from the entry it restored (its base), as the entry's delta, and the next run
 * restores the base with the delta over it. The delta is of the base, not of the last run, so it
 * holds every line changed since the base was written; once it outgrows a share of the base
 * (DELTA_SHARE), the run writes a whole entry again, a new base. Each line carries its file's
 * digest, so a delta lost or taken over by another run's base only costs parses, never a
 * stale file.
 */
import { isSyntaxError, parseJson, type JsonFile } from "../load/json-file.js";
import type { ParsedFile } from "../load/kept-parses.js";
import type { RegistryFiles } from "../load/registry-files.js";
import type { FileScope, KeptFile, NormalizedFile } from "../resolve/kept-resolutions.js";
import { ownScope } from "../resolve/resolve-refs.js";
import { PathCopy } from "../base/path-copy.js";
import { KeptFrontEnd } from "./kept-front-end.js";
import { factsOf, knownFacts, knownFileFacts, type SchemaFacts } from "../check/schema-facts.js";
import { headOf, type SchemaHead } from "../load/schema-head.js";

/** Where the entry is kept: the cache's `front-end` entry of the registry folder, and its delta (generate-run.ts). */
export interface FrontEndEntry {
  get(): string | undefined;
  set(text: string): void;
  /** The lines changed since the entry was written, kept apart (absent: every store writes the whole entry). */
  delta?: { get(): string | undefined; set(text: string): void };
}

/**
 * One file as stored: a line of its meta data (JSON), a tab, and the JSON of its canonical copy
 * when the run resolved it, else of its value. A file that declares no scope and was resolved is
 * stored by its copy alone: its value is the copy with each `$ref` as written (the copy differs
 * from it only there), which halves what a run reads, hashes and writes.
 */
interface StoredMeta {
  file: string;
  digest: string;
  /** The text after the tab is the canonical copy (else the value). */
  resolved?: {
    ids: FileScope["ids"];
    anchors: FileScope["anchors"];
    /** null: the file's own URI everywhere (it declares no `$id` or anchor). */
    baseOf: Array<[string, string]> | null;
    refs: NormalizedFile["refs"];
    /** The value when it is not the copy with its `$ref`s as written. */
    value?: unknown;
  };
  /** What the lint rules find by walking the file (check/schema-facts.ts): no rule walks a restored file again. */
  facts?: SchemaFacts;
  /** The value's head (load/schema-head.ts): what the model and the registry-wide rules read without parsing the rest. */
  head?: SchemaHead;
}

const HEADER = "jetschema front-end 7";
const DELTA_HEADER = "jetschema front-end delta 1";
/** A delta larger than this share of its base's text is written as a whole entry instead. */
const DELTA_SHARE = 1 / 8;
/** A delta line naming a file the base holds but the registry no longer does: this, then the file's name as JSON. */
const REMOVED = "-\t";

/** A file's line, and the objects it was parsed into (a file kept as they are goes back as that line). */
interface Line {
  text: string;
  parsed: ParsedFile;
  normalized: NormalizedFile | undefined;
}

/** The entry restored, as its delta is of it: its generation (named in its first line and in its delta's), its length, its limits and each file's line in it. */
interface Base {
  generation: string;
  length: number;
  limits: string;
  lines: Map<string, string>;
}

/** The front end another process kept for a registry, restored when first asked (a run that finds its output up to date never asks), and saved once the front end ran. */
export class PersistedFrontEnd {
  private restored: KeptFrontEnd | undefined;
  private lines = new Map<string, Line>();
  private limits = "";
  private base: Base | undefined;

  constructor(
    private readonly entry: FrontEndEntry,
    private readonly files: RegistryFiles,
  ) {}

  get kept(): KeptFrontEnd {
    if (!this.restored) {
      this.restored = new KeptFrontEnd(false);
      const text = this.entry.get();
      this.restore(text, text === undefined ? undefined : this.entry.delta?.get());
    }
    return this.restored;
  }

  /**
   * What the front end kept, stored for the next process: called once it ran, while the compile
   * workers run, so that making the lines, joining them and writing the entry (megabytes) is not
   * left to the single-threaded start or the end of the run. A run whose check then fails stores
   * it too: every line is about a file's bytes, by their digest, whatever the registry's verdict.
   * Not stored when it is the entry restored, line for line (a run that renders for a template or
   * registry.json alone); stored as a delta of the base restored while that stays small.
   */
  store(): void {
    if (!this.restored) return;
    const { limits, files } = this.restored.parses.kept();
    const resolutions = this.restored.resolutions.kept();
    const lines = new Map<string, Line>();
    let reused = 0;
    for (const [file, parsed] of files) {
      const resolution = resolutions.get(file);
      const same = resolution?.source === parsed ? resolution : undefined;
      const before = this.lines.get(file);
      if (before && before.parsed === parsed && before.normalized === same?.normalized) {
        lines.set(file, before);
        reused++;
        continue;
      }
      lines.set(file, { text: lineOf(file, parsed, same), parsed, normalized: same?.normalized });
    }
    const asRestored = this.lines.size > 0 && reused === this.lines.size && lines.size === this.lines.size && limits === this.limits;
    this.lines = lines;
    this.limits = limits;
    if (asRestored) return;
    const delta = this.entry.delta && this.base && limits === this.base.limits ? deltaOf(this.base, lines) : undefined;
    if (delta !== undefined && delta.length <= this.base!.length * DELTA_SHARE) {
      this.entry.delta!.set(delta);
      return;
    }
    const generation = `${Date.now().toString(36)}-${process.pid.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const text = [`${HEADER} ${generation}`, JSON.stringify(limits), ...[...lines.values()].map((line) => line.text)].join("\n");
    this.entry.set(text);
    this.base = { generation, length: text.length, limits, lines: new Map([...lines].map(([file, line]) => [file, line.text])) };
  }

  /**
   * Nothing is taken from an entry that is not one (of another layout, damaged): the files are then
   * parsed. `deltaText`: the lines changed since the entry was written, taken over its own when it
   * names this entry's generation.
   */
  private restore(text: string | undefined, deltaText: string | undefined): void {
    if (text === undefined || !text.startsWith(HEADER + " ")) return;
    const parses = new Map<string, ParsedFile>();
    const resolutions = new Map<string, KeptFile>();
    const lines = new Map<string, Line>();
    let limits: string;
    let base: Base;
    try {
      const all = text.split("\n");
      limits = JSON.parse(all[1]!) as string;
      base = { generation: all[0]!.slice(HEADER.length + 1), length: text.length, limits, lines: new Map() };
      const delta = deltaLines(deltaText, base.generation);
      const restoreLine = (line: string, meta: StoredMeta) => {
        const { file, digest, resolved } = meta;
        const body = new StoredBody(line, meta);
        const parsed: ParsedFile = new RestoredFile(body, locator(file, digest, this.files));
        knownFileFacts(parsed, meta.facts ?? {});
        parses.set(file, parsed);
        if (!resolved) {
          lines.set(file, { text: line, parsed, normalized: undefined });
          return;
        }
        const normalized: NormalizedFile = new RestoredCopy(body, resolved.refs);
        lines.set(file, { text: line, parsed, normalized });
        const scope = resolved.baseOf ? { ids: resolved.ids, anchors: resolved.anchors, baseOf: new Map(resolved.baseOf) } : ownScope(file);
        resolutions.set(file, { source: parsed, scope, normalized });
      };
      for (let i = 2; i < all.length; i++) {
        const line = all[i]!;
        const meta = metaOf(line);
        base.lines.set(meta.file, line);
        if (delta.removed.has(meta.file)) continue;
        const changed = delta.changed.get(meta.file);
        if (changed) {
          restoreLine(changed.line, changed.meta);
          delta.changed.delete(meta.file);
        } else restoreLine(line, meta);
      }
      // Files the base does not hold: added since it was written.
      for (const { line, meta } of delta.changed.values()) restoreLine(line, meta);
    } catch {
      return;
    }
    this.restored!.parses.seed(limits, parses);
    this.restored!.resolutions.seed(resolutions);
    this.lines = lines;
    this.limits = limits;
    this.base = base;
  }
}

/**
 * A line's JSON after its tab, parsed when first read: the stored JSON (the canonical copy of a
 * resolved file, else the value) and the value made of it. An edit reads the few files it
 * touches; the others' lines are never parsed, and their objects never made, copied by the
 * collector or walked. The facts known for the line are handed over by object once made, for a
 * rule that asks by value. (Classes, not object literals with getters: ~1200 of each are made a run.)
 */
class StoredBody {
  private parsed: { stored: Record<string, unknown>; value: unknown } | undefined;

  constructor(
    private readonly line: string,
    readonly meta: StoredMeta,
  ) {}

  get made(): boolean {
    return this.parsed !== undefined;
  }

  read(): { stored: Record<string, unknown>; value: unknown } {
    if (!this.parsed) {
      const stored = JSON.parse(this.line.slice(this.line.indexOf("\t") + 1)) as Record<string, unknown>;
      const { resolved } = this.meta;
      const value = resolved ? (resolved.value ?? valueOf(stored, resolved.refs)) : stored;
      knownFacts(value as object, resolved ? stored : undefined, this.meta.facts ?? {});
      this.parsed = { stored, value };
    }
    return this.parsed;
  }
}

/** A registry file as restored: its digest and head known, its value parsed when read. */
class RestoredFile implements ParsedFile {
  readonly file: string;
  readonly digest: string;
  readonly head: SchemaHead | undefined;

  constructor(
    private readonly body: StoredBody,
    readonly locate: JsonFile["locate"],
  ) {
    this.file = body.meta.file;
    this.digest = body.meta.digest;
    this.head = body.meta.head;
  }

  get value(): unknown {
    return this.body.read().value;
  }
}

/** A resolved file's canonical copy as restored, parsed when read. */
class RestoredCopy implements NormalizedFile {
  readonly edges: NormalizedFile["edges"];

  constructor(
    private readonly body: StoredBody,
    readonly refs: NormalizedFile["refs"],
  ) {
    const fromFile = body.meta.file;
    this.edges = refs.map(({ pointer, target }) => ({ fromFile, fromPointer: pointer, toFile: target.file, toPointer: target.pointer }));
  }

  get copy(): Record<string, unknown> {
    return this.body.read().stored;
  }

  get copyMade(): boolean {
    return this.body.made;
  }
}

/** A line's meta data (the JSON before its tab). */
function metaOf(line: string): StoredMeta {
  return JSON.parse(line.slice(0, line.indexOf("\t"))) as StoredMeta;
}

/** A delta's changed lines by file, and the files it removes; nothing when it is not of `generation` (another base's, or none). */
function deltaLines(text: string | undefined, generation: string): { changed: Map<string, { line: string; meta: StoredMeta }>; removed: Set<string> } {
  const changed = new Map<string, { line: string; meta: StoredMeta }>();
  const removed = new Set<string>();
  if (text === undefined || !text.startsWith(`${DELTA_HEADER} ${generation}\n`)) return { changed, removed };
  for (const line of text.split("\n").slice(1)) {
    if (line.startsWith(REMOVED)) removed.add(JSON.parse(line.slice(REMOVED.length)) as string);
    else {
      const meta = metaOf(line);
      changed.set(meta.file, { line, meta });
    }
  }
  return { changed, removed };
}

/** The lines of `lines` that are not the base's line of their file, and the base's files `lines` no longer holds, as a delta of that base. */
function deltaOf(base: Base, lines: ReadonlyMap<string, Line>): string {
  const out = [`${DELTA_HEADER} ${base.generation}`];
  for (const [file, line] of lines) if (base.lines.get(file) !== line.text) out.push(line.text);
  for (const file of base.lines.keys()) if (!lines.has(file)) out.push(REMOVED + JSON.stringify(file));
  return out.join("\n");
}

/** A file's line: its meta data, a tab, its canonical copy (or its value when it was not resolved). */
function lineOf(file: string, parsed: ParsedFile, resolution: KeptFile | undefined): string {
  const normalized = resolution?.normalized;
  // Found before the check stage asks (store() runs before it), and handed to it: a file is walked once in this process too.
  const facts = typeof parsed.value === "object" && parsed.value !== null ? factsOf(parsed.value, normalized?.copy) : {};
  const head = typeof parsed.value === "object" && parsed.value !== null && !Array.isArray(parsed.value) ? { head: headOf(parsed.value as Record<string, unknown>) } : {};
  const known = { ...(Object.keys(facts).length > 0 ? { facts } : {}), ...head };
  if (!resolution || !normalized) return `${JSON.stringify({ file, digest: parsed.digest, ...known } satisfies StoredMeta)}\t${JSON.stringify(parsed.value)}`;
  const own = !(resolution.scope.baseOf instanceof Map);
  const copy = JSON.stringify(normalized.copy);
  const meta: StoredMeta = {
    file,
    digest: parsed.digest,
    resolved: {
      ids: resolution.scope.ids,
      anchors: resolution.scope.anchors,
      baseOf: own ? null : [...(resolution.scope.baseOf as Map<string, string>)],
      refs: normalized.refs,
      // A file that declares no scope has no `$id` to delete (its text names none), and a kept copy
      // had every `$ref` located: it is its copy but for them (resolve/resolve-refs.ts).
      ...(own ? {} : { value: parsed.value }),
    },
    ...known,
  };
  return `${JSON.stringify(meta)}\t${copy}`;
}

/**
 * A resolved file's value from its canonical copy: each `$ref` put back as written. The value is
 * the copy but for the objects on the way to a `$ref`, which are copied (its root always): the two
 * share every other object, so the entry's JSON is parsed once, not twice, and half of it is not
 * held twice. Nothing after the front end changes either (a watch session freezes both, and its
 * runs go through the same stages).
 */
export function valueOf(copy: Record<string, unknown>, refs: NormalizedFile["refs"]): Record<string, unknown> {
  const value = new PathCopy(copy);
  for (const { ref, pointer } of refs) value.at(pointer).$ref = ref;
  return value.root;
}

/** Where a pointer of a file is, from its text read when a diagnostic first asks; nowhere when the file no longer holds the bytes parsed. */
function locator(file: string, digest: string, registry: RegistryFiles): JsonFile["locate"] {
  let parsed: JsonFile | undefined;
  return (pointer) => {
    if (!parsed) {
      const text = registry.text(file);
      if (text === undefined || registry.digest(file) !== digest) return undefined;
      const json = parseJson(file, text, true);
      if (isSyntaxError(json)) return undefined;
      parsed = json;
    }
    return parsed.locate(pointer);
  };
}
