/** The lint rule of the envelope: it has a property for every field the runtime fills. */
import type { LintContext, LintRule } from "./lint-rule.js";

function theEnvelopeDefinesEveryFieldTheRuntimeFills({ model, report }: LintContext, rule: string): void {
  const props = (model.envelope.schema.properties ?? {}) as Record<string, unknown>;
  for (const [role, name] of Object.entries(model.envelope.fields) as Array<[string, string]>) {
    if (!(name in props)) report.error(model.envelope.file, "/properties", rule, `the ${role} field "${name}" (envelope.fields.${role}) is not a property of the envelope`);
  }
}

/** The rules of the envelope. */
export const envelopeRules: readonly LintRule[] = [
  { sentence: "The envelope defines every field the runtime fills", check: theEnvelopeDefinesEveryFieldTheRuntimeFills },
];
