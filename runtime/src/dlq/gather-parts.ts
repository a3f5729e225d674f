/**
 * Gathers the parts of dead letters written in parts (parts.ts) while the dead-letter stream is
 * read, into one record each: the record of the first part read (its sequence, its facts),
 * which, once every part is in, holds the original body and headers as a full copy does. A set
 * with a part missing, or whose joined bytes do not match their SHA-256, keeps an empty body
 * and says what is wrong in `parts.problem`; replay refuses it.
 *
 * Parts are gathered by their set (letter id, count, size, SHA-256), not by the try that wrote
 * them: a write refused half-way (a full stream) leaves its first parts stored, and the write
 * tried again after the duplicate window stores them again. Such a copy has the same bytes, so it
 * joins the one dead letter as a duplicate whose sequence replay deletes too, rather than
 * showing as a second, incomplete dead letter that could never be replayed nor removed.
 */
import { replayHeaders } from "./headers.js";
import { joinParts, missingParts, PART_HEADER, sameSet, splitOriginal, type Part, type PartSet } from "./parts.js";
import { plainBody, plainHeaders, toMsgHdrs, type BodyEncoding, type PlainHeaders } from "./plain-record.js";

/** What a dead letter written in parts says of its parts. */
export interface DeadLetterParts {
  count: number;
  /** Sequences of every part read, in stream order, a part stored twice included (replay deletes them all). */
  seqs: number[];
  /** Indexes (1-based) of parts not found. */
  missing: number[];
  /** Bytes of the original: its headers' wire form plus its body. */
  size: number;
  bodySize: number;
  headersSize: number;
  sha256: string;
  /** Why the original cannot be given back (a part missing, a digest mismatch); undefined when it can. */
  problem: string | undefined;
}

/** What gathering fills in of a dead letter's record (list.ts's DeadLetter). */
export interface GatheredRecord {
  seq: number;
  body: string;
  bodyEncoding: BodyEncoding;
  headers: PlainHeaders;
  parts: DeadLetterParts | undefined;
}

interface Gathering {
  set: PartSet;
  record: GatheredRecord;
  data: Array<Uint8Array | undefined>;
  seqs: number[];
}

export class PartGatherer {
  private readonly gatherings: Gathering[] = [];

  /** True while some dead letter read so far lacks a part. */
  get open(): boolean {
    return this.gatherings.some((g) => g.data.includes(undefined));
  }

  /**
   * Takes one part (its record as readDeadLetter made it); returns the record to list when the
   * part starts a dead letter (only if `mayStart`), undefined when it joins one already listed.
   */
  add<R extends GatheredRecord>(record: R, part: Part | Error, data: Uint8Array, mayStart: boolean): R | undefined {
    const joining = part instanceof Error ? undefined : this.joining(part);
    if (joining && !(part instanceof Error)) {
      joining.data[part.index - 1] ??= data;
      joining.seqs.push(record.seq);
      return undefined;
    }
    if (!mayStart) return undefined;
    if (part instanceof Error) {
      record.body = "";
      record.parts = { count: 0, seqs: [record.seq], missing: [], size: 0, bodySize: 0, headersSize: 0, sha256: "", problem: part.message };
      return record;
    }
    const g: Gathering = { set: part, record, data: new Array(part.count).fill(undefined), seqs: [record.seq] };
    g.data[part.index - 1] = data;
    this.gatherings.push(g);
    return record;
  }

  /** The dead letter this part belongs to. */
  private joining(part: Part): Gathering | undefined {
    return this.gatherings.find((g) => sameSet(g.set, part));
  }

  /** Fills in every record gathered: the original when complete, the problem when not. */
  finish(): void {
    for (const g of this.gatherings) {
      const joined = joinParts(g.set, g.data);
      const { set, record } = g;
      record.parts = {
        count: set.count,
        seqs: [...g.seqs].sort((a, b) => a - b),
        missing: missingParts(set, g.data),
        size: set.headersSize + set.bodySize,
        bodySize: set.bodySize,
        headersSize: set.headersSize,
        sha256: set.sha256,
        problem: joined instanceof Error ? joined.message : undefined,
      };
      if (joined instanceof Error) {
        record.body = "";
        record.bodyEncoding = "utf-8";
        continue;
      }
      const original = splitOriginal(joined, set.headersSize);
      const headers = replayHeaders(original.headers);
      const facts = toMsgHdrs(record.headers, (name) => name !== PART_HEADER.index);
      for (const key of facts.keys()) for (const value of facts.values(key)) headers.append(key, value);
      Object.assign(record, plainBody(original.body), { headers: plainHeaders(headers) });
    }
  }
}
