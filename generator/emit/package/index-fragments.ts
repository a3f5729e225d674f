/**
 * `index.js` and `index.d.ts` joined from per-event fragments: each template is cut at its
 * top-level `{{#each majors}}` and `{{#each events}}` blocks (emit/template-segments.ts), what an
 * event's items render to in each block is its fragment, and a fragment is kept by a key of what
 * it is made from, so a run renders only the events whose inputs changed and joins the rest.
 *
 * An event's key is its inputs (model/event-inputs.ts: the files of its versions and what they
 * reach, every file that is not an event version, registry.json, every event's names: everything
 * the model made its majors' data from) with a digest of both templates' text and of the data
 * beside the items that the blocks read (`../fieldKeys`, `../fields`: made from the envelope,
 * which is in the inputs already, but a user's template may read anything). The generator's own
 * code is in every cache key (cache/fingerprint.ts). Whether each fragment is in prettier's layout
 * is kept with it.
 *
 * Fragments are kept in memory by a long-lived process (`KeptFragments`, the last run's) and in
 * the disk cache as one entry per registry folder (generator-cache.ts), which a whole process
 * reads once and a session reads only on its first run.
 */
import { sha256 } from "../../base/hash.js";
import type { TemplateSet } from "../templates.js";

export const INDEX_TEMPLATES = { js: "package/index.js.hbs", dts: "package/index.d.ts.hbs" } as const;
const LISTS = ["majors", "events"] as const;

/** What one event contributes to the two files: its text in each cut-out block, in template order, and whether it is in prettier's layout. */
export interface IndexFragment {
  texts: string[];
  js: boolean;
  dts: boolean;
}

export interface FragmentTable {
  get(key: string): IndexFragment | undefined;
  set(key: string, fragment: IndexFragment): void;
  /** The run's fragments are all known: the table stores those it was asked for. */
  save(): void;
  /** Served without asking the table (a session's memory): its entry is still used. */
  keep(): void;
}

/** An event's items as the templates read them, and whether each major's pieces are in prettier's layout. */
export interface EventItems {
  majors: Array<{ data: unknown; exact: { js: boolean; dts: boolean } }>;
  event: unknown;
}

export interface IndexFiles {
  js: string;
  dts: string;
  /** Whether every fragment is in prettier's layout (the parts between them say their own). */
  exact: { js: boolean; dts: boolean };
}

/**
 * The two files from `data` (the templates' data but for the lists) and each event's items, made
 * only for an event whose fragment `store` does not have; undefined when a template cannot be cut
 * (a user's template reading an item's place, or a list outside its block): rendered whole then.
 */
export function joinIndexFiles<E>(templates: TemplateSet, data: Record<string, unknown>, events: readonly E[], inputsOf: (event: E) => string, itemsOf: (event: E) => EventItems, store: FragmentStore): IndexFiles | undefined {
  const js = templates.segments(INDEX_TEMPLATES.js, LISTS);
  const dts = templates.segments(INDEX_TEMPLATES.dts, LISTS);
  if (!js || !dts) return undefined;
  const blocks = [...js.blocks, ...dts.blocks];
  const reads = [...new Set(blocks.flatMap((b) => b.reads))].sort();
  const beside = sha256(
    "index.* fragments",
    templates.source(INDEX_TEMPLATES.js),
    templates.source(INDEX_TEMPLATES.dts),
    JSON.stringify(reads.map((name) => [name, data[name] ?? null])),
  );
  const keys = events.map((event) => `${inputsOf(event)} ${beside}`);
  const fragments = keys.map((key) => {
    const known = store.get(key);
    return known && known.texts.length === blocks.length ? known : undefined;
  });
  const missed = events.flatMap((event, i) => (fragments[i] ? [] : [{ i, items: itemsOf(event) }]));
  // Both templates rendered once, their lists holding only the missed events' items.
  const missedData = { ...data, majors: missed.flatMap((m) => m.items.majors.map((major) => major.data)), events: missed.map((m) => m.items.event) };
  const rendered = [js.render(missedData), dts.render(missedData)];
  if (!rendered[0] || !rendered[1]) return undefined;
  const itemTexts = [...rendered[0].items, ...rendered[1].items];
  const byEvent = blocks.map((b, n) => (b.list === "majors" ? regroup(itemTexts[n]!, missed.map((m) => m.items)) : itemTexts[n]!));
  missed.forEach(({ i, items }, n) => {
    const made = { texts: byEvent.map((texts) => texts[n]!), js: items.majors.every((m) => m.exact.js), dts: items.majors.every((m) => m.exact.dts) };
    fragments[i] = made;
    store.set(keys[i]!, made);
  });
  store.done();
  const exact = { js: fragments.every((f) => f!.js), dts: fragments.every((f) => f!.dts) };
  const between = [...rendered[0].between, ...rendered[1].between];
  const last = store.lastJoined?.();
  if (last && sameTexts(last.between, between) && last.fragments.length === fragments.length && last.fragments.every((f, i) => f === fragments[i] || sameTexts(f.texts, fragments[i]!.texts))) {
    store.joined?.({ between, fragments: fragments as IndexFragment[], files: last.files });
    return { ...last.files, exact };
  }
  let block = 0;
  // Each text between blocks after the fragments of the block before it.
  const join = (between: string[]) =>
    between
      .map((text, n) => {
        if (n === 0) return text;
        const b = block++;
        return fragments.map((f) => f!.texts[b]).join("") + text;
      })
      .join("");
  const files = { js: join(rendered[0].between), dts: join(rendered[1].between) };
  store.joined?.({ between, fragments: fragments as IndexFragment[], files });
  return { ...files, exact };
}

