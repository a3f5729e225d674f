/**
 * Emits the event catalog, generated/docs/: README.md (the index), one page per event under
 * events/, one page per shared-definitions file under defs/. Pages are rendered from the
 * Handlebars templates in templates/docs/ (overridable with --templates).
 *
 * The pages are not run through prettier (it was most of a large generate): the built-in
 * templates and the values they place are already in prettier's layout (tables through the
 * `table` helper, the usage snippet and the JSON examples through ts-layout.ts, code spans as
 * prettier prints them in markdown-escape.ts).
 * test/catalog/prettier-stable.test.ts checks that prettier changes nothing.
 */
import { plainDataJson, type KeptByInputs } from "../../base/kept-by-inputs.js";
import { keptData, sameData } from "../../base/same-data.js";
import type { SchemaSet } from "../../validators/schema-set.js";
import type { EventModel, RegistryModel } from "../../model/registry-model.js";
import type { TemplateSet } from "../templates.js";
import { eventPage, INDEX_PAGE } from "./anchors.js";
import { definitionPageData } from "./definition-page.js";
import { buildDefinitionIndex } from "./definitions.js";
import { eventPageData, type DocsContext } from "./event-page.js";
import { consumersReceiving } from "./infrastructure.js";
import { indexFacts, indexPage, type EventFacts, type IndexFacts } from "./index-page.js";
import type { FlowLimits } from "./mermaid.js";
import { sha256 } from "../../base/hash.js";
import { flatCopy } from "../../base/flat-text.js";
import { eventInputs } from "../../model/event-inputs.js";

export const DOCS_DIR = "docs";

export const DOCS_TEMPLATES = {
  index: "docs/README.md.hbs",
  event: "docs/event.md.hbs",
  definitions: "docs/definitions.md.hbs",
} as const;

export interface EmitDocsOptions {
  /** When one flow diagram becomes too large to read (tests use small limits). */
  flowLimits?: FlowLimits;
  /**
   * Rendered pages by key (generator/cache): an event page whose inputs (model/event-inputs.ts) and
   * template are unchanged, and any other page whose template and data are unchanged, is not
   * rendered again.
   */
  pages?: PageCache;
  /** What a long-lived process keeps between runs by its inputs (base/kept-by-inputs.ts): the index's subject tree. */
  kept?: KeptByInputs;
  /**
   * Each page as a long-lived process last rendered it, by path, with what it was made from (an
   * event page's key; another page's template and data as JSON): a page whose inputs are the last
   * run's is that run's text, without hashing its data or asking the cache.
   */
  lastPages?: Map<string, LastPage>;
}

export interface LastPage {
  template: string;
  /** What an event page's key is made of; another page's data, frozen (base/same-data.ts). */
  inputs: unknown;
  text: string;
  /** Its key in the page cache, when it has one: the entry is still used when the page is this text again. */
  key?: string;
}

export interface PageTarget {
  set(path: string, text: string): void;
  /** Keeps the page at `path` as the output already holds it, if that is the content of `digest` (write/output-dir.ts). */
  reuse?(path: string, digest: string): boolean;
}

export interface PageCache {
  get(key: string): string | undefined;
  set(key: string, text: string): void;
  /** The digest of the page stored under `key`, without reading it. */
  digest?(key: string): string | undefined;
  /** The page stored under `key` was taken from memory: its entry is still used (cache/remembering-store.ts). */
  keep?(key: string): void;
}

/**
 * Every catalog page, keyed by its path in the output ("docs/README.md", ...). A page rendered
 * here is stored flat (base/flat-text.ts); one served from the cache was read flat.
 */
export function emitDocs(model: RegistryModel, schemas: SchemaSet, templates: TemplateSet, options: EmitDocsOptions = {}): Map<string, string> {
  const files = new Map<string, string>();
  const pages = catalogPages(files, model, schemas, templates, options);
  pages.index();
  for (const event of model.events) pages.event(event);
  pages.definitions();
  return files;
}

/**
 * When the catalog may ask the schema set about a schema file: an event page validates its
 * examples against every version of its majors, whose verdicts the compile workers report module by
 * module (front-end.ts, PackageCompile.reported).
 */
export type Reported = (file: string) => Promise<void>;

/**
 * The catalog beside the compile, each page given to `files` as it is rendered (the pipeline writes
 * it out at once rather than hold the catalog, the largest part of a large package): the pages
 * that validate nothing (the index, the definitions) at once, each event's page once its versions
 * are `reported`, so most of the catalog is rendered while the workers still compile. Once `stop`
 * is aborted (the run failed) no page is rendered any more.
 */
export async function emitDocsAsReported(files: PageTarget, model: RegistryModel, schemas: SchemaSet, templates: TemplateSet, reported: Reported, stop: AbortSignal, options: EmitDocsOptions = {}): Promise<void> {
  const pages = catalogPages(files, model, schemas, templates, options);
  pages.index();
  pages.definitions();
  await Promise.all(
    model.events.map(async (event) => {
      await Promise.all(event.majors.flatMap((m) => m.versions.map((v) => reported(v.file))));
      if (!stop.aborted) pages.event(event);
    }),
  );
}

