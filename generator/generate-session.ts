/**
 * What a long-lived `generate` process (`--watch`) keeps between its runs, so a save costs the
 * files that changed rather than the registry: the registry folder as last read (a file is read
 * again only when its identity changed or the watcher named it), the cache entries the last run
 * used, in memory (cache/remembering-store.ts), each file as parsed and resolved
 * (front-end/kept-front-end.ts), the AsyncAPI document's sections and schemas
 * (emit/asyncapi/yaml-sections.ts, kept-schema-forms.ts) and what was last written to the output folder
 * (write/output-dir.ts). Every kept thing is keyed by content or checked against the disk, so a
 * run in a session writes exactly what a run of its own would.
 */
import { sweepRegistry, type RegistryFiles, type RegistrySweep } from "./load/registry-files.js";
import type { KeptAsyncApi } from "./emit/asyncapi/emit-asyncapi.js";
import { retiredIdentities, type RetiredIdentities, type WrittenOutput } from "./write/output-dir.js";
import { GeneratorCache, type CacheOptions } from "./cache/generator-cache.js";
import { RememberingStore } from "./cache/remembering-store.js";
import { digest, exactJson, readBackExactJson } from "./base/hash.js";
import { rm } from "node:fs/promises";
import { KeptFrontEnd } from "./front-end/kept-front-end.js";
import { KeptByInputs } from "./base/kept-by-inputs.js";
import { sameData } from "./base/same-data.js";
import type { PrintMemo } from "./emit/package-files.js";
import type { LastPage } from "./emit/catalog/emit-catalog.js";
import type { DeclaredNames } from "./emit/types/emit-types.js";
import type { LastAcyclicGraph } from "./check/lint-rule.js";
import type { LastNesting } from "./check/ref-nesting.js";
import { KeptFragments } from "./emit/package/index-fragments.js";

export class GenerateSession {
  /** The registry folder as the last run read it. */
  files: RegistryFiles | undefined;
  /** Registry files the watcher reported since the registry was last read (relative paths). */
  readonly named = new Set<string>();
  /** The input digest of the output this session last wrote, and how many files that was. */
  written: { inputs: string; files: number } | undefined;
  output: WrittenOutput | undefined;
  /** The AsyncAPI document's sections and each schema's form, as the last run made them. */
  asyncApi: KeptAsyncApi | undefined;
  /** Each registry file as last parsed, checked and resolved. */
  readonly frontEnd = new KeptFrontEnd();
  /** Values made from plain data, by a digest of it: the catalog's subject tree, flow diagrams and index rows, each major's and event's data for `index.*` (the package files printed from plain data are the cache's `printed` kind, kept in memory by the session's store). */
  readonly printed = new KeptByInputs();
  /** What each event rendered to in `index.js` and `index.d.ts`, by its inputs (emit/package/index-fragments.ts). */
  readonly indexFragments = new KeptFragments();
  /** The names each type file exported on the last run, with its text (emit/types/emit-types.ts). */
  readonly declaredNames: DeclaredNames = new Map();
  /** Each catalog page as last rendered, by path, with what it was made from (emit/catalog/emit-catalog.ts). */
  readonly pages = new Map<string, LastPage>();
  /** The last graph of `$ref`s and same-value steps found without a cycle (check/schema-rules.ts). */
  readonly lastAcyclic: LastAcyclicGraph = {};
  /** What the last run counted of each schema's nesting through `$ref`s, when all were within the limit (check/ref-nesting.ts). */
  readonly lastNesting: LastNesting = {};
  private cache: { dir: string; cache: GeneratorCache; store: RememberingStore } | undefined;
  private ahead: { files: RegistryFiles; registry: RegistrySweep; retired?: string; output?: RetiredIdentities; ms: number } | undefined;
  private templates: { key: string; set: unknown } | undefined;
  private digests = new Map<string, { content: string; digest: string }>();
  private prints = new Map<string, { json: string; data: unknown; text: string }>();
  private removals: Promise<void>[] = [];
  private cacheUnwritten = false;

  /** `clock`: the time of day the session's cache store reads as now (tests stand a week's session for it). */
  constructor(private readonly clock: () => number = Date.now) {}

  /** The compiled templates, made again only when the --templates folder (its digest as read by load/templates.ts) changed. */
  templatesFor<T>(overrideDigest: string | undefined, make: () => T): T {
    const key = overrideDigest ?? "built-in";
    if (this.templates?.key !== key) this.templates = { key, set: make() };
    return this.templates.set as T;
  }

  /** The digest of an output file, computed again only when its content changed since the last run. */
  readonly digestOf = (path: string, content: string): string => {
    const known = this.digests.get(path);
    if (known?.content === content) return known.digest;
    const d = digest(content);
    this.digests.set(path, { content, digest: d });
    return d;
  };

