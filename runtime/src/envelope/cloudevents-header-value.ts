/**
 * Header values of CloudEvents binary mode, chosen to interoperate with the official SDKs.
 *
 * The NATS protocol binding (3.1.3.2) asks senders to percent-encode space, `"`, `%` and all
 * non-ASCII, but the SDKs' NATS bindings (sdk-go `protocol/nats`, `nats_jetstream`) and the
 * JavaScript SDK's header mapping neither encode nor decode: they send and read the attribute's
 * string as it is. jetschema therefore sends the string as it is too (UTF-8, spaces included) and
 * percent-encodes only what a NATS header cannot carry or a reader would misread: control
 * characters, whitespace at either end (NATS trims it), a `%` followed by two hex digits (it would
 * read as an escape) and the opening `"` of a value in quotes (it would read as a quoted string).
 *
 * Reading accepts both: quoted strings are unquoted, each run of `%XX` escapes is decoded as UTF-8
 * (lower-case hex and needless escapes too), and a `%` that starts no escape is a literal `%`.
 * An escape run that is not UTF-8 (`%C0%A0`, overlong) is rejected, as the binding requires.
 */

/** Characters jetschema encodes: control characters, and a `%` that would read as an escape. */
const MUST_ENCODE = /[\u0000-\u001F\u007F-\u009F]|%(?=[0-9A-Fa-f]{2})/gu;
const EDGE_WHITESPACE = /^ +| +$/g;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/** Throws URIError for a string with a lone surrogate (it has no UTF-8 form). */
export function encodeHeaderValue(value: string): string {
  if (LONE_SURROGATE.test(value)) throw new URIError("the value has a lone surrogate, which has no UTF-8 form");
  let encoded = value.replace(MUST_ENCODE, (c) => encodeURIComponent(c)).replace(EDGE_WHITESPACE, (s) => "%20".repeat(s.length));
  if (encoded.length >= 2 && encoded.startsWith('"') && encoded.endsWith('"')) encoded = `%22${encoded.slice(1)}`;
  return encoded;
}

/**
 * The attribute value of a header. A double-quoted value (RFC 7230 quoted-string, which older
 * senders produced) is unquoted first; then one round of percent-decoding. Throws URIError when an
 * escape run is not UTF-8.
 */
export function decodeHeaderValue(raw: string): string {
  let value = raw;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    value = value.slice(1, -1).replace(/\\(.)/gsu, "$1");
  }
  return value.includes("%") ? value.replace(ESCAPE_RUN, (run) => decodeURIComponent(run)) : value;
}
