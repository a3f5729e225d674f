/**
 * The compatibility engine never runs a pattern that may backtrack catastrophically, wherever the
 * pattern comes from: a released version or definition read from git history (which the lint
 * rule on the current tree never sees), or an earlier minor of the current tree. Each case is a
 * real git repository and the built command line in a process of its own with a hard timeout: a
 * comparison that runs `^(a+)+$` on a name of forty "a"s and a "!" takes hours, and a test that
 * runs it in its own thread could not stop it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { R } from "../../generator/compat/rules.js";
import { RULE_DEFS, RULE_EDITED } from "../../generator/released/check-released.js";
import { RULE_BACKTRACKING } from "../../generator/check/backtracking-rules.js";
import { assertBuilt, runBin, STACK_LINE } from "../support/bin.js";
import { releasedRegistry } from "../support/released-registry.js";
import { version, writeJson } from "./support.js";

const SLOW = "^(a+)+$";
const FAST = "^a+$";
/** A name `SLOW` takes hours to reject. */
const NAME = "a".repeat(40) + "!";

const meta = (pattern: string, properties: Record<string, unknown> = {}) => ({
  $schema: "http://json-schema.org/draft-07/schema#",
  $defs: { Meta: { type: "object", properties, patternProperties: { [pattern]: { type: "string" } } } },
});
const placed = version({ sku: { type: "string" }, meta: { $ref: "../../defs/meta.json#/$defs/Meta" } });
const shipped = (pattern: string, properties: Record<string, unknown> = {}) =>
  version({ carrier: { type: "string" }, ...properties }, { patternProperties: { [pattern]: { type: "string" } } });

beforeAll(() => assertBuilt());
// Released before the lint rule refused such patterns (or by hand): the history holds them.
const { repo, schemas } = releasedRegistry("against-backtracking", { files: { "defs/meta.json": meta(SLOW), "order/placed/1.0.json": placed, "order/shipped/1.0.json": shipped(SLOW) } });

/** The current tree's pattern is fixed; the release's is not. */
const fixed = () => writeJson(schemas, "defs/meta.json", meta(FAST));

const cases = [
  {
    given: "a released version edited: a name added beside the released pattern",
    change: () => {
      fixed();
      writeJson(schemas, "order/shipped/1.0.json", shipped(FAST, { [NAME]: { type: "string" } }));
    },
    args: ["--against", "v1"],
    want: [`order/shipped/1.0.json:`, `error: ${RULE_EDITED}:`, `(${R.PROP_BESIDE_SLOW_PATTERN}, breaks BACKWARD, FORWARD)`],
  },
  {
    given: "a released version unchanged, its shared definition given a name beside the released pattern",
    change: () => writeJson(schemas, "defs/meta.json", meta(FAST, { [NAME]: { type: "string" } })),
    args: ["--against", "v1"],
    // Any change to a definition a released version uses is an error at the definition, naming the version.
    want: [`defs/meta.json:`, `at #/$defs/Meta/properties/${NAME}: error: ${RULE_DEFS}:`, `released order.placed 1.0 uses it`, `(${R.PROP_BESIDE_SLOW_PATTERN}, breaks BACKWARD, FORWARD)`, `/${SLOW}/`],
  },
  {
    given: "no ref: a new minor adds a name beside the previous minor's pattern",
    change: () => writeJson(schemas, "order/shipped/1.1.json", shipped(SLOW, { [NAME]: { type: "string" } })),
    args: [],
    want: [`order/shipped/1.1.json:`, `at #/properties/${NAME}: error: ${R.PROP_BESIDE_SLOW_PATTERN} (BACKWARD):`, `error: ${RULE_BACKTRACKING}:`],
  },
];

describe("check never runs a pattern that may backtrack catastrophically", () => {
  it.each(cases)(
    "$given: exit 1 within seconds, the undecided comparison named",
    async ({ change, args, want }) => {
      change();
      const run = await runBin(["check", "--schemas", "schemas", ...args], { cwd: repo, timeoutMs: 30_000 });
      expect(run.signal, "killed after 30 s: the comparison ran the pattern").toBeNull();
      expect(run.code, run.stderr).toBe(1);
      for (const text of want) expect(run.stderr).toContain(text);
      expect(run.stderr).not.toMatch(STACK_LINE);
    },
    60_000,
  );
});
