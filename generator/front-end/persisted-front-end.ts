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
 *
 * The entry is JSON lines, one line per file: one JSON.parse per line costs a fraction of node:v8's
 * deserialize of the same objects (measured: docs/performance.md), and the line of a file taken
 * from here goes back as it was read, neither stringified again nor exposed to what later stages
 * do with the objects. A new file's line is made once the compile workers started (store()),
 * while they compile: no stage after the front end changes these objects (a watch session
 * freezes them and runs the same stages), so the line is the one the front end's objects made.
 */
import { isSyntaxError, parseJson, type JsonFile } from "../load/json-file.js";
import type { ParsedFile } from "../load/kept-parses.js";
import type { RegistryFiles } from "../load/registry-files.js";
import type { FileScope, KeptFile, NormalizedFile } from "../resolve/kept-resolutions.js";
import { ownScope } from "../resolve/resolve-refs.js";
import { PathCopy } from "../base/path-copy.js";
import { KeptFrontEnd } from "./kept-front-end.js";
import { factsOf, knownFacts, type SchemaFacts } from "../check/schema-facts.js";

/** Where the entry is kept: the cache's `front-end` entry of the registry folder (generate-run.ts). */
export interface FrontEndEntry {
  get(): string | undefined;
  set(text: string): void;
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
}

const HEADER = "jetschema front-end 3";

/** A file's line, and the objects it was parsed into (a file kept as they are goes back as that line). */
interface Line {
  text: string;
  parsed: ParsedFile;
  normalized: NormalizedFile | undefined;
}

/** The front end another process kept for a registry, restored when first asked (a run that finds its output up to date never asks), and saved once the front end ran. */
export class PersistedFrontEnd {
  private restored: KeptFrontEnd | undefined;
  private lines = new Map<string, Line>();
  private limits = "";

  constructor(
    private readonly entry: FrontEndEntry,
    private readonly files: RegistryFiles,
  ) {}

  get kept(): KeptFrontEnd {
    if (!this.restored) {
      this.restored = new KeptFrontEnd(false);
      this.restore(this.entry.get());
    }
    return this.restored;
  }

  /**
   * What the front end kept, stored for the next process: called once it ran, while the compile
   * workers run, so that making the lines, joining them and writing the entry (megabytes) is not
   * left to the single-threaded start or the end of the run. A run whose check then fails stores
   * it too: every line is about a file's bytes, by their digest, whatever the registry's verdict.
   * Not stored when it is the entry restored, line for line (a run that renders for a template or
   * registry.json alone).
   */
  store(): void {
    if (!this.restored) return;
    const { limits, files } = this.restored.parses.kept();
    const resolutions = this.restored.resolutions.kept();
    const lines = new Map<string, Line>();
    let reused = 0;
    for (const [file, parsed] of files) {
      const resolution = resolutions.get(file);
      const same = resolution?.schema === parsed.value ? resolution : undefined;
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
    if (!asRestored) this.entry.set([HEADER, JSON.stringify(limits), ...[...lines.values()].map((line) => line.text)].join("\n"));
  }

  /** Nothing is taken from an entry that is not one (of another layout, damaged): the files are then parsed. */
  private restore(text: string | undefined): void {
    if (text === undefined || !text.startsWith(HEADER + "\n")) return;
    const parses = new Map<string, ParsedFile>();
    const resolutions = new Map<string, KeptFile>();
    const lines = new Map<string, Line>();
    let limits: string;
    try {
      const all = text.split("\n");
      limits = JSON.parse(all[1]!) as string;
      for (let i = 2; i < all.length; i++) {
        const line = all[i]!;
        const tab = line.indexOf("\t");
        const meta = JSON.parse(line.slice(0, tab)) as StoredMeta;
        const json = line.slice(tab + 1);
        const { file, digest, resolved } = meta;
        const stored = JSON.parse(json) as Record<string, unknown>;
        const value = resolved ? (resolved.value ?? valueOf(stored, resolved.refs)) : stored;
        knownFacts(value as object, resolved ? stored : undefined, meta.facts ?? {});
        const parsed: ParsedFile = { file, digest, value, locate: locator(file, digest, this.files) };
        parses.set(file, parsed);
        if (!resolved) {
          lines.set(file, { text: line, parsed, normalized: undefined });
          continue;
        }
        const normalized: NormalizedFile = { copy: stored, refs: resolved.refs, edges: resolved.refs.map(({ pointer, target }) => ({ fromFile: file, fromPointer: pointer, toFile: target.file, toPointer: target.pointer })) };
        lines.set(file, { text: line, parsed, normalized });
        const scope = resolved.baseOf ? { ids: resolved.ids, anchors: resolved.anchors, baseOf: new Map(resolved.baseOf) } : ownScope(file);
        resolutions.set(file, { schema: value as object, scope, normalized });
      }
    } catch {
      return;
    }
    this.restored!.parses.seed(limits, parses);
    this.restored!.resolutions.seed(resolutions);
    this.lines = lines;
    this.limits = limits;
  }
}

/** A file's line: its meta data, a tab, its canonical copy (or its value when it was not resolved). */
function lineOf(file: string, parsed: ParsedFile, resolution: KeptFile | undefined): string {
  const normalized = resolution?.normalized;
  // Found before the check stage asks (store() runs before it), and handed to it: a file is walked once in this process too.
  const facts = typeof parsed.value === "object" && parsed.value !== null ? factsOf(parsed.value, normalized?.copy) : {};
  const known = Object.keys(facts).length > 0 ? { facts } : {};
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