  /**
   * The `stat` calls a run makes to find what the watcher may have missed, made now, while the
   * watch waits out a burst of changes (cli/watch-folders.ts `ahead`), for the next run to take:
   * the identity of each registry folder and file the last run read, and of each folder and file
   * of the swapped-out tree the next run fills again (~5 300 calls at 1000 events). Every event
   * in the watched folders, of any file, comes before the sweep the run takes (watch-folders.ts);
   * the folder of a file the watcher named is listed again, and a folder of the output tree
   * changed since the sweep has its files looked at again. What the sweep cannot see is a change
   * the watcher never reported made in the moment between it and the run, which a `stat` at the
   * run's start would have caught: the run after the next change reads it. Not to be called while
   * a run is in progress. Never throws: a sweep that fails leaves the run to make its own calls.
   */
  sweepAhead(): void {
    this.ahead = undefined;
    const started = performance.now();
    try {
      const output = this.output?.retired ? { retired: this.output.retired, output: retiredIdentities(this.output) } : {};
      this.ahead = this.files ? { files: this.files, registry: sweepRegistry(this.files), ...output, ms: performance.now() - started } : undefined;
    } catch {
      // A folder of the swapped-out tree that cannot be looked at: the run looks, and says why.
    }
  }

  /** The sweep, when it was taken of the registry read the next run starts from (`files`). */
  private get sweepOfThisRead() {
    return this.ahead?.files === this.files ? this.ahead : undefined;
  }

  /** How long the sweep the next run takes took (--timings), when there is one. */
  get madeAheadMs(): number | undefined {
    return this.sweepOfThisRead?.ms;
  }

  /** What the sweep found of the registry, when taken of the read the next run starts from. */
  registryAhead(): RegistrySweep | undefined {
    return this.sweepOfThisRead?.registry;
  }

  /** What this session last wrote, with what the sweep found of its swapped-out tree when taken of that tree. */
  outputAhead(): WrittenOutput | undefined {
    const { output, ahead } = this;
    if (!output || !ahead?.output || ahead.retired !== output.retired) return output;
    return { ...output, retiredIdentities: ahead.output };
  }

  /** What this session wrote is not known to be the output any more (the folder went, or a write failed); its kept swapped-out tree goes. */
  forgetOutput(): void {
    if (this.output?.retired) this.removeLater(this.output.retired);
    this.output = this.written = undefined;
  }

  /**
   * Package files printed from plain data (emit/package-files.ts), each file's last text kept by
   * the exact JSON of what it was printed from: an unchanged input is known without hashing
   * megabytes of it for the cache's key on every save, and mostly without writing it as JSON
   * either; `memo` (the cache's) behind, told by `keep` when its entry served from here is still
   * used (cache/remembering-store.ts).
   *
   * The last input is kept as its exact JSON read back (base/hash.ts readBackExactJson), a copy
   * of this session's own that nothing changes after: data that is the same as that copy
   * (base/same-data.ts) has that very exact JSON. Data holding what JSON would blur (`undefined`, `-0`, `NaN`, the infinities,
   * a bigint) is never the same as the copy, and the copy of data that held it is not kept: such
   * data is written as JSON and compared as before.
   */
  printedWith(memo: PrintMemo | undefined, keep?: (file: string, json: string) => void): PrintMemo {
    return (file, input, print) => {
      const kept = this.prints.get(file);
      if (kept && sameData(kept.data, input)) {
        keep?.(file, kept.json);
        return kept.text;
      }
      const json = exactJson(input);
      if (kept?.json === json) {
        keep?.(file, json);
        return kept.text;
      }
      const text = memo ? memo(file, input, print) : print(input);
      this.prints.set(file, { json, data: readBackExactJson(json), text });
      return text;
    };
  }

  /**
   * What the last run set in the cache, written after its output was swapped in: the save's
   * output reaches the user without waiting for the cache's packs (a compaction among them, now
   * and then). Written before the next run reads the cache (`generate` calls this first), by the
   * watch right after it reports a run, and by `settle()`; the cache's writes fail quietly, so
   * none of these throws. A process that dies before it only loses cache entries, never output.
   */
  writeCache(): void {
    if (!this.cacheUnwritten) return;
    this.cacheUnwritten = false;
    this.cache?.store.flush();
  }

  /** The run's cache writes (to the session's store, cacheFor's), left for `writeCache()`. */
  writeCacheLater(): void {
    this.cacheUnwritten = true;
  }

  /** Removes a swapped-out output tree in the background; `settle()` waits for it. */
  private removeLater(dir: string): void {
    this.removals.push(rm(dir, { recursive: true, force: true }).catch(() => undefined));
  }

  /** Background work finished, and the kept swapped-out tree removed (before the process exits). */
  async settle(): Promise<void> {
    this.writeCache();
    if (this.output?.retired) {
      this.removeLater(this.output.retired);
      this.output = { ...this.output, retired: undefined };
    }
    await Promise.all(this.removals);
    this.removals = [];
  }

  /** One GeneratorCache for the whole session (per cache folder), its entries kept in memory; asked once at the start of each run. */
  cacheFor(options: CacheOptions): GeneratorCache {
    if (this.cache?.dir !== options.dir) {
      const store = new RememberingStore(options.dir, this.clock);
      this.cache = { dir: options.dir, cache: new GeneratorCache(options, store), store };
    }
    this.cache.store.startRun();
    return this.cache.cache;
  }

  /** A run ended (written, up to date or failed): what it used is what the next one keeps. */
  endRun(): void {
    this.ahead = undefined;
    this.cache?.store.endRun();
    this.printed.endRun();
    this.indexFragments.endRun();
  }
}
