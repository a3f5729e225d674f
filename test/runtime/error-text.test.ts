import { describe, expect, it } from "vitest";
import { errorText } from "../../runtime/src/dlq/write-dead-letter.js";

class PaymentDeclined extends Error {
  override name = "PaymentDeclined";
}

describe("errorText: what Dlq-Error says of a failure", () => {
  it.each([
    { given: "an Error", error: new Error("boom"), want: "boom" },
    { given: "a named Error", error: new PaymentDeclined("card expired"), want: "PaymentDeclined: card expired" },
    { given: "a string", error: "plain text", want: "plain text" },
    { given: "a plain object", error: { code: 42, retry: false }, want: "{ code: 42, retry: false }" },
    { given: "undefined", error: undefined, want: "undefined" },
    { given: "a number", error: 7, want: "7" },
    { given: "a long array, shown in part", error: Array.from({ length: 50 }, (_, i) => i), want: "... 40 more items" },
  ])("$given", ({ error, want }) => {
    expect(errorText(error)).toContain(want);
  });
});