const sameTexts = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/** The files a run joined, and what from: a run joining the same texts gives the same string objects (an output file compared by identity, not by its megabyte of text). */
export interface JoinedFiles {
  between: string[];
  fragments: IndexFragment[];
  files: { js: string; dts: string };
}

/** Each event's majors' texts joined, from the texts of all their majors in order. */
function regroup(texts: string[], events: EventItems[]): string[] {
  let at = 0;
  return events.map((e) => texts.slice(at, (at += e.majors.length)).join(""));
}

/** Where fragments are looked up and left for the next run. */
export interface FragmentStore {
  get(key: string): IndexFragment | undefined;
  set(key: string, fragment: IndexFragment): void;
  /** Every event's fragment was asked for. */
  done(): void;
  /** What the last run joined (a long-lived process). */
  lastJoined?(): JoinedFiles | undefined;
  joined?(files: JoinedFiles): void;
}

/** The last run's fragments, in a long-lived process; what a run did not use is let go. */
export class KeptFragments {
  private lastRun = new Map<string, IndexFragment>();
  private thisRun = new Map<string, IndexFragment>();
  private joinedLast: JoinedFiles | undefined;

  /**
   * A store over this memory and, behind it, the disk table: asked only while the memory holds
   * nothing (a session's first run), so a save does not read the table for the event it edited.
   */
  over(table: FragmentTable | undefined): FragmentStore {
    const fromDisk = this.lastRun.size === 0 ? table : undefined;
    return {
      get: (key) => {
        const fragment = this.thisRun.get(key) ?? this.lastRun.get(key) ?? fromDisk?.get(key);
        if (fragment) this.thisRun.set(key, fragment);
        return fragment;
      },
      set: (key, fragment) => {
        this.thisRun.set(key, fragment);
        fromDisk?.set(key, fragment);
      },
      done: () => (fromDisk ? fromDisk.save() : table?.keep()),
      lastJoined: () => this.joinedLast,
      joined: (files) => (this.joinedLast = files),
    };
  }

  /** A run ended: what it did not use is let go (unless it used nothing: up to date, or failed early). */
  endRun(): void {
    if (this.thisRun.size === 0) return;
    this.lastRun = this.thisRun;
    this.thisRun = new Map();
  }
}

/** Where a run keeps its fragments: a session's memory over the disk table, the table alone (a whole process), or nowhere (no cache: both files rendered whole). */
export function indexFragmentStore(kept: KeptFragments | undefined, table: FragmentTable | undefined): FragmentStore | undefined {
  if (kept) return kept.over(table);
  return table && { get: (key) => table.get(key), set: (key, fragment) => table.set(key, fragment), done: () => table.save() };
}

/** Whether template `name` reads neither list (package.json: rendered from the data without them when the fragments are joined). */
export function readsNoList(templates: TemplateSet, name: string): boolean {
  return templates.segments(name, LISTS)?.blocks.length === 0;
}
