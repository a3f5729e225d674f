/**
 * The AsyncAPI document stringified section by section, each section (a channel, an operation, a
 * component) remembered by its JSON, for a long-lived process (`generate --watch`): after an edit
 * only the sections that changed are stringified again, and stringifying was most of a watch save.
 * Given a SectionStore (the generator cache's "asyncapi-yaml" entries), a section not remembered
 * is looked up there before it is stringified, so a process of its own after an edit stringifies
 * only the changed sections too.
 *
 * Byte-identical to one `stringify` of the whole document for the options the emitter uses (no
 * aliases, no line folding): a block mapping's entries are independent of their siblings, and a
 * nested entry is its top-level text indented by two spaces per level (blank lines, which occur
 * only inside block scalars, carry no indentation). test/asyncapi/yaml-sections.test.ts compares both.
 */

import { sha256 } from "../../base/hash.js";
import type { DocumentLayout, PreviousDocument, SectionOwner } from "./document-layout.js";

/** One section (`{ key: value }`) as YAML, as the document's writer writes it at the top level. */
export type SectionWriter = (section: Record<string, unknown>) => string;

/** Section texts kept beyond the process, by the section's JSON. */
export interface SectionStore {
  get(json: string): string | undefined;
  set(json: string, text: string): void;
  /** The section of `json` was taken from memory: its entry is still used (cache/remembering-store.ts). */
  keep?(json: string): void;
  /** This run marks what it takes from memory as used: a section known by its frozen value is then known by its JSON. */
  marking?(): boolean;
}

/** A section whose text, as placed in the document, is known already (emit/asyncapi/event-sections.ts): taken as it is. */
export class PlacedSection {
  constructor(
    readonly text: string,
    readonly owner?: SectionOwner,
  ) {}
}

/** A section to make as any other, whose text as placed is then handed to `made` (to be kept by event-sections.ts). */
export class SectionToPlace {
  constructor(
    readonly value: unknown,
    readonly made: (text: string) => void,
    readonly owner?: SectionOwner,
  ) {}
}

/** What one document is written with besides its data: the previous document to take sections from, the layout to record. */
export interface AroundDocument {
  previous?: PreviousDocument;
  layout?: DocumentLayout;
}

/**
 * Section text by the section's JSON; what the latest document did not use is let go. A section
 * whose value is a frozen object (a schema's AsyncAPI form kept by kept-schema-forms.ts) is known
 * by that object and its key, without making its JSON: a frozen value cannot have changed. A
 * section is kept as placed (indented for its depth), and a document made of the very texts of
 * the last one is the last one's string: the output's comparison with what was written last is
 * then one pointer comparison instead of a walk over megabytes (write/output-dir.ts).
 */
export class YamlSections {
  private lastRun = new Placed();
  private thisRun = new Placed();
  private lastRunFrozen = new Map<object, Map<string, string>>();
  private thisRunFrozen = new Map<object, Map<string, string>>();
  private lastPieces: string[] = [];
  private lastText = "";
  /** While a document is written: what surrounds it, and how many characters its pieces hold so far. */
  private around: AroundDocument = {};
  private at = 0;

  constructor(
    private readonly write: SectionWriter,
    private readonly stored?: SectionStore,
  ) {}

  /**
   * `head` followed by the document's YAML; `depth`: how many levels of mappings are split into
   * sections; `around`: sections known by their JSON are taken from `previous` when it holds them,
   * and where every section lands goes to `layout` (document-layout.ts).
   */
  stringify(doc: Record<string, unknown>, head = "", depth = 3, around: AroundDocument = {}): string {
    const pieces = [head];
    this.around = around;
    this.at = head.length;
    try {
      this.mapping(doc, depth, "", pieces);
    } finally {
      this.around = {};
    }
    const text = sameTexts(pieces, this.lastPieces) ? this.lastText : pieces.join("");
    this.lastPieces = pieces;
    this.lastText = text;
    this.lastRun = this.thisRun;
    this.thisRun = new Placed();
    this.lastRunFrozen = this.thisRunFrozen;
    this.thisRunFrozen = new Map();
    return text;
  }

