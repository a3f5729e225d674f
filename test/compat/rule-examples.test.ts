/**
 * Every rule of the table carries an example (old, new); each must produce its own rule with the
 * directions the table declares, under both policies.
 */
import { describe, expect, it } from "vitest";
import { compareSchemas } from "../../generator/compat/compare.js";
import { compatRules, ruleBreaks } from "../../generator/compat/rules.js";
import { resolverFor } from "../../generator/compat/schema-view.js";

function compareBare(older: unknown, newer: unknown, policy: "open" | "strict") {
  return compareSchemas(older, newer, {
    policy,
    resolveOld: resolverFor(new Map(), older),
    resolveNew: resolverFor(new Map(), newer),
    sameRegistry: false,
  });
}

describe("the rule table's examples", () => {
  it("has at least 60 rules, each with an example and a reason", () => {
    expect(compatRules.size).toBeGreaterThanOrEqual(60);
    for (const [name, rule] of compatRules) {
      expect(rule.why.length, name).toBeGreaterThan(10);
      expect(rule.example.old, name).toBeDefined();
    }
  });
  for (const [name, rule] of compatRules) {
    for (const policy of ["open", "strict"] as const) {
      it(`${name} (${policy})`, () => {
        const findings = compareBare(rule.example.old, rule.example.new, policy);
        const mine = findings.filter((f) => f.rule === name);
        expect(mine, JSON.stringify(findings, null, 1)).toHaveLength(1);
        expect(mine[0]!.breaks).toEqual(ruleBreaks(name, policy));
      });
    }
  }
});
