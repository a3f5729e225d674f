/**
 * Cache keys (base/hash.ts): each part is framed by its length in UTF-8 bytes, so parts never run
 * into each other, and a string part hashes as its UTF-8 bytes would; exactJson writes two values
 * alike only when they are the same.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { digest, exactJson, sha256, sha256After } from "../../generator/base/hash.js";

/** The framing written out by hand: `<bytes>:` then the bytes, for every part. */
function framed(parts: Buffer[]): string {
  const h = createHash("sha256");
  for (const part of parts) h.update(Buffer.concat([Buffer.from(`${part.length}:`), part]));
  return h.digest("hex");
}

describe("sha256 of parts", () => {
  const cases: Array<{ given: Array<string | Buffer>; bytes: Buffer[] }> = [
    { given: ["ab", "c"], bytes: [Buffer.from("ab"), Buffer.from("c")] },
    { given: ["a", "bc"], bytes: [Buffer.from("a"), Buffer.from("bc")] },
    { given: ["—≥é", "😀"], bytes: [Buffer.from("—≥é", "utf8"), Buffer.from("😀", "utf8")] },
    { given: [Buffer.from([0, 255]), ""], bytes: [Buffer.from([0, 255]), Buffer.alloc(0)] },
    // Short string parts are hashed framed in one string, long ones part by part: the same bytes either way.
    { given: ["é".repeat(9000), "😀"], bytes: [Buffer.from("é".repeat(9000), "utf8"), Buffer.from("😀", "utf8")] },
    { given: ["a".repeat(16 * 1024), ""], bytes: [Buffer.from("a".repeat(16 * 1024)), Buffer.alloc(0)] },
    { given: ["a".repeat(16 * 1024), "b"], bytes: [Buffer.from("a".repeat(16 * 1024)), Buffer.from("b")] },
    { given: ["5:", "", "0:"], bytes: [Buffer.from("5:"), Buffer.alloc(0), Buffer.from("0:")] },
  ];
  for (const { given, bytes } of cases) {
    it(`${JSON.stringify(given.map(String))}: framed by byte lengths`, () => {
      expect(sha256(...given)).toBe(framed(bytes));
    });
  }
  it("parts never run into each other", () => {
    expect(sha256("ab", "c")).not.toBe(sha256("a", "bc"));
  });
});

describe("digest: sha256 of the content as it is", () => {
  const cases: Array<{ given: string | Buffer; bytes: Buffer }> = [
    { given: "", bytes: Buffer.alloc(0) },
    { given: "—≥é😀", bytes: Buffer.from("—≥é😀", "utf8") },
    { given: Buffer.from([0, 255, 10]), bytes: Buffer.from([0, 255, 10]) },
  ];
  it.each(cases)("$given: as createHash digests its bytes", ({ given, bytes }) => {
    expect(digest(given)).toBe(createHash("sha256").update(bytes).digest("hex"));
  });
});

describe("sha256After: a head hashed once", () => {
  const cases: Array<{ head: string[]; calls: Array<Array<string | Buffer>> }> = [
    { head: ["fingerprint"], calls: [["pages", "k1"], ["pages", "k2"], ["types", "Name", "{}"]] },
    { head: ["ab"], calls: [["c"], [], ["c"]] },
    { head: [], calls: [["x"], ["—≥é", Buffer.from([0, 255])]] },
  ];
  // Each call as sha256 of head and parts, the second and third too: the head's state is copied for a call, not used up by it.
  it.each(cases)("$head then $calls.length calls: as sha256 of head and parts, every call", ({ head, calls }) => {
    const after = sha256After(...head);
    for (const parts of calls) expect(after(...parts)).toBe(sha256(...head, ...parts));
  });
});

describe("exactJson", () => {
  /** Pairs JSON.stringify writes alike (or refuses), which a key must tell apart. */
  const apart: Array<{ given: string; a: unknown; b: unknown }> = [
    { given: "0 and -0", a: { n: 0 }, b: { n: -0 } },
    { given: "a member undefined and a member missing", a: { a: 1, b: undefined }, b: { a: 1 } },
    { given: "an item undefined and null", a: [undefined], b: [null] },
    { given: "NaN and null", a: [Number.NaN], b: [null] },
    { given: "Infinity and -Infinity", a: [Number.POSITIVE_INFINITY], b: [Number.NEGATIVE_INFINITY] },
    { given: "a bigint and the string it would be spelled as", a: [1n], b: ["\u00001n"] },
    { given: "undefined and the string that spells it", a: undefined, b: "\u0000undefined" },
    { given: "-0 and the string that spells it", a: [-0], b: ["\u0000-0"] },
    { given: "the same members in another order", a: { a: 1, b: 2 }, b: { b: 2, a: 1 } },
  ];
  it.each(apart)("$given: apart", ({ a, b }) => {
    expect(exactJson(a)).not.toBe(exactJson(b));
  });

  it("writes plain JSON as JSON.stringify does", () => {
    const value = { a: [1, "x", null, true], b: { c: -1.5e-7 }, d: "\u0001" };
    expect(exactJson(value)).toBe(JSON.stringify(value));
  });
});