  private mapping(value: Record<string, unknown>, depth: number, indent: string, pieces: string[]): void {
    for (const [key, entry] of Object.entries(value)) {
      if (entry instanceof PlacedSection) this.push(pieces, entry.text, entry.owner);
      else if (entry instanceof SectionToPlace) {
        const placed = this.section(key, entry.value, indent, false);
        entry.made(placed);
        this.push(pieces, placed, entry.owner);
      } else if (depth > 1 && isNonEmptyMapping(entry)) {
        this.push(pieces, this.remembered({ [key]: {} }, `head${indent}`, (text) => indent + text.replace(/ \{\}\n$/, "\n"), true));
        this.mapping(entry, depth - 1, indent + "  ", pieces);
      } else {
        this.push(pieces, this.section(key, entry, indent, true));
      }
    }
  }

  /** `text` as the document's next piece; an event's own section goes to the layout under its owner. */
  private push(pieces: string[], text: string, owner?: SectionOwner): void {
    if (owner) this.around.layout?.event(owner.key, owner.part, owner.name, this.at, text.length);
    pieces.push(text);
    this.at += text.length;
  }

  /** The section `{ [key]: value }` placed at `indent`; `framed`: known by its JSON in the layout (not an event's own). */
  private section(key: string, value: unknown, indent: string, framed: boolean): string {
    return isFrozenObject(value) ? this.rememberedFrozen(key, value, indent, framed) : this.remembered({ [key]: value }, indent, (text) => indented(text, indent), framed);
  }

  /**
   * The section's text placed by `place` (`placement` names it), by the section's JSON; `framed`:
   * it is the next piece of the document, looked up in the previous document and recorded in the
   * layout by its JSON.
   */
  private remembered(section: Record<string, unknown>, placement: string, place: (text: string) => string, framed = false): string {
    const json = JSON.stringify(section, keepNegativeZero);
    // Hashed once for both the previous document's lookup and this document's layout.
    const digest = framed && (this.around.previous || this.around.layout) ? sectionDigest(json) : undefined;
    let text = this.thisRun.get(placement, json) ?? this.lastRun.get(placement, json);
    if (text !== undefined) this.stored?.keep?.(json);
    // Taken from the previous document, the cache's entry is not read: it ages as a section no run asks for.
    else if (digest !== undefined) text = this.around.previous?.frame(placement, digest);
    if (text === undefined) {
      let plain = this.stored?.get(json);
      if (plain === undefined) {
        plain = this.write(section);
        this.stored?.set(json, plain);
      }
      text = place(plain);
    }
    this.thisRun.set(placement, json, text);
    if (digest !== undefined) this.around.layout?.frame(placement, digest, this.at, text.length);
    return text;
  }

  /** The section `{ [key]: value }` indented by `indent`, known by the frozen value, its key and the indent. */
  private rememberedFrozen(key: string, value: object, indent: string, framed: boolean): string {
    const at = `${indent.length}:${key}`;
    const byKey = this.thisRunFrozen.get(value) ?? new Map<string, string>();
    this.thisRunFrozen.set(value, byKey);
    const known = this.stored?.marking?.() ? undefined : (byKey.get(at) ?? this.lastRunFrozen.get(value)?.get(at));
    const text = known ?? this.remembered({ [key]: value }, indent, (plain) => indented(plain, indent), framed);
    byKey.set(at, text);
    return text;
  }
}

/** Placed section texts by placement, then by the section's JSON (no key joined from the two: a JSON can be long). */
class Placed {
  private readonly byPlacement = new Map<string, Map<string, string>>();
  get(placement: string, json: string): string | undefined {
    return this.byPlacement.get(placement)?.get(json);
  }
  set(placement: string, json: string, text: string): void {
    let texts = this.byPlacement.get(placement);
    if (!texts) this.byPlacement.set(placement, (texts = new Map()));
    texts.set(json, text);
  }
}

/** A section known by its JSON, as a document's layout names it (document-layout.ts). */
function sectionDigest(json: string): string {
  return sha256("asyncapi section", json);
}

function sameTexts(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((text, i) => text === b[i]);
}

function isFrozenObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && Object.isFrozen(value);
}

/** JSON writes -0 as 0, YAML as -0: two sections differing only there must not share a text. */
function keepNegativeZero(_key: string, value: unknown): unknown {
  return value === 0 && Object.is(value, -0) ? "\u0000-0" : value;
}

function isNonEmptyMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
}

function indented(text: string, indent: string): string {
  return indent === "" ? text : text.replace(/^(?=.)/gm, indent);
}
