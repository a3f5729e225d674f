/**
 * Header values of CloudEvents binary mode, as the CloudEvents NATS protocol binding (3.1.3.2)
 * prescribes: the attribute's canonical string, with space, `"`, `%` and every character outside
 * printable ASCII (U+0021–U+007E) percent-encoded as UTF-8 bytes. Everything else stays readable
 * (`ce-time: 2025-06-01T09:00:00.000Z`, not `%3A`-riddled as encodeURIComponent would make it).
 * The UTF-8 percent codec itself is the platform's (encode/decodeURIComponent), which also rejects
 * what the binding says to reject: lone surrogates, and invalid or overlong UTF-8 (`%C0%A0`).
 */

/** Characters the binding requires to be encoded; `u`: a surrogate pair is one character. */
const MUST_ENCODE = /[^\x21\x23\x24\x26-\x7E]/gu;
const NEEDS_ENCODING = /[^\x21\x23\x24\x26-\x7E]/u;

/** Throws URIError for a string with a lone surrogate (it has no UTF-8 form). */
export function encodeHeaderValue(value: string): string {
  return NEEDS_ENCODING.test(value) ? value.replace(MUST_ENCODE, (c) => encodeURIComponent(c)) : value;
}

/**
 * The attribute value of a header. A double-quoted value (RFC 7230 quoted-string, which older
 * senders produced) is unquoted first; then one round of percent-decoding, accepting lower-case
 * hex and needlessly encoded characters. Throws URIError for malformed input (a bare `%`, bytes
 * that are not UTF-8).
 */
export function decodeHeaderValue(raw: string): string {
  let value = raw;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    value = value.slice(1, -1).replace(/\\(.)/gsu, "$1");
  }
  return value.includes("%") ? decodeURIComponent(value) : value;
}
