/**
 * What a long-lived `generate` process (`--watch`) keeps between its runs, so a save costs the
 * files that changed rather than the registry: the registry folder as last read (a file is read
 * again only when its identity changed or the watcher named it), the cache entries the last run
 * used, in memory (cache/remembering-store.ts), the AsyncAPI document's sections
 * (emit/asyncapi/yaml-sections.ts) and what was last written to the output folder
 * (write/output-dir.ts). Every kept thing is keyed by content or checked against the disk, so a
 * run in a session writes exactly what a run of its own would.
 */
import type { RegistryFiles } from "./load/registry-files.js";
import type { YamlSections } from "./emit/asyncapi/yaml-sections.js";
import type { WrittenOutput } from "./write/output-dir.js";
import { GeneratorCache, type CacheOptions } from "./cache/generator-cache.js";
import { RememberingStore } from "./cache/remembering-store.js";

export class GenerateSession {
  /** The registry folder as the last run read it. */
  files: RegistryFiles | undefined;
  /** Registry files the watcher reported since the registry was last read (relative paths). */
  readonly named = new Set<string>();
  /** The input digest of the output this session last wrote, and how many files that was. */
  written: { inputs: string; files: number } | undefined;
  output: WrittenOutput | undefined;
  asyncApiSections: YamlSections | undefined;
  private cache: { dir: string; cache: GeneratorCache; store: RememberingStore } | undefined;

  /** One GeneratorCache for the whole session (per cache folder), its entries kept in memory. */
  cacheFor(options: CacheOptions): GeneratorCache {
    if (this.cache?.dir !== options.dir) {
      const store = new RememberingStore(options.dir);
      this.cache = { dir: options.dir, cache: new GeneratorCache(options, store), store };
    }
    return this.cache.cache;
  }

  /** A run ended (written, up to date or failed): what it used is what the next one keeps. */
  endRun(): void {
    this.cache?.store.endRun();
  }
}
