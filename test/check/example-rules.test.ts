/**
 * "Every example is valid against its schema" (generator/check/example-rules.ts): one diagnostic
 * per thing wrong with an example. ajv reports a failed then/else twice, the branch's own error
 * and "must match "else" schema" at the same place, and the same message twice when two schemas
 * fail the same way; the example is reported once per message, and the branch's own error is
 * kept.
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { runCheck } from "../../generator/check-run.js";
import { tempDir, version, writeRegistry } from "../compat/support.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const RULE = "Every example is valid against its schema";
const props = { kind: { type: "string" }, name: { type: "string" } };

function exampleErrors(schema: Record<string, unknown>): string[] {
  const root = tempDir("example-rules");
  dirs.push(root);
  writeRegistry(root, { "order/placed/1.0.json": schema });
  return runCheck(root)
    .diagnostics.filter((d) => d.rule === RULE)
    .map((d) => `${d.pointer}: ${d.message}`);
}

const cases: Array<{ given: string; schema: Record<string, unknown>; want: string[] }> = [
  {
    given: "an example invalid under else",
    schema: version(props, { if: { properties: { kind: { const: "gift" } } }, else: { properties: { name: { maxLength: 2 } } }, examples: [{ kind: "normal", name: "long" }] }),
    want: ["/examples/0: at /name: must NOT have more than 2 characters"],
  },
  {
    given: "an example invalid under then",
    schema: version(props, { if: { properties: { kind: { const: "gift" } } }, then: { required: ["name"] }, examples: [{ kind: "gift" }] }),
    want: ["/examples/0: at /: must have required property 'name'"],
  },
  {
    given: "the same requirement failed twice, by the schema and by its else",
    schema: version(props, { required: ["name"], if: { properties: { kind: { const: "gift" } } }, else: { required: ["name"] }, examples: [{ kind: "normal" }] }),
    want: ["/examples/0: at /: must have required property 'name'"],
  },
  {
    given: "two examples, each wrong in its own way",
    schema: version(props, { examples: [{ kind: 1 }, { name: 2 }] }),
    want: ["/examples/0: at /kind: must be string", "/examples/1: at /name: must be string"],
  },
];

describe(RULE, () => {
  it.each(cases)("$given", ({ schema, want }) => {
    expect(exampleErrors(schema)).toEqual(want);
  });
});
