/**
 * The generator's cache, one per run: every stage that can skip work asks it with a key made of
 * the fingerprint (generator code, templates, tool versions; see fingerprint.ts) and the exact
 * input of the work. What is cached, and the key of each:
 *
 * - prettier, per output file: (path, unformatted text) -> formatted text
 * - json-schema-to-typescript, per type: (type name, schema after the type rules) -> declarations
 * - event type files, per event: (the event's input files by digest, see model/event-inputs.ts,
 *   and the names of the shared types) -> the file's formatted text, without applying the type
 *   rules or looking it up in prettier's entries; the names each declares, one entry per registry
 *   folder (its path from the cache folder), by the file's key, so that a separate process takes
 *   a file the output still holds by the entry's recorded digest, unread
 * - ajv standalone code, per validator module: (every schema the module reaches, annotation-free,
 *   its files in order, export names, the envelope context schema) -> module .js (kind validators)
 *   and .d.ts (kind validator-types)
 * - ajv verdicts, per validator module: (same schemas) -> "all compile", and the result of every
 *   validation the run asked for (examples, docs' "valid against"), by digest of the data
 * - catalog event pages, per page: (template text, the page's input files by digest, see
 *   model/event-inputs.ts) -> rendered Markdown, without building the page's data
 * - other catalog pages (index, definitions), per page: (template text, page data) -> Markdown
 * - package files printed from plain data (registry.js, subjects.*, streams.*): (file, the data's
 *   exact JSON) -> the text
 * - package data made from registry.json and every event's names alone (the consumers' handler
 *   types): (its kind, model/event-inputs.ts sharedInputs) -> its JSON
 * - `index.js`/`index.d.ts` fragments, per registry folder (its path from the cache folder): (each
 *   event's inputs, see model/event-inputs.ts, the two templates and the data their blocks read)
 *   -> what the event rendered to in each block (emit/package/index-fragments.ts); this and the
 *   other per-folder tables keyed by each event or file are kept as a base and a delta
 *   (folder-table.ts), so an edit writes a few entries, not the table
 * - meta-schema validators, per dialect and declared `$schema`: -> ajv's standalone code of the
 *   validator it checks a schema file with (load/meta-schema-check.ts)
 * - Handlebars templates, per template (and per cut of one, emit/template-segments.ts): (its text)
 *   -> Handlebars' precompiled code (emit/templates.ts)
 * - AsyncAPI YAML, per section of the document (a channel, an operation, a component; see
 *   emit/asyncapi/yaml-sections.ts): (the section's JSON) -> its YAML text
 * - AsyncAPI sections of one event (its component schemas and messages, the channels only it uses;
 *   see emit/asyncapi/event-sections.ts): (the event's inputs, see model/event-inputs.ts, and the
 *   component names) -> their placed YAML texts, without building the sections or their JSON
 * - known-valid files, per registry folder: (its path from the cache folder) -> the digests of its
 *   files that passed the meta-schema and duplicate-enum checks, and of its registry.json when it
 *   passed registry.schema.json, which depend on a file's bytes alone
 * - compatibility findings, per registry folder (its path from the cache folder): (each event's
 *   inputs, model/event-inputs.ts) -> what comparing the event's versions reported
 * - schema digests, per registry folder (its path from the cache folder): (each file's path, bytes
 *   and resolved $refs) -> the digest of the schema as ajv is given it, which the validator
 *   module keys above are made of
 * - the front end's per-file work, per registry folder (its path from the cache folder): each
 *   file's parse and resolution by its digest (front-end/persisted-front-end.ts)
 * - the registry's stat record, per registry folder: each file's stat and digest, so the next
 *   process reads only what changed (registry-stat.ts, load/stat-record.ts)
 * - the run manifest: (every registry file and template override, by its path inside its folder,
 *   and its digest) -> digest of every output file; a run whose output folder already matches
 *   does nothing (run-manifest.ts)
 * - graphs of `$ref`s found without a cycle, per graph: (its digest) -> "acyclic"
 * - patterns recheck found safe, per pattern: (recheck's version, flags and parameters, the
 *   pattern) -> the verdict spelled out, keyed without the fingerprint, so that `check`, which
 *   computes none, reads and adds the same entries (safe-patterns.ts)
 *
 * No key holds an absolute path: a registry folder is named by its path relative to the cache
 * folder, and every file by its path inside the registry or the output, so a project cloned or
 * moved elsewhere together with its cache (node_modules/.cache/jetschema by default; a CI job
 * restoring it into a fresh clone) meets its entries again. The one exception is the output record
 * (output-record.ts), which is about the files on one disk.
 *
 * Nothing else is cached: the model, the lint rules and the rest of the package files' data are
 * recomputed on every run that is not a no-op, so what they feed the keys above is never stale by
 * construction. Event pages and event type files are the outputs keyed by the files they are made
 * from rather than by the data computed from them; model/event-inputs.ts lists what that key holds
 * and why it is enough.
 */
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { ModuleVerdicts, SchemaDigestMemo, VerdictCache } from "../validators/schema-set.js";
import type { KnownValidFiles } from "../load/load-registry.js";
import type { MetaSchemaCodeStore } from "../load/meta-schema-check.js";
import type { CompatibilityMemo, EventFindings } from "../check/compatibility.js";
import type { LatestReadsMemo } from "../compat/latest-reads.js";
import type { KnownAcyclic } from "../check/lint-rule.js";
import type { KnownSafePatterns } from "../base/backtracking.js";
import type { ModuleCodeCache } from "../validators/module-code.js";
import type { EmitTypesOptions, EventFilesInPlace } from "../emit/types/emit-types.js";
import type { FormatCache } from "../write/format.js";
import type { PrintMemo, SharedDataStore } from "../emit/package-files.js";
import type { FragmentTable, IndexFragment } from "../emit/package/index-fragments.js";
import type { PageCache } from "../emit/catalog/emit-catalog.js";
import type { TemplateSpecStore } from "../emit/templates.js";
import type { SectionStore } from "../emit/asyncapi/yaml-sections.js";
import type { EventSectionStore } from "../emit/asyncapi/event-sections.js";
import type { LayoutStore } from "../emit/asyncapi/document-layout.js";
import type { ExampleFindingsMemo } from "../check/lint-rule.js";
import type { Diagnostic } from "../base/diagnostics.js";
import { fingerprint } from "./fingerprint.js";
import { codeDigestRecord } from "./code-digest-record.js";
import { exactJson, sha256After } from "../base/hash.js";
import { CacheStore } from "./disk-store.js";
import { folderTable, type FolderTable, type TablePart } from "./folder-table.js";
import { safePatternsIn } from "./safe-patterns.js";

