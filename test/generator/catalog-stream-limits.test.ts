/**
 * The catalog's stream table says each stream's limits, and what a full stream does with a new
 * message (emit/catalog/infrastructure.ts): a reader of the catalog learns there whether old
 * messages are deleted or new ones refused.
 */
import { describe, expect, it } from "vitest";
import type { StreamSpec } from "../../runtime/src/index.js";
import { streamRows } from "../../generator/emit/catalog/infrastructure.js";
import type { RegistryModel } from "../../generator/model/registry-model.js";

const limitsOf = (stream: Omit<StreamSpec, "name" | "subjects">) =>
  streamRows({ streams: [{ name: "S", subjects: ["s.>"], ...stream }], dlq: undefined } as unknown as RegistryModel)[0]!.limits;

describe("streamRows: the limits column", () => {
  const cases: Array<{ given: Omit<StreamSpec, "name" | "subjects">; want: string }> = [
    { given: {}, want: "—" },
    { given: { max_msgs: 10, discard: "new" }, want: "messages 10<br>discard new" },
    { given: { max_msgs_per_subject: 5, discard: "new", discard_new_per_subject: true }, want: "per subject 5<br>discard new, per subject too" },
    { given: { max_msgs_per_subject: 5, discard_new_per_subject: false }, want: "per subject 5" },
  ];
  for (const { given, want } of cases) {
    it(`${JSON.stringify(given)} → ${want}`, () => expect(limitsOf(given)).toBe(want));
  }
});
