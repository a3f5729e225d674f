/**
 * `jetschema validate` against a schema with if/then/else: ajv reports a failing branch twice, as
 * the branch's own error and as the `if` keyword's summary of it (`must match "then" schema`).
 * Only the real error is printed. A copy of the flagship registry whose position.admitted 1.0
 * gains a conditional: an admission with a wait must say how long (`then`), one without must not
 * have a queue left (`else`).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-validate-conditional-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const schemas = join(tmp, "schemas");
cpSync("schemas", schemas, { recursive: true });
const schemaFile = join(schemas, "position", "admitted", "1.0.json");
const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as Record<string, unknown>;
writeFileSync(
  schemaFile,
  JSON.stringify({
    ...schema,
    if: { properties: { wait_time_seconds: { exclusiveMinimum: 0 } } },
    then: { properties: { queue_length_after: { maximum: 10000 } } },
    else: { required: ["reason"] },
  }),
);

async function validate(name: string, value: unknown) {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(value));
  const err: string[] = [];
  const code = await main(["node", "jetschema", "validate", "--schemas", schemas, "position.admitted@1.0", file], { out: () => undefined, err: (l) => err.push(l) });
  return { code, problems: err.filter((l) => l.startsWith("  ")).map((l) => l.replace(tmp, "<tmp>")) };
}

const admitted = { position_id: "pos-1", session_id: "sess-1", wait_time_seconds: 300, queue_length_after: 12 };

describe("jetschema validate, a schema with if/then/else", () => {
  it.each([
    { given: "a value failing the then branch", file: "then.json", value: { ...admitted, queue_length_after: 20000 }, want: ["  <tmp>/then.json#/queue_length_after: must be <= 10000"] },
    { given: "a value failing the else branch", file: "else.json", value: { ...admitted, wait_time_seconds: 0 }, want: ['  <tmp>/else.json#: must have required property \'reason\''] },
    { given: "a value failing the branch and another keyword", file: "both.json", value: { ...admitted, queue_length_after: 20000, session_id: 7 }, want: ["  <tmp>/both.json#/queue_length_after: must be <= 10000", "  <tmp>/both.json#/session_id: must be string"] },
  ])("$given: only the branch's own error, not ajv's summary of it", async ({ file, value, want }) => {
    const r = await validate(file, value);
    expect(r.code).toBe(1);
    expect(r.problems).toEqual(want);
  });
});