export interface CacheOptions {
  /** Cache folder; created when first written. */
  dir: string;
  /** Stands for other installed versions of tools, e.g. { prettier: "9.0.0" } (tests). */
  toolVersions?: Record<string, string>;
}

/**
 * node_modules/.cache/jetschema of the project (the nearest folder from `cwd` up holding a
 * package.json, else `cwd`), where build tools conventionally keep their caches.
 */
export function defaultCacheDir(cwd = process.cwd()): string {
  let dir = resolve(cwd);
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return join(existsSync(join(dir, "package.json")) ? dir : resolve(cwd), "node_modules", ".cache", "jetschema");
}

export class GeneratorCache {
  readonly store: CacheStore;
  /** sha256 of the fingerprint followed by a key's kind and parts. */
  private readonly hashed: (...parts: string[]) => string;
  /** The last key made, with what it was made of: a miss is set under the key it was asked by, which is not hashed again. */
  private last: { kind: string; parts: string[]; key: string } | undefined;

  /** `store`: one kept across runs (remembering-store.ts), else a fresh one on `options.dir`. */
  constructor(options: CacheOptions, store?: CacheStore) {
    this.store = store ?? new CacheStore(options.dir);
    this.hashed = sha256After(fingerprint(options.toolVersions, codeDigestRecord(options.dir)));
  }

  /** Registry files the per-file checks were asked about this run, and how many of them were not known valid (checked again). */
  readonly fileChecks = { files: 0, checked: 0 };

  /**
   * How an entry about a whole registry folder names it: its path from the cache folder, "/"
   * separated, the same wherever the project and its cache sit together.
   */
  folderName(root: string): string {
    return relative(resolve(this.store.dir), resolve(root)).split(sep).join("/") || ".";
  }

  /**
   * sha256 of the fingerprint, `kind` and `parts`. Asked again with the same kind and parts (a miss
   * about to be set, a page's digest, then its text), the key made last is given again: a part is
   * often a large JSON text (a prepared schema, an AsyncAPI section), which a comparison of the
   * same string reads at most once, and hashing it reads twice.
   */
  key(kind: string, ...parts: string[]): string {
    const last = this.last;
    if (last && last.kind === kind && last.parts.length === parts.length && last.parts.every((part, i) => part === parts[i])) return last.key;
    const key = this.hashed(kind, ...parts);
    this.last = { kind, parts, key };
    return key;
  }

  get(kind: string, ...parts: string[]): string | undefined {
    return this.store.get(kind, this.key(kind, ...parts));
  }

