/**
 * Header values of CloudEvents binary mode (NATS protocol binding 3.1.3.2): what must be
 * percent-encoded, what must be accepted and rejected when decoding. No server needed.
 */
import { describe, expect, it } from "vitest";
import { decodeHeaderValue, encodeHeaderValue } from "../../runtime/src/index.js";

describe("encodeHeaderValue", () => {
  it("encodes the binding's example exactly", () => {
    expect(encodeHeaderValue("Euro € 😀")).toBe("Euro%20%E2%82%AC%20%F0%9F%98%80");
  });

  it("encodes space, double quote, percent and control characters; leaves other printable ASCII readable", () => {
    expect(encodeHeaderValue('a "b" 100%')).toBe("a%20%22b%22%20100%25");
    expect(encodeHeaderValue("line\r\nbreak\ttab\u007f")).toBe("line%0D%0Abreak%09tab%7F");
    const printable = "2025-06-01T09:00:00.000Z/{x:1},[y];=?&+#$@!~*'()<>\\^`|";
    expect(encodeHeaderValue(printable)).toBe(printable);
  });

  it("refuses a lone surrogate (no UTF-8 form)", () => {
    expect(() => encodeHeaderValue("bad \uD800")).toThrow(URIError);
  });
});

describe("decodeHeaderValue", () => {
  it("reverses the encoding, for every kind of character", () => {
    for (const s of ["Euro € 😀", 'a "b" 100%', "plain", "", "{\"k\":\"v w\"}", "日本語", "\u0000\u001f"]) {
      expect(decodeHeaderValue(encodeHeaderValue(s))).toBe(s);
    }
  });

  it("accepts lower-case hex and needlessly encoded characters", () => {
    expect(decodeHeaderValue("euro%e2%82%ac")).toBe("euro€");
    expect(decodeHeaderValue("%61%62c")).toBe("abc");
  });

  it("unquotes double-quoted values of older senders, backslash escapes included", () => {
    expect(decodeHeaderValue('"hello world"')).toBe("hello world");
    expect(decodeHeaderValue('"say \\"hi\\""')).toBe('say "hi"');
  });

  it("rejects invalid UTF-8 (overlong encodings) and malformed percent sequences", () => {
    expect(() => decodeHeaderValue("%C0%A0")).toThrow(URIError);
    expect(() => decodeHeaderValue("100%")).toThrow(URIError);
    expect(() => decodeHeaderValue("%ZZ")).toThrow(URIError);
  });
});
