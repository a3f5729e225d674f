/** The lint rules of what an event schema's keywords may hold: x-delivery's two values, no property named __proto__. */
import { walkSchema } from "../base/schema-walk.js";
import type { LintContext, LintRule } from "./lint-rule.js";

function xDeliveryIsAtLeastOnceOrAtMostOnce({ model, report }: LintContext, rule: string): void {
  for (const m of model.majors) {
    for (const v of m.versions) {
      const d = v.doc.schema["x-delivery"];
      if (d !== undefined && d !== "at-least-once" && d !== "at-most-once") report.error(v.file, "/x-delivery", rule, `got ${JSON.stringify(d)}`);
    }
  }
}

function noPropertyIsNamedProto({ model, report }: LintContext, rule: string): void {
  // JavaScript reads `obj.__proto__` as the prototype: validators, JSON consumers and types
  // cannot treat it as data, and it is the classic prototype-pollution key.
  for (const file of [model.envelope.file, ...model.majors.flatMap((m) => m.versions.map((v) => v.file))]) {
    for (const pointer of protoProperties(model.resolved.docs.get(file)!.schema)) {
      report.error(file, `${pointer}/properties/__proto__`, rule, "rename the property; __proto__ cannot be carried as data by JavaScript objects");
    }
  }
}

/**
 * By schema object, when frozen: a long-lived process (`generate --watch`) hands the same frozen
 * parsed object of an unchanged file to every run (load/kept-parses.ts, by the file's digest),
 * and what this finds is a function of it alone.
 */
const protoFound = new WeakMap<object, readonly string[]>();

/** The pointer of each subschema whose properties name __proto__. */
function protoProperties(schema: object): readonly string[] {
  const kept = Object.isFrozen(schema) ? protoFound.get(schema) : undefined;
  if (kept) return kept;
  const found: string[] = [];
  walkSchema(schema, ({ node, pointer }) => {
    const props = node.properties;
    if (props && typeof props === "object" && Object.prototype.hasOwnProperty.call(props, "__proto__")) found.push(pointer);
  });
  if (Object.isFrozen(schema)) protoFound.set(schema, Object.freeze(found));
  return found;
}

/** The rules of schema keywords, in the order they run. */
export const keywordRules: readonly LintRule[] = [
  { sentence: "x-delivery is at-least-once or at-most-once", check: xDeliveryIsAtLeastOnceOrAtMostOnce },
  { sentence: "No property is named __proto__", check: noPropertyIsNamedProto },
];
