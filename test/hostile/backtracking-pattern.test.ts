/**
 * A pattern that backtracks catastrophically, through the built bin: the registry of the audit
 * (`init`, `new order.placed`, a property with `^(a+)+$` and an example of 40 "a"s and a "!",
 * which stalls the validator for hours) is refused by generate and check, exit 1 within seconds,
 * the file, pointer and rule named; validate refuses the registry before it runs a validator.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, REPO_ROOT, runBin } from "../support/bin.js";

const tmp = mkdtempSync(join(REPO_ROOT, "test", ".tmp-hostile-backtracking-"));
const RULE = "No pattern can backtrack catastrophically";
const HOSTILE = "a".repeat(40) + "!";

beforeAll(async () => {
  assertBuilt();
  writeFileSync(
    join(tmp, "package.json"),
    JSON.stringify({ name: "@acme/shop" }),
  );
  // A repository of its own: in this one's folder, init would write its workflow to this one's root.
  execFileSync("git", ["init", "-q"], { cwd: tmp });
  expect((await runBin(["init"], { cwd: tmp })).code).toBe(0);
  expect((await runBin(["new", "order.placed"], { cwd: tmp })).code).toBe(0);
  const file = join(tmp, "schemas/order/placed/1.0.json");
  const schema = JSON.parse(readFileSync(file, "utf8"));
  schema.properties = { a: { type: "string", pattern: "^(a+)+$" } };
  schema.examples = [{ a: HOSTILE }];
  writeFileSync(file, JSON.stringify(schema));
  writeFileSync(join(tmp, "hostile.json"), JSON.stringify({ a: HOSTILE }));
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cases = [
  { given: "generate", args: ["generate"] },
  { given: "check", args: ["check"] },
  {
    given: "validate on a hostile file",
    args: ["validate", "order.placed", "hostile.json"],
  },
];

describe("a pattern that backtracks catastrophically", () => {
  it.each(cases)(
    "$given: exit 1 quickly, the pattern named",
    async ({ args }) => {
      const run = await runBin(args, { cwd: tmp, timeoutMs: 60_000 });
      expect(run.signal).toBeNull();
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`schemas/order/placed/1.0.json:1:`);
      expect(run.stderr).toContain(
        `#/properties/a/pattern: error: ${RULE}: "^(a+)+$" takes exponential time`,
      );
      // The hostile match alone takes hours; recheck's load and verdict take well under a second of CPU.
      expect(run.ms).toBeLessThan(30_000);
    },
    90_000,
  );
});
