/**
 * A JSON file's bytes as text, refused unless they are UTF-8 (RFC 8259 §8.1). Node's decoder puts
 * U+FFFD in place of every byte it cannot decode, silently: a schema saved as Latin-1 or UTF-16
 * would be read as something it never said, its generated docs and types holding "�", or a data
 * file given to `validate` reported valid. The check is node's own (buffer.isUtf8, native and
 * several times faster than the decoding after it): the registry's files are read on every edit
 * (npm run bench), so the position of a bad byte is worked out only when there is one.
 */
import { isUtf8 } from "node:buffer";
import { lineColumn } from "./json-file.js";

/** Why the bytes are not UTF-8 text, and where; worded as json-file.ts words a parse error. */
export interface NotUtf8 {
  message: string;
  line: number;
  column: number;
}

export function utf8Text(bytes: Buffer): string | NotUtf8 {
  const wide = wideEncoding(bytes);
  if (wide) return { message: `invalid JSON: the text is ${wide}, not UTF-8; save the file as UTF-8`, line: 1, column: 1 };
  const text = bytes.toString("utf8");
  if (isUtf8(bytes)) return text;
  return firstBadByte(bytes, text);
}

export function isNotUtf8(x: string | NotUtf8): x is NotUtf8 {
  return typeof x !== "string";
}

/**
 * UTF-16 or UTF-32, by its byte order mark or, without one, by where the NUL bytes of its first
 * character fall (RFC 4627 §3: a JSON text starts with an ASCII character). Without a mark, text
 * whose characters are all ASCII is valid UTF-8 byte for byte (NUL is a character), so isUtf8
 * alone lets it through to a parse that says no more than "invalid symbol" at 1:1.
 */
function wideEncoding(b: Buffer): "UTF-16" | "UTF-32" | undefined {
  if (b.length < 2) return undefined;
  if (b.length >= 4 && ((b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) || (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff))) return "UTF-32";
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return "UTF-16";
  if (b.length >= 4 && ((b[0] === 0 && b[1] === 0 && b[2] === 0) || (b[1] === 0 && b[2] === 0 && b[3] === 0))) return "UTF-32";
  if (b[0] === 0 || b[1] === 0) return "UTF-16";
  return undefined;
}

const REPLACEMENT = "\ufffd";
/** U+FFFD written in UTF-8: a replacement character the file itself holds, not one the decoder put in. */
const REPLACEMENT_BYTES = [0xef, 0xbf, 0xbd];

/**
 * The first U+FFFD of the decoded text that the bytes do not spell: everything before it decoded
 * exactly, so its byte offset is the UTF-8 length of the text before it.
 */
function firstBadByte(bytes: Buffer, text: string): NotUtf8 {
  let offset = 0;
  let from = 0;
  for (let at = text.indexOf(REPLACEMENT); at !== -1; at = text.indexOf(REPLACEMENT, at + 1)) {
    offset += Buffer.byteLength(text.slice(from, at), "utf8");
    from = at;
    if (REPLACEMENT_BYTES.every((b, i) => bytes[offset + i] === b)) continue;
    return { message: `invalid JSON: invalid UTF-8 (byte 0x${bytes[offset]!.toString(16).padStart(2, "0")}); save the file as UTF-8`, ...lineColumn(text, at) };
  }
  // isUtf8 said no, so the decoder replaced something; this is never reached.
  return { message: "invalid JSON: the text is not UTF-8; save the file as UTF-8", line: 1, column: 1 };
}
