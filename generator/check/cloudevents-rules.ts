/**
 * Lint rules for a CloudEvents envelope (`envelope.cloudevents` in registry.json). CloudEvents
 * fixes the names of its core attributes, and in binary mode every attribute name becomes a NATS
 * header `ce-<name>`, so names must follow the CloudEvents naming rule. They join the table of
 * every lint rule in lint-rules.ts.
 */
import type { LintContext, LintRule } from "./lint-rule.js";
import { pointerToken } from "../base/json-pointer.js";

/** Roles whose property names CloudEvents fixes (the others are extensions, named freely). */
const CLOUDEVENTS_ROLE_NAMES = { id: "id", source: "source", type: "type", time: "time", data: "data" } as const;
/** CloudEvents 1.0: attribute names are lower-case ASCII letters and digits. */
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;

function aCloudeventsEnvelopeUsesCloudeventsAttributeNames({ model, report }: LintContext, rule: string): void {
  if (!model.envelope.cloudEvents) return;
  const { fields, file, schema } = model.envelope;
  for (const [role, name] of Object.entries(CLOUDEVENTS_ROLE_NAMES)) {
    const actual = fields[role as keyof typeof CLOUDEVENTS_ROLE_NAMES];
    if (actual !== name) {
      report.error("registry.json", `/envelope/fields/${role}`, rule, `the ${role} role of a CloudEvents envelope is the attribute "${name}", not "${actual}"`);
    }
  }
  for (const name of Object.keys((schema.properties ?? {}) as Record<string, unknown>)) {
    if (name !== fields.data && !ATTRIBUTE_NAME.test(name)) {
      report.error(file, `/properties/${pointerToken(name)}`, rule,
        `"${name}" is not a CloudEvents attribute name (lower-case letters a-z and digits only); in binary mode it would be the header ce-${name}`);
    }
  }
}

function aCloudeventsEnvelopeDeclaresSpecversion10({ model, report }: LintContext, rule: string): void {
  if (!model.envelope.cloudEvents) return;
  const spec = model.envelope.context.find((c) => c.name === "specversion");
  if (spec?.const !== "1.0") {
    report.error(model.envelope.file, spec ? "/properties/specversion" : "/properties", rule,
      'a CloudEvents envelope needs "specversion": { "const": "1.0" } (the runtime fills it; binary mode detects events by ce-specversion)');
  }
}

/** The rules of a CloudEvents envelope, in the order they run. */
export const cloudEventsRules: readonly LintRule[] = [
  { sentence: "A CloudEvents envelope uses CloudEvents attribute names", check: aCloudeventsEnvelopeUsesCloudeventsAttributeNames },
  { sentence: "A CloudEvents envelope declares specversion 1.0", check: aCloudeventsEnvelopeDeclaresSpecversion10 },
];
