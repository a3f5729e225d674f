/**
 * Cache keys (base/hash.ts): each part is framed by its length in UTF-8 bytes, so parts never run
 * into each other, and a string part hashes as its UTF-8 bytes would.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../generator/base/hash.js";

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
