/** sha256 helpers for cache keys: parts are length-prefixed, so ("ab","c") and ("a","bc") differ. */
import { createHash } from "node:crypto";

export function sha256(...parts: Array<string | Buffer>): string {
  const h = createHash("sha256");
  for (const part of parts) {
    // The length in bytes without a copy of the string: keys are made of megabytes of JSON.
    h.update(`${typeof part === "string" ? Buffer.byteLength(part, "utf8") : part.length}:`);
    h.update(part);
  }
  return h.digest("hex");
}

/** sha256 of one buffer or string as is (no prefix): the digest of a file's content. */
export function digest(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

const UNDEFINED = "\u0000undefined";

/**
 * JSON text that tells every value a key can see apart: key order is kept (it decides the order
 * of emitted fields), and `undefined` is spelled out instead of dropped, so `{ a: undefined }`
 * and `{}` get different keys even though JSON.stringify prints both as `{}`.
 */
export function exactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v === undefined ? UNDEFINED : typeof v === "bigint" ? `${v}n` : v)) ?? UNDEFINED;
}
