/**
 * The lint rule "The dead-letter stream refuses dead letters rather than discarding old ones"
 * (check/stream-rules.ts): a dead-letter stream with a count or size limit must say
 * `"discard": "new"`, and a per-subject limit needs `discard_new_per_subject` with it, or a full
 * stream deletes dead letters without an error (test/runtime/dlq-full.test.ts shows it on a real
 * server). An explicit `"discard": "old"` is the user's stated choice: a warning. max_age is not
 * reported. And "A stream refusing per subject has a per-subject limit and discard "new"", the
 * config NATS itself refuses.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RegistryError, type Diagnostic } from "../../generator/base/diagnostics.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";

const RULE = "The dead-letter stream refuses dead letters rather than discarding old ones";
const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-dlq-discard-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;

/** The one-event fixture registry with a dead-letter stream configured as `limits` says, and SHOP's limits. */
function registryWithDeadLetters(limits: Record<string, unknown>, shop: Record<string, unknown> = {}): string {
  const dir = join(tmp, `r${counter++}`);
  cpSync("test/fixtures/bad/dlq-undeclared/schemas", dir, { recursive: true });
  const registry = JSON.parse(readFileSync(join(dir, "registry.json"), "utf8"));
  registry.streams.SHOP = { ...registry.streams.SHOP, subjects: ["shop.order.>"], ...shop };
  registry.streams.DEAD_LETTERS = { subjects: ["shop.dlq.>"], ...limits };
  writeFileSync(join(dir, "registry.json"), JSON.stringify(registry, null, 2));
  return dir;
}

function reported(dir: string, rule = RULE): Array<[Diagnostic["severity"], string]> {
  let diagnostics: Diagnostic[];
  try {
    diagnostics = checkRegistryAt(dir).diagnostics.list;
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err;
    diagnostics = err.diagnostics;
  }
  return diagnostics.filter((d) => d.rule === rule).map((d) => [d.severity, `${d.file}#${d.pointer}`]);
}

const at = (field: string, stream = "DEAD_LETTERS") => `registry.json#/streams/${stream}/${field}`;

describe(RULE, () => {
  const cases: Array<{ given: Record<string, unknown>; want: Array<[Diagnostic["severity"], string]> }> = [
    { given: {}, want: [] },
    { given: { max_age: "168h" }, want: [] },
    { given: { max_msgs: 10000, max_age: "168h", discard: "new" }, want: [] },
    { given: { max_bytes: "1GB", discard: "new" }, want: [] },
    { given: { max_msgs: -1, max_bytes: 0 }, want: [] },
    // The seed registry's dead-letter stream before it said "discard": "new".
    { given: { max_msgs: 10000, max_age: "168h" }, want: [["error", at("max_msgs")]] },
    { given: { max_bytes: "512MB" }, want: [["error", at("max_bytes")]] },
    { given: { max_msgs: 10, max_bytes: "1MB" }, want: [["error", at("max_msgs")]] },
    { given: { max_msgs_per_subject: 100, discard: "new" }, want: [["error", at("max_msgs_per_subject")]] },
    { given: { max_msgs_per_subject: 100, discard: "new", discard_new_per_subject: true }, want: [] },
    { given: { max_msgs_per_subject: 100, discard_new_per_subject: true }, want: [["error", at("max_msgs_per_subject")]] },
    // Stated in so many words (seed 004's policy for all its streams): a warning.
    { given: { max_bytes: "1GB", max_age: "7d", discard: "old" }, want: [["warning", at("discard")]] },
    { given: { max_msgs_per_subject: 5, discard: "old" }, want: [["warning", at("max_msgs_per_subject")]] },
    // A size the runtime cannot read is the size rule's report, not this one's.
    { given: { max_bytes: "0.5B" }, want: [] },
  ];
  for (const { given, want } of cases) {
    it(`${JSON.stringify(given)}: ${want.length === 0 ? "nothing" : want.map(([severity, where]) => `${severity} at ${where}`).join(", ")}`, () => {
      expect(reported(registryWithDeadLetters(given))).toEqual(want);
    });
  }

  it("says what is lost and what to write", () => {
    const dir = registryWithDeadLetters({ max_msgs: 10000 });
    try {
      checkRegistryAt(dir);
      expect.unreachable("the registry was accepted");
    } catch (err) {
      const d = (err as RegistryError).diagnostics.find((x) => x.rule === RULE);
      expect(d?.message).toContain(`DEAD_LETTERS has max_msgs 10000 and no "discard" (NATS's default is "old"): once full, it deletes its oldest dead letters`);
      expect(d?.message).toContain(`set "discard": "new"`);
    }
  });
});

describe("A stream refusing per subject has a per-subject limit and discard \"new\"", () => {
  const rule = "A stream refusing per subject has a per-subject limit and discard \"new\"";
  const cases: Array<{ given: Record<string, unknown>; want: Array<[Diagnostic["severity"], string]> }> = [
    { given: { max_msgs_per_subject: 10, discard: "new", discard_new_per_subject: true }, want: [] },
    { given: { max_msgs_per_subject: 10, discard: "new", discard_new_per_subject: false }, want: [] },
    { given: { max_msgs_per_subject: 10, discard_new_per_subject: true }, want: [["error", at("discard_new_per_subject", "SHOP")]] },
    { given: { discard: "new", discard_new_per_subject: true }, want: [["error", at("discard_new_per_subject", "SHOP")]] },
    { given: { max_msgs_per_subject: -1, discard: "new", discard_new_per_subject: true }, want: [["error", at("discard_new_per_subject", "SHOP")]] },
  ];
  for (const { given, want } of cases) {
    it(`SHOP ${JSON.stringify(given)}: ${want.length === 0 ? "nothing" : "an error"}`, () => {
      expect(reported(registryWithDeadLetters({}, given), rule)).toEqual(want);
    });
  }

  it("names what is missing", () => {
    const dir = registryWithDeadLetters({}, { discard_new_per_subject: true });
    const err = (() => {
      try {
        checkRegistryAt(dir);
      } catch (e) {
        return e as RegistryError;
      }
    })();
    expect(err?.diagnostics.find((d) => d.rule === rule)?.message).toBe(
      'stream SHOP sets discard_new_per_subject without a max_msgs_per_subject above 0 and "discard": "new"; NATS refuses that stream: add a max_msgs_per_subject above 0 and "discard": "new", or remove discard_new_per_subject',
    );
  });
});
