import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Diagnostics } from "../../generator/base/diagnostics.js";
import { checkWithoutValidators, checkWithValidators } from "../../generator/check/check-registry.js";
import { LINT_RULES } from "../../generator/check/lint-rules.js";
import * as frontEnd from "../../generator/front-end/front-end.js";
import type { SchemaSet } from "../../generator/validators/schema-set.js";

/** Every registry here that models (the bad fixtures' rejected by the load or the model are left out: no rule sees them). */
const registries = [
  "schemas",
  "examples/slotwise",
  "examples/rules-engine",
  "examples/giia",
  "test/fixtures/good/features",
  ...readdirSync("test/fixtures/bad").filter((name) => !name.endsWith(".md")).map((name) => `test/fixtures/bad/${name}/schemas`),
].flatMap((dir) => {
  try {
    return [{ dir, modelled: frontEnd.modelRegistry(dir) }];
  } catch {
    return [];
  }
});

/** A schema set that records what is asked of it (a rule may catch what a refusal would throw). */
function watchedSchemaSet(real: SchemaSet): { schemas: SchemaSet; asked: string[] } {
  const asked: string[] = [];
  const schemas = new Proxy(real, {
    get(target, property, receiver) {
      asked.push(String(property));
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { schemas, asked };
}

describe("the check in two steps", () => {
  it("models enough registries to mean something", () => {
    expect(registries.length).toBeGreaterThan(40);
  });

  it.each(registries)("$dir: the rules run before the compile never touch the schema set", ({ modelled }) => {
    const { schemas, asked } = watchedSchemaSet(frontEnd.compile(modelled).schemas);
    checkWithoutValidators(modelled.model, schemas, new Diagnostics());
    expect(asked).toEqual([]);
  });

  it("each rule marked as asking for validators asks for one on a registry with examples", () => {
    const { modelled } = registries.find((r) => r.dir === "schemas")!;
    const marked = LINT_RULES.filter((rule) => rule.asksForValidators);
    expect(marked.map((rule) => rule.sentence)).toEqual(["Every schema compiles", "Every example is valid against its schema"]);
    for (const rule of marked) {
      const { schemas, asked } = watchedSchemaSet(frontEnd.compile(modelled).schemas);
      rule.check({ model: modelled.model, schemas, report: new Diagnostics() }, rule.sentence);
      expect(asked, rule.sentence).toContain("validator");
    }
  });

  it.each(registries.filter((r) => r.dir.includes("fixtures/bad")))("$dir: both steps report what the rules in table order report, once sorted", ({ modelled }) => {
    const schemas = frontEnd.compile(modelled).schemas;
    const inOrder = new Diagnostics();
    for (const rule of LINT_RULES) rule.check({ model: modelled.model, schemas, report: inOrder }, rule.sentence);
    const split = new Diagnostics();
    checkWithoutValidators(modelled.model, schemas, split);
    checkWithValidators(modelled.model, schemas, split);
    const lintOnly = (d: Diagnostics) => d.list.filter((x) => LINT_RULES.some((rule) => rule.sentence === x.rule));
    const sorted = (d: Diagnostics) => JSON.stringify(lintOnly(d).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
    expect(sorted(split)).toBe(sorted(inOrder));
  });
});