  /** As get(), for an entry most runs find absent by design (the front end's delta): its absence is not counted as a miss. */
  getIfStored(kind: string, ...parts: string[]): string | undefined {
    return this.store.get(kind, this.key(kind, ...parts), false);
  }

  set(kind: string, parts: string[], value: string): void {
    this.store.set(kind, this.key(kind, ...parts), value);
  }

  /**
   * The entry of `kind` and `parts` was used without asking (a long-lived process kept what it
   * made from it): marked as used in a run that marks (remembering-store.ts), else nothing, so
   * the key is hashed once an hour, not on every save.
   */
  keep(kind: string, ...parts: string[]): void {
    if (this.marking) this.store.markUsed(kind, this.key(kind, ...parts));
  }

  /** This run marks the entries a long-lived process serves from memory as used (remembering-store.ts). */
  get marking(): boolean {
    return this.store.marking;
  }

  readonly format: FormatCache = {
    get: (path, text) => this.get("prettier", path, text),
    set: (path, text, formatted) => this.set("prettier", [path, text], formatted),
  };

  readonly typesMemo: NonNullable<EmitTypesOptions["memo"]> = async (prepared, name, compile) => {
    const parts = [name, exactJson(prepared)];
    const hit = this.get("types", ...parts);
    if (hit !== undefined) return hit;
    const out = await compile();
    this.set("types", parts, out);
    return out;
  };

  readonly eventTypes: NonNullable<EmitTypesOptions["eventFiles"]> & { set(key: string, text: string): void } = {
    get: (key) => this.get("event-types", key),
    set: (key, text) => this.set("event-types", [key], text),
  };

  /**
   * Event type files taken as the output folder holds them (emit-types.ts's `inPlace`): each
   * entry's recorded digest, read from its pack's header and not from its payload, and one entry
   * per registry folder holding the names each event file declares, by the file's key (the key
   * names one text; the names are found in it once, when it is made or read).
   */
  eventTypesInPlace(root: string, reuse: (path: string, digest: string) => boolean): EventFilesInPlace {
    const table = this.folderTable<string[]>("type-names", root);
    return {
      digest: (key) => this.store.storedDigest("event-types", this.key("event-types", key)),
      reuse,
      names: {
        get: (key) => {
          const names = table.get(key);
          return Array.isArray(names) && names.every((name) => typeof name === "string") ? names : undefined;
        },
        set: (key, names) => table.set(key, names),
        save: () => table.save(),
      },
    };
  }

  /** Graphs of `$ref`s and same-value steps found without a cycle (check/schema-rules.ts), an entry per graph digest. */
  get acyclicGraphs(): KnownAcyclic {
    return { has: (digest) => this.get("acyclic-graphs", digest) !== undefined, add: (digest) => this.set("acyclic-graphs", [digest], "acyclic"), keep: (digest) => this.keep("acyclic-graphs", digest) };
  }

  /** Patterns recheck found safe (base/backtracking.ts), an entry per pattern, keyed by recheck's version and the pattern, not by the fingerprint (safe-patterns.ts): check reads and adds the same entries. */
  get safePatterns(): KnownSafePatterns {
    return safePatternsIn(this.store);
  }

  /** One entry per registry folder: the digests of its files that passed the per-file checks. */
  knownValidFiles(root: string): KnownValidFiles {
    let known: Set<string> | undefined;
    const folder = this.folderName(root);
    const load = () => (known ??= new Set(this.get("known-valid", folder)?.split("\n") ?? []));
    return {
      has: (digest) => {
        const valid = load().has(digest);
        this.fileChecks.files++;
        if (!valid) this.fileChecks.checked++;
        return valid;
      },
      remember: (digests) => {
        const before = load();
        if (digests.length !== before.size || digests.some((d) => !before.has(d))) this.set("known-valid", [folder], [...digests].sort().join("\n"));
      },
    };
  }

  /** One entry per registry folder: the digests module keys read, by what they are computed from. */
  schemaDigests(root: string): SchemaDigestMemo {
    return this.folderTable<string>("schema-digests", root);
  }

  /** One entry per registry folder: each event's compatibility findings, by the event's inputs. */
  compatibilityFindings(root: string): CompatibilityMemo {
    return this.folderTable<EventFindings>("compat-findings", root);
  }

  /** One entry per registry folder: what the example rule found of each event's examples, by the event's inputs. */
  exampleFindings(root: string): ExampleFindingsMemo {
    return this.folderTable<Diagnostic[]>("example-findings", root);
  }

  /** One entry per registry folder: the older minors each major's latest cannot read, by the event's inputs. */
  latestReads(root: string): LatestReadsMemo {
    return this.folderTable<readonly string[]>("latest-reads", root);
  }

