/**
 * A dead letter's headers and bytes as plain, JSON-friendly values, so `listDeadLetters` results
 * can be logged, stored or sent as they are (`JSON.stringify` of nats.js MsgHdrs or a Uint8Array
 * gives the client's internals and a map of byte indexes).
 *
 * Headers: an object by header name (as sent); a header sent once is a string, a repeated header
 * an array of its values in order. Body: UTF-8 text when the bytes are valid UTF-8 (every JSON
 * event is), else base64; `bodyEncoding` says which.
 */
import { headers as createHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { strictUtf8 } from "../base/utf8-json.js";

export type PlainHeaders = Record<string, string | string[]>;
export type BodyEncoding = "utf-8" | "base64";

export function plainHeaders(h: MsgHdrs | undefined): PlainHeaders {
  const out: PlainHeaders = {};
  for (const key of h?.keys() ?? []) {
    const values = h!.values(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/** Values of a header by name, case-insensitively (NATS header names are). */
export function headerValues(h: PlainHeaders, name: string): string[] {
  const lower = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(h)) if (key.toLowerCase() === lower) values.push(...(Array.isArray(value) ? value : [value]));
  return values;
}

export function toMsgHdrs(h: PlainHeaders, keep: (name: string) => boolean = () => true): MsgHdrs {
  const out = createHeaders();
  for (const [key, value] of Object.entries(h)) {
    if (!keep(key)) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(key, v);
  }
  return out;
}


export function plainBody(bytes: Uint8Array): { body: string; bodyEncoding: BodyEncoding } {
  try {
    return { body: strictUtf8.decode(bytes), bodyEncoding: "utf-8" };
  } catch {
    return { body: Buffer.from(bytes).toString("base64"), bodyEncoding: "base64" };
  }
}

export function bodyBytes(letter: { body: string; bodyEncoding: BodyEncoding }): Uint8Array {
  return letter.bodyEncoding === "base64" ? new Uint8Array(Buffer.from(letter.body, "base64")) : new TextEncoder().encode(letter.body);
}
