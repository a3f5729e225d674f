/**
 * An event's own sections of the AsyncAPI document, kept as placed YAML by the event's inputs, as
 * its catalog page and its type file are (model/event-inputs.ts): after an edit, an unchanged
 * event's sections are taken as they were, without making its schemas' forms, its messages, its
 * channels or their JSON; only the edited event's sections are made (and stringified by
 * yaml-sections.ts). Building and keying every event's sections by their JSON was most of the
 * document's time in an edit process.
 *
 * An event's own sections: `components.schemas` and `components.messages` of each of its majors
 * and their replies, and each channel (and reply channel) only its majors use. The rest (shared
 * definitions, the envelope, the headers, operations, info, x-jetstream) is made as before.
 *
 * What an event's sections are made from, each a part of the key (eventSectionKeyParts):
 * - the event's inputs: its version files and every file their `$ref`s reach, every file that is
 *   not an event version (the envelope, shared definitions) and registry.json (subject prefix,
 *   envelope fields, CloudEvents mode, streams), and every event's names;
 * - the component names: the name each shared definition gets and where the envelope and the
 *   headers landed, which another event's files can move (a definition it starts to use can take
 *   a name first) without changing this event's inputs.
 * Where a section is placed and how it is written is the generator's code, in every cache key
 * (cache/fingerprint.ts). test/asyncapi/event-sections.test.ts edits each and takes each part out.
 */
import { sha256 } from "../../base/hash.js";
import { eventInputs } from "../../model/event-inputs.js";
import type { EventModel, MajorModel, RegistryModel } from "../../model/registry-model.js";
import type { ComponentNames } from "./components.js";
import { PlacedSection, SectionToPlace } from "./yaml-sections.js";
import type { PreviousDocument } from "./document-layout.js";

/** Where an event's own sections stand in the document. */
export type SectionPart = "channels" | "schemas" | "messages";

/** The section `part`/`name` of `m`'s event: its kept text, else `make()`'s value, its text then kept. */
export type Place = (m: MajorModel, part: SectionPart, name: string, make: () => unknown) => unknown;

/** The Place of a document made without kept sections: every section made. */
export const makeEverySection: Place = (_m, _part, _name, make) => make();

/** An event's sections beyond the process, by key: their placed texts (an index line, then the texts one after another). */
export interface EventSectionStore {
  get(key: string): string | undefined;
  set(key: string, text: string): void;
  /** The sections of `key` were taken from memory: its entry is still used (cache/remembering-store.ts). */
  keep?(key: string): void;
}

/** An event's sections as placed texts, by part and name. */
export type Texts = Record<SectionPart, Map<string, string>>;

export const PARTS: readonly SectionPart[] = ["channels", "schemas", "messages"];

/** Each part of an event's key: given the model and the component names, the part for one event. */
export const eventSectionKeyParts = new Map<string, (model: RegistryModel, names: ComponentNames) => (event: EventModel) => string>();

eventSectionKeyParts.set("The event's inputs: its files and what they reach, the shared files, registry.json, every event's names", (model) => eventInputs(model));

eventSectionKeyParts.set("The component names: each shared definition's, the envelope's and the headers'", (_model, names) => {
  const digest = sha256("component names", JSON.stringify([[...names.shared], names.envelopeSchema, names.headersSchema]));
  return () => digest;
});

/** An event's sections placed in one document. */
export interface SectionPlan {
  place: Place;
  /** The document's YAML is made: the sections made for it are kept. */
  done(): void;
}

/** Kept between the documents of one process (the texts of the last one) and, given `stored`, beyond it. */
export class EventSections {
  private lastRun = new Map<string, Texts>();
  private thisRun = new Map<string, Texts>();

  constructor(private readonly stored?: EventSectionStore) {}

  /** `previous`: the document the output holds, whose sections are taken by key before the cache is asked (document-layout.ts). */
  plan(model: RegistryModel, names: ComponentNames, previous?: PreviousDocument): SectionPlan {
    const parts = [...eventSectionKeyParts.values()].map((part) => part(model, names));
    const eventsByName = new Map(model.events.map((e) => [e.name, e]));
    const entries = new Map<string, { key: string; kept?: Texts; made?: Texts }>();
    const entryOf = (event: string) => {
      let entry = entries.get(event);
      if (!entry) {
        const e = eventsByName.get(event)!;
        const key = sha256("asyncapi event sections", ...parts.map((part) => part(e)));
        const inMemory = this.thisRun.get(key) ?? this.lastRun.get(key);
        if (inMemory) this.stored?.keep?.(key);
        entries.set(event, (entry = { key, kept: inMemory ?? previous?.eventSections(key) ?? parseTexts(this.stored?.get(key)) }));
      }
      return entry;
    };
    const place: Place = (m, part, name, make) => {
      const entry = entryOf(m.event);
      const owner = { key: entry.key, part, name };
      const kept = entry.kept?.[part].get(name);
      if (kept !== undefined) return new PlacedSection(kept, owner);
      if (entry.kept) return make();
      const made = (entry.made ??= noTexts());
      return new SectionToPlace(make(), (text) => made[part].set(name, text), owner);
    };
    const done = () => {
      for (const { key, kept, made } of entries.values()) {
        if (kept) this.thisRun.set(key, kept);
        else if (made) {
          this.thisRun.set(key, made);
          this.stored?.set(key, storedForm(made));
        }
      }
      this.lastRun = this.thisRun;
      this.thisRun = new Map();
    };
    return { place, done };
  }
}

export function noTexts(): Texts {
  return { channels: new Map(), schemas: new Map(), messages: new Map() };
}

/**
 * The texts as stored: a line of JSON indexing them (part, name, length), then the texts one after
 * another, so that reading them back slices the entry instead of parsing megabytes of JSON.
 */
function storedForm(texts: Texts): string {
  const index: Array<[SectionPart, string, number]> = [];
  const body: string[] = [];
  for (const part of PARTS) {
    for (const [name, text] of texts[part]) {
      index.push([part, name, text.length]);
      body.push(text);
    }
  }
  return `${JSON.stringify(index)}\n${body.join("")}`;
}

/** Stored texts, or nothing when the entry does not read as such (a damaged entry is made again). */
function parseTexts(entry: string | undefined): Texts | undefined {
  const newline = entry?.indexOf("\n") ?? -1;
  if (entry === undefined || newline < 0) return undefined;
  let index: unknown;
  try {
    index = JSON.parse(entry.slice(0, newline));
  } catch {
    return undefined;
  }
  if (!Array.isArray(index)) return undefined;
  const texts = noTexts();
  let at = newline + 1;
  for (const item of index as unknown[]) {
    if (!Array.isArray(item) || !PARTS.includes(item[0]) || typeof item[1] !== "string" || !Number.isSafeInteger(item[2]) || item[2] < 0) return undefined;
    const [part, name, length] = item as [SectionPart, string, number];
    if (at + length > entry.length) return undefined;
    texts[part].set(name, entry.slice(at, at + length));
    at += length;
  }
  return at === entry.length ? texts : undefined;
}
