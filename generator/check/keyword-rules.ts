/** The lint rules of what an event schema's keywords may hold: x-delivery's two values, no property named __proto__, const and enum values and types no deeper than they can be printed. */
import type { LintContext, LintRule } from "./lint-rule.js";
import { deepTypesOfFile, deepValuesOfFile, protoPropertiesOfFile } from "./schema-facts.js";
import { MAX_TYPE_LEVELS } from "./type-levels.js";
import { MAX_VALUE_LEVELS } from "./value-levels.js";

export const RULE_VALUE_LEVELS = `A const or enum value nests at most ${MAX_VALUE_LEVELS} levels`;
export const RULE_TYPE_LEVELS = `A TypeScript type nests at most ${MAX_TYPE_LEVELS} levels`;

function xDeliveryIsAtLeastOnceOrAtMostOnce({ model, report }: LintContext, rule: string): void {
  for (const m of model.majors) {
    for (const v of m.versions) {
      const d = v.doc.head["x-delivery"];
      if (d !== undefined && d !== "at-least-once" && d !== "at-most-once") report.error(v.file, "/x-delivery", rule, `got ${JSON.stringify(d)}`);
    }
  }
}

function noPropertyIsNamedProto({ model, report }: LintContext, rule: string): void {
  // JavaScript reads `obj.__proto__` as the prototype: validators, JSON consumers and types
  // cannot treat it as data, and it is the classic prototype-pollution key.
  for (const file of [model.envelope.file, ...model.majors.flatMap((m) => m.versions.map((v) => v.file))]) {
    for (const pointer of protoPropertiesOfFile(model.resolved.docs.get(file)!)) {
      report.error(file, `${pointer}/properties/__proto__`, rule, "rename the property; __proto__ cannot be carried as data by JavaScript objects");
    }
  }
}

function constAndEnumValuesNestAtMostMaxLevels({ model, report }: LintContext, rule: string): void {
  // Every file, shared definitions too: a value is printed into the types of each event using it.
  // Formatting a type this deep overflows the stack (value-levels.ts); a run the check rejects
  // fails with the check's diagnostics, whatever its early emit threw (pipeline.ts).
  for (const [file, doc] of model.resolved.docs) {
    for (const { pointer, levels } of deepValuesOfFile(doc)) {
      report.error(
        file,
        pointer,
        rule,
        `the value nests ${levels} levels deep: its TypeScript type is a literal as deep, and formatting one overflows the stack from about ` +
          `200 levels, fewer inside a deeply nested schema; flatten it to ${MAX_VALUE_LEVELS} levels of arrays and objects or fewer`,
      );
    }
  }
}

function typesNestAtMostMaxLevels({ model, report }: LintContext, rule: string): void {
  // Every file, shared definitions too; reported where a chain first passes the limit (type-levels.ts).
  for (const [file, doc] of model.resolved.docs) {
    for (const { pointer, levels } of deepTypesOfFile(doc)) {
      report.error(
        file,
        pointer,
        rule,
        `the type nests ${levels} levels deep inside the type declared around it (items, prefixItems, additionalProperties, patternProperties, anyOf, oneOf and allOf ` +
          `each write one inside another), and formatting a type file overflows the stack from about 130 levels, fewer around a deep const; give a part a type of its own ` +
          `(an object with properties, or a $ref to a definition) or flatten it to ${MAX_TYPE_LEVELS} levels or fewer`,
      );
    }
  }
}

/** The rules of schema keywords, in the order they run. */
export const keywordRules: readonly LintRule[] = [
  { sentence: "x-delivery is at-least-once or at-most-once", check: xDeliveryIsAtLeastOnceOrAtMostOnce },
  { sentence: "No property is named __proto__", check: noPropertyIsNamedProto },
  { sentence: RULE_VALUE_LEVELS, check: constAndEnumValuesNestAtMostMaxLevels },
  { sentence: RULE_TYPE_LEVELS, check: typesNestAtMostMaxLevels },
];
