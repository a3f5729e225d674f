/**
 * CloudEvents binary content mode over NATS (CloudEvents NATS protocol binding, 3.1): every
 * attribute but `data` travels as a header `ce-<attribute>`, and the body is `data` alone.
 *
 * The envelope itself is built and validated exactly as in structured mode; this file only moves
 * its properties between body and headers, so publish and consume check the same object either way.
 *
 * Header values: a string attribute is the string; an attribute whose schema does not guarantee a
 * string (`jsonAttributes`: an object `metadata`, an integer) is its JSON text — which for the
 * CloudEvents Integer and Boolean types is their canonical string anyway. Both travel as the
 * official SDKs send and read header values (cloudevents-header-value.ts).
 */
import { Match, type MsgHdrs } from "@nats-io/transport-node";
import type { EnvelopeDescriptor } from "../base/descriptor.js";
import { decodeHeaderValue, encodeHeaderValue } from "./cloudevents-header-value.js";
import { CONTENT_TYPE_HEADER, JSON_CONTENT_TYPE } from "./headers.js";
import { parseJsonBytes } from "../base/utf8-json.js";

export const CE_HEADER_PREFIX = "ce-";
/** A message carrying this header is a binary-mode CloudEvent; structured messages never have it. */
export const SPECVERSION_HEADER = "ce-specversion";
/** The structured-mode Content-Type: the binding's marker that the body is a whole CloudEvent. */
export const CLOUDEVENTS_JSON_CONTENT_TYPE = "application/cloudevents+json";
/** CloudEvents 1.0 REQUIRED attributes; a binary message missing one is not a CloudEvent. */
const REQUIRED_ATTRIBUTES = ["specversion", "id", "source", "type"] as const;
const DATACONTENTTYPE = "datacontenttype";

/** What binary encoding needs to know about an envelope; built once per envelope descriptor. */
export interface BinaryCodec {
  /** Attributes carried as JSON text. */
  readonly json: ReadonlySet<string>;
  /** The envelope property holding the payload (the body in binary mode). */
  readonly dataField: string;
  /** The envelope has a `datacontenttype` attribute (filled from Content-Type if no ce- header). */
  readonly hasDataContentType: boolean;
}

/** A CloudEvent, in either content mode, that cannot be turned into an envelope. */
export class CloudEventDecodeError extends Error {
  override name = "CloudEventDecodeError";
}

/** A binary-mode message that cannot be turned into an envelope. */
export class BinaryDecodeError extends CloudEventDecodeError {
  override name = "BinaryDecodeError";
}

const codecs = new WeakMap<EnvelopeDescriptor, BinaryCodec>();

/** The codec of a CloudEvents envelope; undefined when registry.json does not declare one. */
export function binaryCodec(envelope: EnvelopeDescriptor): BinaryCodec | undefined {
  if (envelope.cloudEvents === undefined) return undefined;
  let codec = codecs.get(envelope);
  if (codec === undefined) {
    codec = {
      json: new Set(envelope.cloudEvents.jsonAttributes),
      dataField: envelope.fields.data,
      hasDataContentType: envelope.context.some((c) => c.name === DATACONTENTTYPE),
    };
    codecs.set(envelope, codec);
  }
  return codec;
}

const encoder = new TextEncoder();

/**
 * Moves a built (already validated) envelope into `headers` and a body. Content-Type is the data's
 * media type (`datacontenttype`, else application/json), as HTTP-style readers expect; the binding's
 * own `ce-datacontenttype` is written like every other attribute.
 */
export function encodeBinary(
  codec: BinaryCodec,
  envelope: Record<string, unknown>,
  headers: MsgHdrs,
): { body: Uint8Array; headers: MsgHdrs } {
  for (const name in envelope) {
    const value = envelope[name];
    if (name === codec.dataField || value === undefined) continue;
    const text = typeof value === "string" && !codec.json.has(name) ? value : JSON.stringify(value);
    try {
      headers.set(CE_HEADER_PREFIX + name, encodeHeaderValue(text));
    } catch (err) {
      throw new TypeError(`CloudEvents attribute "${name}" cannot travel as a header: ${(err as Error).message}`, { cause: err });
    }
  }
  const contentType = envelope[DATACONTENTTYPE];
  headers.set(CONTENT_TYPE_HEADER, typeof contentType === "string" ? contentType : JSON_CONTENT_TYPE);
  return { body: encoder.encode(JSON.stringify(envelope[codec.dataField])), headers };
}

/**
 * True for a binary-mode CloudEvent. Header names are case-insensitive (NATS ADR-4); one pass over
 * the few header names, comparing lengths first, keeps this cheap for structured messages.
 */
export function isBinaryMessage(headers: MsgHdrs | undefined): headers is MsgHdrs {
  if (headers === undefined) return false;
  for (const key of headers.keys()) {
    if (key.length === SPECVERSION_HEADER.length && key.toLowerCase() === SPECVERSION_HEADER) return true;
  }
  return false;
}

/**
 * Rebuilds the envelope a structured message would have carried: one property per `ce-` header
 * (names lower-cased; attributes the envelope does not declare are kept, for its schema to judge),
 * and the JSON body as `data` (an empty body: no data). Throws BinaryDecodeError.
 */
export function decodeBinary(codec: BinaryCodec, headers: MsgHdrs, body: Uint8Array): Record<string, unknown> {
  const envelope: Record<string, unknown> = {};
  for (const key of headers.keys()) {
    if (key.length <= CE_HEADER_PREFIX.length || key.slice(0, CE_HEADER_PREFIX.length).toLowerCase() !== CE_HEADER_PREFIX) continue;
    const name = key.slice(CE_HEADER_PREFIX.length).toLowerCase();
    if (name === codec.dataField) continue; // data is the body, never a header
    const raw = headers.get(key);
    let text: string;
    try {
      text = decodeHeaderValue(raw);
    } catch {
      throw new BinaryDecodeError(`header ${key} (${JSON.stringify(raw)}) is not valid percent-encoded UTF-8`);
    }
    if (!codec.json.has(name)) {
      envelope[name] = text;
      continue;
    }
    try {
      envelope[name] = JSON.parse(text);
    } catch (err) {
      throw new BinaryDecodeError(`header ${key} is not JSON text (the attribute "${name}" travels as JSON): ${(err as Error).message}`);
    }
  }
  const missing = REQUIRED_ATTRIBUTES.filter((a) => envelope[a] === undefined);
  if (missing.length > 0) {
    throw new BinaryDecodeError(
      `binary-mode CloudEvent without the required header${missing.length > 1 ? "s" : ""} ${missing.map((a) => CE_HEADER_PREFIX + a).join(", ")}`,
    );
  }
  if (codec.hasDataContentType && envelope[DATACONTENTTYPE] === undefined) {
    const contentType = headers.get(CONTENT_TYPE_HEADER, Match.IgnoreCase);
    if (contentType !== "") envelope[DATACONTENTTYPE] = contentType;
  }
  if (body.length > 0) {
    try {
      envelope[codec.dataField] = parseJsonBytes(body, "the body (the event's data)");
    } catch (err) {
      throw new BinaryDecodeError((err as Error).message);
    }
  }
  return envelope;
}
