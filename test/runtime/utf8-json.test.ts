import { describe, expect, it } from "vitest";
import { JsonBytesError, parseJsonBytes } from "../../runtime/src/base/utf8-json.js";

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);

describe("parseJsonBytes: JSON from strict UTF-8", () => {
  it.each([
    { given: "JSON in UTF-8", input: text('{"name":"Zoë"}'), want: { name: "Zoë" } },
    { given: "an empty array", input: text("[]"), want: [] },
  ])("reads $given", ({ input, want }) => {
    expect(parseJsonBytes(input, "the body")).toEqual(want);
  });

  it.each([
    { given: "an invalid byte sequence (C3 28)", input: bytes(0x22, 0xc3, 0x28, 0x22), problem: "not-utf8", message: "the body is not UTF-8 text" },
    { given: "a lone continuation byte", input: bytes(0x22, 0x80, 0x22), problem: "not-utf8", message: "the body is not UTF-8 text" },
    { given: "a UTF-8 encoded surrogate (ED A0 80)", input: bytes(0x22, 0xed, 0xa0, 0x80, 0x22), problem: "not-utf8", message: "the body is not UTF-8 text" },
    { given: "text that is not JSON", input: text("{ nope"), problem: "not-json", message: "the body is not JSON" },
    { given: "no bytes", input: bytes(), problem: "not-json", message: "the body is not JSON" },
  ])("refuses $given", ({ input, problem, message }) => {
    const err = (() => {
      try {
        parseJsonBytes(input, "the body");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(JsonBytesError);
    expect((err as JsonBytesError).problem).toBe(problem);
    expect((err as Error).message).toContain(message);
  });
});
