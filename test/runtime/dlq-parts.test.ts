/**
 * runtime/src/dlq/parts.ts: the original (headers' wire form, then body) cut into parts and
 * joined back, and what a part's headers may claim: tables of given/want, no server needed.
 */
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { joinOriginal, joinParts, partSetOf, readPart, setPartHeaders, slices, splitOriginal } from "../../runtime/src/dlq/parts.js";
import { MAX_PARTS, PART_HEADER, sha256Hex } from "../../runtime/src/index.js";

function headersOf(entries: Array<[string, string]>): MsgHdrs {
  const h = natsHeaders();
  for (const [k, v] of entries) h.append(k, v);
  return h;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe("joinOriginal / splitOriginal give the original back", () => {
  const cases: Array<{ given: string; headers: MsgHdrs | undefined; body: Uint8Array }> = [
    { given: "no headers", headers: undefined, body: bytes('{"id":1}') },
    { given: "empty headers", headers: natsHeaders(), body: bytes("x") },
    { given: "a repeated header and a Nats-Msg-Id", headers: headersOf([["traceparent", "a"], ["traceparent", "b"], ["Nats-Msg-Id", "m-1"]]), body: bytes("{}") },
    { given: "a body that is not UTF-8, and an empty one", headers: headersOf([["X", "1"]]), body: new Uint8Array([0xff, 0x00, 0xfe]) },
    { given: "an empty body", headers: headersOf([["X", "1"]]), body: new Uint8Array(0) },
  ];
  it.each(cases)("$given", ({ headers, body }) => {
    const { payload, headersSize } = joinOriginal(headers, body);
    const back = splitOriginal(payload, headersSize);
    expect(Buffer.from(back.body).equals(Buffer.from(body))).toBe(true);
    const record = (h: MsgHdrs | undefined) => Object.fromEntries((h?.keys() ?? []).map((k) => [k, h!.values(k)]));
    expect(record(back.headers)).toEqual(record(headers));
  });
});

describe("slices", () => {
  const cases = [
    { given: "10 bytes in parts of 4", size: 10, partSize: 4, want: [4, 4, 2] },
    { given: "8 bytes in parts of 4", size: 8, partSize: 4, want: [4, 4] },
    { given: "3 bytes in parts of 4", size: 3, partSize: 4, want: [3] },
    { given: "0 bytes", size: 0, partSize: 4, want: [0] },
  ];
  it.each(cases)("$given → $want", ({ size, partSize, want }) => {
    expect(slices(new Uint8Array(size), partSize).map((s) => s.length)).toEqual(want);
  });
});

describe("readPart: what a part's headers may claim", () => {
  const payload = bytes("hello, world");
  const good = () => setPartHeaders(natsHeaders(), partSetOf("c:S:1", payload, 0, 2), 1);
  const cases: Array<{ given: string; change: (h: MsgHdrs) => void; want: "part" | "not a part" | "bad" }> = [
    { given: "a part as written", change: () => undefined, want: "part" },
    { given: "no Dlq-Letter-Id (a full copy)", change: (h) => h.delete(PART_HEADER.letterId), want: "not a part" },
    { given: "index 0", change: (h) => h.set(PART_HEADER.index, "0"), want: "bad" },
    { given: "index past the count", change: (h) => h.set(PART_HEADER.index, "3"), want: "bad" },
    { given: `a count over ${MAX_PARTS}`, change: (h) => h.set(PART_HEADER.count, String(MAX_PARTS + 1)), want: "bad" },
    { given: "a count that is not a number", change: (h) => h.set(PART_HEADER.count, "2e3"), want: "bad" },
    { given: "no SHA-256", change: (h) => h.delete(PART_HEADER.sha256), want: "bad" },
    { given: "a negative headers size", change: (h) => h.set(PART_HEADER.headersSize, "-1"), want: "bad" },
  ];
  it.each(cases)("$given → $want", ({ change, want }) => {
    const h = good();
    change(h);
    const part = readPart(h);
    expect(part === undefined ? "not a part" : part instanceof Error ? "bad" : "part").toBe(want);
  });
});

describe("joinParts checks what it joins", () => {
  const payload = bytes("hello, world");
  const set = partSetOf("c:S:1", payload, 0, 3);
  const [a, b, c] = slices(payload, 5);
  const cases: Array<{ given: string; data: Array<Uint8Array | undefined>; want: string }> = [
    { given: "every part", data: [a, b, c], want: "hello, world" },
    { given: "part 2 missing", data: [a, undefined, c], want: "part(s) 2 of 3 missing" },
    { given: "parts 1 and 3 missing", data: [undefined, b, undefined], want: "part(s) 1, 3 of 3 missing" },
    { given: "a part cut short", data: [a, b, c!.subarray(1)], want: "the parts hold 11 bytes, expected 12" },
    { given: "parts in the wrong order", data: [b, a, c], want: `the parts' sha256 is ${sha256Hex(bytes(", worhellold"))}, expected ${set.sha256}` },
  ];
  it.each(cases)("$given → $want", ({ data, want }) => {
    const joined = joinParts(set, data);
    expect(joined instanceof Error ? joined.message : new TextDecoder().decode(joined)).toBe(want);
  });
});
