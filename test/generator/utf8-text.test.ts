/**
 * utf8Text: bytes that are UTF-8 come back as their text, a U+FFFD the file itself holds among
 * them; any other bytes are refused with the line and column of the first one that is not UTF-8
 * (node's decoder would have put a U+FFFD there silently), and UTF-16 or UTF-32 text is named as
 * such, with or without its byte order mark.
 */
import { describe, expect, it } from "vitest";
import { utf8Text } from "../../generator/load/utf8-text.js";

const utf16 = (text: string, bom: boolean) => Buffer.from((bom ? "\ufeff" : "") + text, "utf16le");
const utf16be = (text: string) => utf16(text, true).swap16();
const utf32le = (text: string, bom: boolean) => Buffer.concat([...((bom ? "\ufeff" : "") + text)].map((c) => Buffer.from([c.codePointAt(0)!, 0, 0, 0])));

interface Case {
  given: string;
  bytes: Buffer;
  want: string | { message: RegExp; line: number; column: number };
}

const NOT_UTF8 = /^invalid JSON: invalid UTF-8 \(byte 0x[0-9a-f]{2}\); save the file as UTF-8$/;

const CASES: Case[] = [
  { given: "ASCII", bytes: Buffer.from('{"a": 1}'), want: '{"a": 1}' },
  { given: "two-, three- and four-byte characters", bytes: Buffer.from('{"a": "é€😀"}'), want: '{"a": "é€😀"}' },
  { given: "a U+FFFD the file holds (EF BF BD)", bytes: Buffer.from('{"a": "\ufffd"}'), want: '{"a": "\ufffd"}' },
  { given: "one byte", bytes: Buffer.from("1"), want: "1" },
  { given: "no bytes", bytes: Buffer.alloc(0), want: "" },
  {
    given: "a Latin-1 byte on the third line",
    bytes: Buffer.from('{\n  "a": 1,\n  "title": "Order \xff Placed"\n}', "latin1"),
    want: { message: /byte 0xff\)/, line: 3, column: 19 },
  },
  {
    given: "a bad byte after a U+FFFD the file holds",
    bytes: Buffer.concat([Buffer.from('{"a": "\ufffd", "b": "'), Buffer.from([0xfe]), Buffer.from('"}')]),
    want: { message: /byte 0xfe\)/, line: 1, column: 18 },
  },
  { given: "a truncated three-byte sequence", bytes: Buffer.from([0x22, 0xe2, 0x82, 0x22]), want: { message: /byte 0xe2\)/, line: 1, column: 2 } },
  { given: "EF BF followed by another byte", bytes: Buffer.from([0x22, 0xef, 0xbf, 0x41, 0x22]), want: { message: /byte 0xef\)/, line: 1, column: 2 } },
  { given: "an encoded surrogate (CESU-8)", bytes: Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), want: { message: /byte 0xed\)/, line: 1, column: 2 } },
  { given: "an overlong encoding of /", bytes: Buffer.from([0x22, 0xc0, 0xaf, 0x22]), want: { message: /byte 0xc0\)/, line: 1, column: 2 } },
  { given: "a lone continuation byte at the end", bytes: Buffer.from([0x31, 0x0a, 0x80]), want: { message: /byte 0x80\)/, line: 2, column: 1 } },
  { given: "UTF-16LE with its byte order mark", bytes: utf16('{"a": 1}', true), want: { message: /the text is UTF-16, not UTF-8/, line: 1, column: 1 } },
  { given: "UTF-16BE with its byte order mark", bytes: utf16be('{"a": 1}'), want: { message: /the text is UTF-16, not UTF-8/, line: 1, column: 1 } },
  { given: "UTF-16LE without a byte order mark", bytes: utf16('{"a": 1}', false), want: { message: /the text is UTF-16, not UTF-8/, line: 1, column: 1 } },
  { given: "UTF-16BE without a byte order mark", bytes: utf16('{"a": 1}', false).swap16(), want: { message: /the text is UTF-16, not UTF-8/, line: 1, column: 1 } },
  { given: "UTF-32LE with its byte order mark", bytes: utf32le('{"a": 1}', true), want: { message: /the text is UTF-32, not UTF-8/, line: 1, column: 1 } },
  { given: "UTF-32BE without a byte order mark", bytes: utf32le('{"a": 1}', false).swap32(), want: { message: /the text is UTF-32, not UTF-8/, line: 1, column: 1 } },
];

describe.each(CASES)("utf8Text given $given", ({ bytes, want }) => {
  it(typeof want === "string" ? "is the text" : "is refused with the position", () => {
    const got = utf8Text(bytes);
    if (typeof want === "string") expect(got).toBe(want);
    else {
      expect(got).toMatchObject({ line: want.line, column: want.column });
      expect(typeof got === "string" ? got : got.message).toMatch(want.message);
      if (want.message.source.startsWith("byte")) expect(typeof got === "string" ? got : got.message).toMatch(NOT_UTF8);
    }
  });
});
