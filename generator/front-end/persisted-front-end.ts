/**
 * The front end's per-file work kept across processes: what a run parsed, checked and resolved of
 * each registry file (front-end/kept-front-end.ts, what a watch session keeps in memory), stored
 * in the cache at the end of a run as one entry per registry folder (node:v8's serialization, so
 * the schema object each resolution was made from stays the one object it is) and given to the
 * next process's front end. That process takes a file whose bytes (by digest) are the ones
 * parsed before from here, unparsed, and resolves again only what the watch session would: files
 * whose content changed or whose `$ref`s land elsewhere (resolve/kept-resolutions.ts). Whole-
 * registry work (the model, the lint rules, `$ref` cycles, compatibility) runs on the whole
 * registry as before, the edited file against the rest.
 *
 * With the stat record (load/stat-record.ts) the unchanged files are not even read: their digests
 * come from the record, their values from here. A file's text is read only to place a diagnostic.
 */
import { deserialize, serialize } from "node:v8";
import type { ParsedFile } from "../load/kept-parses.js";
import { isSyntaxError, parseJson, type JsonFile } from "../load/json-file.js";
import type { RegistryFiles } from "../load/registry-files.js";
import type { FileScope, KeptFile, NormalizedFile } from "../resolve/kept-resolutions.js";
import { ownScope } from "../resolve/resolve-refs.js";
import { KeptFrontEnd } from "./kept-front-end.js";

/** Where the entry is kept: the cache's `front-end` entry of the registry folder (generate-run.ts). */
export interface FrontEndEntry {
  get(): string | undefined;
  set(text: string): void;
}

/** One file as stored: its parse, and its resolution when the run kept one (`baseOf` null: the file's own URI everywhere). */
interface StoredFile {
  file: string;
  digest: string;
  value: unknown;
  scope?: { ids: FileScope["ids"]; anchors: FileScope["anchors"]; baseOf: Map<string, string> | null };
  normalized?: NormalizedFile;
}

interface Stored {
  v: 1;
  limits: string;
  files: StoredFile[];
}

/** The front end another process kept for `root`, restored when first asked (a run that finds its output up to date never asks), and saved after the run. */
export class PersistedFrontEnd {
  private restored: KeptFrontEnd | undefined;

  constructor(
    private readonly entry: FrontEndEntry,
    private readonly files: RegistryFiles,
  ) {}

  get kept(): KeptFrontEnd {
    this.restored ??= restore(this.entry.get(), this.files);
    return this.restored;
  }

  /** What this run kept, for the next process; only after a run that rendered (the front end's every file in it). */
  save(): void {
    if (!this.restored) return;
    this.entry.set(serialize(stored(this.restored)).toString("base64"));
  }
}

function stored(kept: KeptFrontEnd): Stored {
  const { limits, files } = kept.parses.kept();
  const resolutions = kept.resolutions.kept();
  const out: StoredFile[] = [];
  for (const [file, parsed] of files) {
    const resolution = resolutions.get(file);
    const entry: StoredFile = { file, digest: parsed.digest, value: parsed.value };
    if (resolution && resolution.schema === parsed.value) {
      const baseOf = resolution.scope.baseOf instanceof Map ? resolution.scope.baseOf : null;
      entry.scope = { ids: resolution.scope.ids, anchors: resolution.scope.anchors, baseOf };
      if (resolution.normalized) entry.normalized = resolution.normalized;
    }
    out.push(entry);
  }
  return { v: 1, limits, files: out };
}

/** An empty KeptFrontEnd when there is nothing stored, or what is stored cannot be read. */
function restore(text: string | undefined, registry: RegistryFiles): KeptFrontEnd {
  const kept = new KeptFrontEnd();
  if (text === undefined) return kept;
  let stored: Stored;
  try {
    stored = deserialize(Buffer.from(text, "base64")) as Stored;
    if (stored?.v !== 1 || typeof stored.limits !== "string" || !Array.isArray(stored.files)) return kept;
  } catch {
    return kept;
  }
  const parses = new Map<string, ParsedFile>();
  const resolutions = new Map<string, KeptFile>();
  for (const { file, digest, value, scope, normalized } of stored.files) {
    parses.set(file, { file, digest, value, locate: locator(file, digest, registry) });
    if (!scope) continue;
    const fileScope = scope.baseOf ? { ids: scope.ids, anchors: scope.anchors, baseOf: scope.baseOf } : ownScope(file);
    resolutions.set(file, { schema: value as object, scope: fileScope, ...(normalized ? { normalized } : {}) });
  }
  kept.parses.seed(stored.limits, parses);
  kept.resolutions.seed(resolutions);
  return kept;
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
