/** Counts with thousands separators (emit/print/thousands.ts): what `toLocaleString("en-US")` writes, for every kind of number. */
import { describe, expect, it } from "vitest";
import { thousands } from "../../generator/emit/print/thousands.js";

describe("thousands", () => {
  it.each([0, -0, 1, 12, 42, 123, 999, -1, -12, -999, -1000, 1000, 1024, 12_345, -12_345, 123_456, 65536, 1_000_000, 12_345_678, 1_073_741_824, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, -1234567, 0.5, 1234.5678, 1e21, Number.NaN, Number.POSITIVE_INFINITY])("%d", (n) => {
    expect(thousands(n)).toBe(n.toLocaleString("en-US"));
  });
});