/** The catalog's pages, each rendered (or taken from the cache) and given to `files` when asked for. */
function catalogPages(files: PageTarget, model: RegistryModel, schemas: SchemaSet, templates: TemplateSet, options: EmitDocsOptions) {
  // The output holds the page stored under `key` already: it is kept there, not read from the cache.
  const reusedAsStored = (path: string, key: string | undefined): boolean => {
    const stored = key && files.reuse ? options.pages?.digest?.(key) : undefined;
    return stored !== undefined && files.reuse!(path, stored);
  };
  /** The last run's text of the page at `path`, if it was made from the same template and inputs. */
  const asLastTime = (path: string, template: string, inputs: unknown): boolean => {
    const last = options.lastPages?.get(path);
    if (last?.template !== template || !sameData(last.inputs, inputs)) return false;
    if (last.key !== undefined) options.pages?.keep?.(last.key);
    files.set(path, last.text);
    return true;
  };
  const rendered = (path: string, template: string, inputs: unknown, text: string, key: string | undefined) => {
    if (inputs !== undefined) options.lastPages?.set(path, { template, inputs, text, ...(key === undefined ? {} : { key }) });
    files.set(path, text);
  };
  const render = (path: string, template: string, data: unknown) => {
    const source = templates.source(template);
    // A page's inputs: its template's text and its data, which is all a render reads (helpers and
    // the built-in templates are part of the cache's fingerprint). Data that is not plain JSON (a
    // function, a Map, a class instance) could render differently under the same text, so such a
    // page is always rendered.
    if (asLastTime(path, source, data)) return;
    const json = options.pages || options.lastPages ? plainDataJson(data) : undefined;
    const key = options.pages && json !== undefined ? sha256("catalog-page", source, json) : undefined;
    renderKeyed(path, template, source, key, () => data, json === undefined || !options.lastPages ? undefined : data);
  };
  /** The page under `key` (the output's, or the cache's), else rendered from `data()`; `kept`: the data a long-lived process compares with its next run's. */
  const renderKeyed = (path: string, template: string, source: string, key: string | undefined, data: () => unknown, kept: unknown) => {
    if (reusedAsStored(path, key)) return;
    let text = key ? options.pages!.get(key) : undefined;
    if (text === undefined) {
      text = flatCopy(endOfFile(templates.render(template, data())));
      if (key) options.pages!.set(key, text);
    }
    // Kept (frozen) only by a long-lived process, which compares it with the next run's data.
    rendered(path, source, kept === undefined ? undefined : keptData(kept), text, key);
  };
  /**
   * The index, keyed in the page cache by its facts, which its data is made from alone
   * (index-page.ts): a run that finds its page does not make the data. A long-lived process first
   * compares the data with its last run's, as for any page (its rows and diagrams are kept).
   */
  const renderIndex = (path: string) => {
    const source = templates.source(DOCS_TEMPLATES.index);
    const data = options.lastPages ? index.data() : undefined;
    if (data !== undefined && asLastTime(path, source, data)) return;
    const json = options.pages ? plainDataJson([facts, options.flowLimits ?? null]) : undefined;
    const key = json === undefined ? undefined : sha256("catalog-index", source, json);
    // The index's data is plain by construction (strings, numbers, booleans and their arrays and objects).
    renderKeyed(path, DOCS_TEMPLATES.index, source, key, () => data ?? index.data(), data);
  };
  const defs = buildDefinitionIndex(model);
  const facts = indexFacts(model, defs);
  // A session keeps each row by its event's inputs (what the event's facts are made from).
  const rowInputs = options.kept ? eventsInputs(model, facts) : undefined;
  const index = indexPage(facts, options.flowLimits, options.kept, rowInputs);
  const context: DocsContext = {
    model,
    schemas,
    defs,
    indexAnchors: { streams: index.anchors.streams, consumers: index.anchors.consumers, services: index.anchors.services },
    receiving: consumersReceiving(model),
  };
  // Event pages are keyed by their inputs instead (model/event-inputs.ts, and the index anchors
  // they link to): an edit renders one page, and the data of the others is not even built.
  const inputsOf = options.pages || options.lastPages ? eventInputs(model) : undefined;
  // The template and the anchors every event page's key holds, hashed once rather than once per page.
  const everyPage = inputsOf ? sha256("event page", templates.source(DOCS_TEMPLATES.event), JSON.stringify(context.indexAnchors)) : undefined;
  return {
    index(): void {
      renderIndex(`${DOCS_DIR}/${INDEX_PAGE}`);
    },
    definitions(): void {
      for (const file of defs.files) render(`${DOCS_DIR}/${file.page}`, DOCS_TEMPLATES.definitions, definitionPageData(file, defs, index.anchors.definitions));
    },
    /** The page of `event`: its examples are validated against its versions' schemas. */
    event(event: EventModel): void {
      const path = `${DOCS_DIR}/${eventPage(event.name)}`;
      // What the key is made of: a long-lived process compares these with the last run's, without hashing them on every save.
      const parts = inputsOf ? [everyPage!, inputsOf(event)] : undefined;
      if (parts && asLastTime(path, DOCS_TEMPLATES.event, parts)) return;
      const key = parts ? sha256(...parts) : undefined;
      if (reusedAsStored(path, key)) return;
      let text = key ? options.pages?.get(key) : undefined;
      if (text === undefined) {
        text = flatCopy(endOfFile(templates.render(DOCS_TEMPLATES.event, eventPageData(event, context))));
        if (key) options.pages?.set(key, text);
      }
      rendered(path, DOCS_TEMPLATES.event, parts, text, key);
    },
  };
}

/** Each event's inputs (model/event-inputs.ts) by its facts. */
function eventsInputs(model: RegistryModel, facts: IndexFacts): (event: EventFacts) => string {
  const inputsOf = eventInputs(model);
  const byFacts = new Map(facts.events.map((e, i) => [e, inputsOf(model.events[i]!)]));
  return (event) => byFacts.get(event)!;
}

/** A page ends with exactly one newline, as prettier ends it (a template's last block may leave a blank line). */
function endOfFile(text: string): string {
  // trimEnd, not /\s+$/: that regex is quadratic on the long space runs of a padded table.
  return `${text.trimEnd()}\n`;
}
