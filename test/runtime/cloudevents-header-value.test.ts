/**
 * Header values of CloudEvents binary mode: what jetschema sends (the attribute's string as the
 * official SDKs send and read it, encoding only what a NATS header cannot carry or what a reader
 * would mistake for an escape) and what it accepts (the binding's percent-encoding and quoted
 * strings, and the SDKs' raw values, a literal `%` included). No server needed.
 */
import { describe, expect, it } from "vitest";
import { decodeHeaderValue, encodeHeaderValue } from "../../runtime/src/index.js";

describe("encodeHeaderValue", () => {
  it.each([
    { given: "usr 01/é", want: "usr 01/é", why: "spaces and non-ASCII travel as UTF-8, as the SDKs send them" },
    { given: "req 7", want: "req 7", why: "inner spaces stay" },
    { given: "Euro € 😀", want: "Euro € 😀", why: "the binding's example, readable" },
    { given: "50% off", want: "50% off", why: "a % that starts no escape stays" },
    { given: "100%25", want: "100%2525", why: "a % that would read as an escape is encoded" },
    { given: "line\r\nbreak\ttab\u007f", want: "line%0D%0Abreak%09tab%7F", why: "control characters cannot travel in a header" },
    { given: " padded ", want: "%20padded%20", why: "NATS trims whitespace around a header value" },
    { given: '"quoted"', want: '%22quoted"', why: "a value in quotes would be unquoted by a binding reader" },
    { given: 'say "hi" now', want: 'say "hi" now', why: "inner quotes stay" },
    { given: '{"k":"v w"}', want: '{"k":"v w"}', why: "JSON text (an object attribute) stays readable" },
    { given: "2025-06-01T09:00:00.000Z", want: "2025-06-01T09:00:00.000Z", why: "timestamps untouched" },
  ])("$why: $given", ({ given, want }) => {
    expect(encodeHeaderValue(given)).toBe(want);
  });

  it("refuses a lone surrogate (no UTF-8 form)", () => {
    expect(() => encodeHeaderValue("bad \uD800")).toThrow(URIError);
  });
});

describe("decodeHeaderValue", () => {
  it("reverses the encoding, for every kind of character", () => {
    for (const s of ["Euro € 😀", 'a "b" 100%', "100%25", "%41", "plain", "", '{"k":"v w"}', "日本語", "\u0000\u001f", " x ", '"q"', "50% off"]) {
      expect(decodeHeaderValue(encodeHeaderValue(s))).toBe(s);
    }
  });

  it.each([
    { given: "Euro%20%E2%82%AC%20%F0%9F%98%80", want: "Euro € 😀", why: "the binding's percent-encoding" },
    { given: "euro%e2%82%ac", want: "euro€", why: "lower-case hex" },
    { given: "%61%62c", want: "abc", why: "needlessly encoded characters" },
    { given: '"hello world"', want: "hello world", why: "quoted strings of older senders" },
    { given: '"say \\"hi\\""', want: 'say "hi"', why: "backslash escapes in quoted strings" },
    { given: "50% off", want: "50% off", why: "an SDK's literal % (not followed by two hex digits)" },
    { given: "100%", want: "100%", why: "a trailing %" },
    { given: "%ZZ top", want: "%ZZ top", why: "% before non-hex" },
    { given: "usr 01/é", want: "usr 01/é", why: "raw UTF-8 from an SDK" },
  ])("accepts $why: $given", ({ given, want }) => {
    expect(decodeHeaderValue(given)).toBe(want);
  });

  it("rejects escapes that are not UTF-8 (overlong encodings, stray continuation bytes)", () => {
    expect(() => decodeHeaderValue("%C0%A0")).toThrow(URIError);
    expect(() => decodeHeaderValue("a%80b")).toThrow(URIError);
  });
});
