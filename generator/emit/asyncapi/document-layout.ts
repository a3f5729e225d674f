/**
 * Where each section stands in the AsyncAPI document a run wrote, so that the next process takes
 * the unchanged sections from that document (which the output folder holds) instead of reading a
 * thousand cache entries: after an edit, every section but the edited event's is a slice of the
 * previous document, and the document is assembled from those slices and the few sections made.
 * Reading an event's sections from the cache (a key, a read and a digest check per event) was
 * most of the document's time in an edit process (docs/performance.md, the thirty-eighth round).
 *
 * The layout records, for the document it describes:
 * - each event's own sections (event-sections.ts): the event's section key, each section's part
 *   and name, and its place (offset, length) in the text;
 * - every other section (yaml-sections.ts's sections known by their JSON: info, the shared
 *   schemas, x-jetstream, the headings): where it was placed, the digest of its JSON, its place.
 * A section is taken from the previous document only under the key or the JSON it would be
 * looked up by in the cache, so the document is byte-identical to one assembled from the cache.
 *
 * Trust: the layout is stored under the digest of the document it describes; the document is read
 * from the output folder only while the output record says the file holds that digest and the
 * file read is the one recorded (its identity: size, time, inode, from the descriptor read), the
 * rule by which the writer already links unchanged files unread (write/recorded-output.ts). A
 * layout whose places do not fit the text read is not used (the cache serves as before).
 */
import { noTexts, PARTS, type SectionPart, type Texts } from "./event-sections.js";

/** Layouts beyond the process, by the digest of the document each describes. */
export interface LayoutStore {
  get(documentDigest: string): string | undefined;
  set(documentDigest: string, layout: string): void;
}

/** The document the output folder holds, as the record of the run that wrote it names it. */
export interface RecordedDocument {
  digest: string;
  /** Its text, or undefined when the file is no longer the one recorded. */
  text: string | undefined;
}

type Place = [offset: number, length: number];

/** Whose section a placed text is: the event's section key, and the section's part and name. */
export interface SectionOwner {
  key: string;
  part: SectionPart;
  name: string;
}

/** One event's sections in a layout: its key, then [part, name, offset, length] per section. */
type EventLine = [key: string, sections: Array<[SectionPart, string, number, number]>];

/** Any other section: [placement, digest of its JSON, offset, length]. */
type FrameLine = [placement: string, digest: string, offset: number, length: number];

interface LayoutJson {
  length: number;
  events: EventLine[];
  frames: FrameLine[];
}

/** Where the sections of the document being written land, recorded as yaml-sections.ts places them. */
export class DocumentLayout {
  private readonly events = new Map<string, EventLine[1]>();
  private readonly frames: FrameLine[] = [];

  /** A section of an event's own, under the event's section key. */
  event(key: string, part: SectionPart, name: string, offset: number, length: number): void {
    let sections = this.events.get(key);
    if (!sections) this.events.set(key, (sections = []));
    sections.push([part, name, offset, length]);
  }

  /** A section known by its JSON (`digest`: yaml-sections.ts's sectionDigest), placed by `placement` (its indent, or a heading's). */
  frame(placement: string, digest: string, offset: number, length: number): void {
    this.frames.push([placement, digest, offset, length]);
  }

  /** The layout of a document of `length` characters, as stored. */
  stored(length: number): string {
    const layout: LayoutJson = { length, events: [...this.events], frames: this.frames };
    return JSON.stringify(layout);
  }
}

/** The previous document and where its sections stand in it: its sections served by their keys. */
export class PreviousDocument {
  private constructor(
    private readonly text: string,
    private readonly events: Map<string, EventLine[1]>,
    private readonly frames: Map<string, Place>,
  ) {}

  /** The previous document with its layout, or undefined when either is missing or they do not fit each other. */
  static of(recorded: RecordedDocument | undefined, store: LayoutStore | undefined): PreviousDocument | undefined {
    const stored = recorded && store?.get(recorded.digest);
    const layout = stored === undefined ? undefined : parsed(stored);
    const text = recorded?.text;
    if (!layout || text === undefined || text.length !== layout.length) return undefined;
    // One pass over the lines, checking each as it is taken (an edit reads ~3 000 of them).
    const fits = (offset: unknown, length: unknown) => isCount(offset) && isCount(length) && offset + length <= text.length;
    const events = new Map<string, EventLine[1]>();
    for (const line of layout.events) {
      if (!Array.isArray(line) || typeof line[0] !== "string" || !Array.isArray(line[1])) return undefined;
      for (const section of line[1] as unknown[]) {
        if (!Array.isArray(section) || !PARTS.includes(section[0]) || typeof section[1] !== "string" || !fits(section[2], section[3])) return undefined;
      }
      events.set(line[0], line[1]);
    }
    const frames = new Map<string, Place>();
    for (const line of layout.frames) {
      if (!Array.isArray(line) || typeof line[0] !== "string" || typeof line[1] !== "string" || !fits(line[2], line[3])) return undefined;
      frames.set(frameKey(line[0], line[1]), [line[2], line[3]]);
    }
    return new PreviousDocument(text, events, frames);
  }

  /** The sections of the event whose section key is `key`, by part and name, as the previous document placed them. */
  eventSections(key: string): Texts | undefined {
    const sections = this.events.get(key);
    if (!sections) return undefined;
    const texts = noTexts();
    for (const [part, name, offset, length] of sections) texts[part].set(name, this.text.slice(offset, offset + length));
    return texts;
  }

  /** The text of the section whose JSON has `digest` (yaml-sections.ts's sectionDigest), placed by `placement`, as the previous document holds it. */
  frame(placement: string, digest: string): string | undefined {
    const place = this.frames.get(frameKey(placement, digest));
    return place && this.text.slice(place[0], place[0] + place[1]);
  }
}

function frameKey(placement: string, digest: string): string {
  return `${placement}\n${digest}`;
}

/** A stored layout's outline (its lines are checked as they are taken), or undefined when it does not read as one. */
function parsed(stored: string): { length: number; events: unknown[]; frames: unknown[] } | undefined {
  let layout: unknown;
  try {
    layout = JSON.parse(stored);
  } catch {
    return undefined;
  }
  if (typeof layout !== "object" || layout === null) return undefined;
  const { length, events, frames } = layout as Record<string, unknown>;
  return isCount(length) && Array.isArray(events) && Array.isArray(frames) ? { length, events, frames } : undefined;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/**
 * A separate process's layouts: the previous document's (read when the document is assembled)
 * and the one this run records, stored once the writer knows the new document's digest.
 */
export class DocumentLayouts {
  private laidOut?: string;

  constructor(
    private readonly store: LayoutStore,
    private readonly recorded?: RecordedDocument,
  ) {}

  /** The previous document with its layout, when the output and the cache both still hold them. */
  previous(): PreviousDocument | undefined {
    return PreviousDocument.of(this.recorded, this.store);
  }

  /** This run's layout, as DocumentLayout.stored gives it. */
  record(layout: string): void {
    this.laidOut = layout;
  }

  /** The document was written with `digest` (undefined: not known, nothing stored). */
  written(digest: string | undefined): void {
    if (digest !== undefined && this.laidOut !== undefined) this.store.set(digest, this.laidOut);
  }
}
