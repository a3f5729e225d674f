/** sha256 helpers for cache keys: parts are length-prefixed, so ("ab","c") and ("a","bc") differ. */
import { createHash, hash, type Hash } from "node:crypto";

/**
 * Up to this many characters of string parts, sha256 hashes them framed into one string, in one
 * call (crypto.hash): a Hash object and an update() per part cost more than the hashing of a few
 * hundred bytes, and an edit makes thousands of such keys (an event's inputs, its entries' keys).
 * The bytes hashed are the same either way.
 */
const ONE_CALL_CHARS = 16 * 1024;

export function sha256(...parts: Array<string | Buffer>): string {
  let chars = 0;
  for (const part of parts) {
    if (typeof part !== "string") return framed(createHash("sha256"), parts).digest("hex");
    chars += part.length;
  }
  if (chars > ONE_CALL_CHARS) return framed(createHash("sha256"), parts).digest("hex");
  let text = "";
  for (const part of parts as string[]) text += `${Buffer.byteLength(part, "utf8")}:${part}`;
  return hash("sha256", text, "hex");
}

/**
 * sha256 of `head` followed by each call's parts, as sha256(...head, ...parts), with `head`
 * hashed once and its state copied for each call: a cache key starts with the generator's
 * fingerprint, and a cold run makes tens of thousands of keys (creating a hash costs more than
 * hashing a short key).
 */
export function sha256After(...head: string[]): (...parts: Array<string | Buffer>) => string {
  const started = framed(createHash("sha256"), head);
  return (...parts) => framed(started.copy(), parts).digest("hex");
}

/** Each part into `h`, framed by its length in bytes. */
function framed(h: Hash, parts: Array<string | Buffer>): Hash {
  for (const part of parts) {
    // The length in bytes without a copy of the string: keys are made of megabytes of JSON.
    h.update(`${typeof part === "string" ? Buffer.byteLength(part, "utf8") : part.length}:`);
    h.update(part);
  }
  return h;
}

/**
 * sha256 of one buffer or string as is (no prefix): the digest of a file's content, of a cache
 * record's payload. One call, no Hash object (crypto.hash): an edit digests thousands of small
 * payloads and output files.
 */
export function digest(content: string | Buffer): string {
  return hash("sha256", content, "hex");
}

/** What every spelling of a value JSON cannot write starts with; a string starting with it gets a second one. */
const MARK = "\u0000";
const UNDEFINED = `${MARK}undefined`;

/**
 * JSON text that tells every two values a key can see apart: key order is kept (it decides the
 * order of emitted fields), and what JSON.stringify writes alike is spelled apart: `undefined`
 * (dropped, so `{ a: undefined }` and `{}` would match), `-0`, `NaN` and the infinities (written
 * `0` and `null`), a bigint (refused).
 */
export function exactJson(value: unknown): string {
  return JSON.stringify(value, spelledApart) ?? UNDEFINED;
}

/**
 * Data whose exactJson is `json` for sure when sameData (base/same-data.ts) finds it the same as
 * this: `json` read back, or undefined (the same as nothing) when `json` holds the mark anywhere
 * (written `\u0000`), since a value JSON would blur reads back as a string starting with the mark,
 * which a string could equal. Without the mark, every string and number read back is one
 * exactJson writes as it is, and sameData tells apart everything else JSON would blur.
 */
export function readBackExactJson(json: string): unknown {
  return json.includes("\\u0000") ? undefined : (JSON.parse(json) as unknown);
}

/** exactJson's replacer, for a caller that also checks each value (base/kept-by-inputs.ts). */
export function spelledApart(_key: string, v: unknown): unknown {
  if (v === undefined) return UNDEFINED;
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0) ? v : `${MARK}${Object.is(v, -0) ? "-0" : String(v)}`;
  if (typeof v === "bigint") return `${MARK}${v}n`;
  if (typeof v === "string" && v.startsWith(MARK)) return `${MARK}${v}`;
  return v;
}