  /** One entry per registry folder: what each event rendered to in `index.*`, by its key (emit/package/index-fragments.ts). */
  packageFragments(root: string): FragmentTable {
    const folder = this.folderName(root);
    const keep = () => {
      this.keep("package-fragments", folder);
      this.keep("package-fragments", folder, "delta");
    };
    return { ...this.folderTable<IndexFragment>("package-fragments", root), keep };
  }

  /**
   * A table of values by key stored as entries per registry folder (cache/folder-table.ts): its
   * base under the folder's name, as it always was, and its delta beside it.
   */
  private folderTable<T>(kind: string, root: string): FolderTable<T> {
    const folder = this.folderName(root);
    const parts = (part: TablePart) => (part === "base" ? [folder] : [folder, part]);
    return folderTable<T>({ read: (part) => this.get(kind, ...parts(part)), write: (part, text) => this.set(kind, parts(part), text) });
  }

  /** Package files printed from plain data (emit/package-files.ts), by the data's exact JSON. */
  readonly printed: PrintMemo = (file, input, print) => {
    const parts = [file, exactJson(input)];
    const hit = this.get("printed", ...parts);
    if (hit !== undefined) return hit;
    const text = print(input);
    this.set("printed", parts, text);
    return text;
  };

  /** Package data made from registry.json and every event's names, by those (emit/package-files.ts SharedDataStore). */
  readonly sharedData: SharedDataStore = {
    get: (kind, key) => this.get("shared-data", kind, key),
    set: (kind, key, json) => this.set("shared-data", [kind, key], json),
  };

  /** The package file printed from the data of `json` was served from memory (GenerateSession.printedWith): its entry is still used. */
  readonly keepPrinted = (file: string, json: string): void => this.keep("printed", file, json);

  readonly pages: PageCache = {
    get: (key) => this.get("pages", key),
    digest: (key) => this.store.storedDigest("pages", this.key("pages", key)),
    set: (key, text) => this.set("pages", [key], text),
    keep: (key) => this.keep("pages", key),
  };

  readonly metaSchemaCode: MetaSchemaCodeStore = {
    get: (key) => this.get("meta-schema-code", key),
    set: (key, code) => this.set("meta-schema-code", [key], code),
  };

  readonly templateSpecs: TemplateSpecStore = {
    get: (key) => this.get("template-specs", key),
    set: (key, spec) => this.set("template-specs", [key], spec),
  };

  readonly asyncApiYaml: SectionStore = {
    get: (json) => this.get("asyncapi-yaml", json),
    set: (json, text) => this.set("asyncapi-yaml", [json], text),
    keep: (json) => this.keep("asyncapi-yaml", json),
    marking: () => this.marking,
  };

  readonly asyncApiEvents: EventSectionStore = {
    get: (key) => this.get("asyncapi-events", key),
    set: (key, text) => this.set("asyncapi-events", [key], text),
    keep: (key) => this.keep("asyncapi-events", key),
  };

  /** Where each section stands in an AsyncAPI document, by the document's digest (emit/asyncapi/document-layout.ts). */
  readonly asyncApiLayouts: LayoutStore = {
    get: (documentDigest) => this.get("asyncapi-layout", documentDigest),
    set: (documentDigest, layout) => this.set("asyncapi-layout", [documentDigest], layout),
  };

  /** A module's .js and its .d.ts stored apart, so that each one's digest is its stored entry's (CacheStore.storedDigest). */
  readonly validatorModules: ModuleCodeCache = {
    get: (key) => {
      const dts = this.get("validator-types", key);
      const js = dts === undefined ? undefined : this.get("validators", key);
      return js === undefined ? undefined : { js, dts: dts! };
    },
    set: (key, code) => {
      this.set("validators", [key], code.js);
      this.set("validator-types", [key], code.dts);
    },
    digests: (key) => {
      const dts = this.store.storedDigest("validator-types", this.key("validator-types", key));
      const js = dts === undefined ? undefined : this.store.storedDigest("validators", this.key("validators", key));
      return js === undefined ? undefined : { js, dts: dts! };
    },
  };

  readonly verdicts: VerdictCache = {
    load: (moduleKey) => {
      const text = this.get("verdicts", moduleKey);
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as ModuleVerdicts;
      } catch {
        return undefined;
      }
    },
    save: (moduleKey, verdicts) => this.set("verdicts", [moduleKey], JSON.stringify(verdicts)),
    // The record's header, not its payload: the entry is saved only for a module whose every file compiled.
    has: (moduleKey) => this.store.storedDigest("verdicts", this.key("verdicts", moduleKey)) !== undefined,
  };
}
