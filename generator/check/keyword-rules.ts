/** The lint rules of what an event schema's keywords may hold: x-delivery's two values, no property named __proto__. */
import type { LintContext, LintRule } from "./lint-rule.js";
import { protoPropertiesOfFile } from "./schema-facts.js";

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

/** The rules of schema keywords, in the order they run. */
export const keywordRules: readonly LintRule[] = [
  { sentence: "x-delivery is at-least-once or at-most-once", check: xDeliveryIsAtLeastOnceOrAtMostOnce },
  { sentence: "No property is named __proto__", check: noPropertyIsNamedProto },
];
