/**
 * A dead letter in parts: the form of a poison message too large to copy into one dead letter.
 * The original (its headers' wire form, then its body: one byte string, the "payload") is cut
 * into slices; each slice is one message on the dead-letter subject with the Dlq-* facts and
 *
 *   Dlq-Letter-Id              shared by every part (`<consumer>:<stream>:<seq>`)
 *   Dlq-Part-Index             1..count
 *   Dlq-Part-Count             how many parts the dead letter has (at most MAX_PARTS)
 *   Dlq-Original-Headers-Size  bytes of the original headers' wire form at the payload's start
 *   Dlq-Original-Size          the original body's size in bytes
 *   Dlq-Parts-Sha256           the SHA-256 (hex) of the whole payload; joining checks it
 *
 * Splitting and joining only; writing is write-parts.ts, reading back list.ts.
 */
import { MsgHdrsImpl, type MsgHdrs } from "@nats-io/transport-node";
import { DLQ_HEADER } from "./headers.js";
import { sha256Hex } from "./oversized.js";

/**
 * At most this many parts. An original is at most the server's max_payload (the server refused
 * it otherwise), and a part starts at nearly max_payload, so a dead-letter stream without a
 * max_msg_size of its own needs 2 parts; each size refusal halves the part, so 64 allows five
 * halvings (a stream storing 1/32 of max_payload) while bounding what one dead letter costs: 64
 * publishes to write, 64 messages to read back and hold while joining.
 */
export const MAX_PARTS = 64;

/** Parts smaller than this are not tried: the Dlq-* headers alone are about that size. */
export const MIN_PART_BYTES = 1024;

export const PART_HEADER = {
  letterId: "Dlq-Letter-Id",
  index: "Dlq-Part-Index",
  count: "Dlq-Part-Count",
  headersSize: "Dlq-Original-Headers-Size",
  sha256: "Dlq-Parts-Sha256",
} as const;

/** What every part of one dead letter says of the whole. */
export interface PartSet {
  letterId: string;
  count: number;
  /** Bytes of the original headers' wire form at the start of the payload (0: it had none). */
  headersSize: number;
  /** The original body's size. */
  bodySize: number;
  /** SHA-256 (hex) of the payload. */
  sha256: string;
}

export interface Part extends PartSet {
  index: number;
}

/** The original as one byte string: its headers' wire form (NATS/1.0 ...), then its body. */
export function joinOriginal(headers: MsgHdrs | undefined, body: Uint8Array): { payload: Uint8Array; headersSize: number } {
  const wire = wireForm(headers);
  const payload = new Uint8Array(wire.length + body.length);
  payload.set(wire, 0);
  payload.set(body, wire.length);
  return { payload, headersSize: wire.length };
}

/** The original headers and body back from a payload joinOriginal made. */
export function splitOriginal(payload: Uint8Array, headersSize: number): { headers: MsgHdrs | undefined; body: Uint8Array } {
  const headers = headersSize > 0 ? MsgHdrsImpl.decode(payload.subarray(0, headersSize)) : undefined;
  return { headers, body: payload.subarray(headersSize) };
}

/** The payload cut into slices of at most `partSize` bytes (one, empty, for an empty payload). */
export function slices(payload: Uint8Array, partSize: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < payload.length; at += partSize) out.push(payload.subarray(at, at + partSize));
  return out.length > 0 ? out : [payload];
}

export function partSetOf(letterId: string, payload: Uint8Array, headersSize: number, count: number): PartSet {
  return { letterId, count, headersSize, bodySize: payload.length - headersSize, sha256: sha256Hex(payload) };
}

/** Adds what makes `facts` (the Dlq-* headers of the dead letter) part `index` of `set`. */
export function setPartHeaders(facts: MsgHdrs, set: PartSet, index: number): MsgHdrs {
  facts.set(PART_HEADER.letterId, set.letterId);
  facts.set(PART_HEADER.index, String(index));
  facts.set(PART_HEADER.count, String(set.count));
  facts.set(PART_HEADER.headersSize, String(set.headersSize));
  facts.set(DLQ_HEADER.originalSize, String(set.bodySize));
  facts.set(PART_HEADER.sha256, set.sha256);
  return facts;
}

/**
 * The part a message's headers describe; undefined when it is not a part; an Error when it claims
 * to be one but its numbers are out of bounds (a hand-made or damaged message).
 */
export function readPart(headers: MsgHdrs | undefined): Part | Error | undefined {
  if (!headers?.has(PART_HEADER.letterId)) return undefined;
  const int = (name: string) => {
    const text = headers.has(name) ? headers.get(name) : "";
    return /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  };
  const part: Part = {
    letterId: headers.get(PART_HEADER.letterId),
    index: int(PART_HEADER.index),
    count: int(PART_HEADER.count),
    headersSize: int(PART_HEADER.headersSize),
    bodySize: int(DLQ_HEADER.originalSize),
    sha256: headers.has(PART_HEADER.sha256) ? headers.get(PART_HEADER.sha256) : "",
  };
  const sane =
    part.count >= 1 &&
    part.count <= MAX_PARTS &&
    part.index >= 1 &&
    part.index <= part.count &&
    part.headersSize >= 0 &&
    part.bodySize >= 0 &&
    /^[0-9a-f]{64}$/.test(part.sha256);
  return sane ? part : new Error(`a part of dead letter ${part.letterId} has bad ${PART_HEADER.index}/${PART_HEADER.count}/size headers`);
}

/** True when two parts belong to the same dead letter. */
export function sameSet(a: PartSet, b: PartSet): boolean {
  return a.letterId === b.letterId && a.count === b.count && a.sha256 === b.sha256 && a.headersSize === b.headersSize && a.bodySize === b.bodySize;
}

/**
 * The payload from every part's data, in index order (`data[i]` is part i + 1), checked against
 * the set's size and SHA-256; an Error saying what is wrong otherwise.
 */
export function joinParts(set: PartSet, data: ReadonlyArray<Uint8Array | undefined>): Uint8Array | Error {
  const missing = missingParts(set, data);
  if (missing.length > 0) return new Error(`part(s) ${missing.join(", ")} of ${set.count} missing`);
  const payload = Buffer.concat(data as Uint8Array[]);
  if (payload.length !== set.headersSize + set.bodySize) {
    return new Error(`the parts hold ${payload.length} bytes, expected ${set.headersSize + set.bodySize}`);
  }
  const digest = sha256Hex(payload);
  if (digest !== set.sha256) return new Error(`the parts' sha256 is ${digest}, expected ${set.sha256}`);
  return new Uint8Array(payload.buffer, payload.byteOffset, payload.length);
}

/** Indexes (1-based) of the parts not in `data`. */
export function missingParts(set: Pick<PartSet, "count">, data: ReadonlyArray<unknown>): number[] {
  const missing: number[] = [];
  for (let i = 0; i < set.count; i++) if (data[i] === undefined) missing.push(i + 1);
  return missing;
}

/** Bytes `headers` take on the wire (what counts against max_payload and JetStream's header limit). */
export function headersWireSize(headers: MsgHdrs): number {
  return wireForm(headers).length;
}

function wireForm(headers: MsgHdrs | undefined): Uint8Array {
  if (!headers || headers.keys().length === 0) return new Uint8Array(0);
  const copy = new MsgHdrsImpl();
  for (const key of headers.keys()) for (const value of headers.values(key)) copy.append(key, value);
  return copy.encode();
}
