/** The lint rules of subjects and envelope types: well-formed, and each one event's own. */
import type { MajorModel } from "../model/registry-model.js";
import { concreteSubjectProblem, filterProblem } from "../model/subjects.js";
import { definedBy, type LintContext, type LintRule } from "./lint-rule.js";

const PLACEHOLDERS = new Set(["namespace", "event", "domain", "action", "major"]);

function templatePlaceholderProblem(template: string): string | undefined {
  const unknown = [...template.matchAll(/\{(\w*)\}/g)].map((m) => m[1]!).filter((p) => !PLACEHOLDERS.has(p));
  return unknown.length ? `unknown placeholder {${unknown[0]}} (use {namespace}, {event}, {domain}, {action}, {major})` : undefined;
}

function everySubjectIsAValidNatsSubject({ model, report }: LintContext, rule: string): void {
  // A bad registry-wide template is one error at the template, not one per event.
  const templateProblem = templatePlaceholderProblem(model.config.subject);
  if (templateProblem) report.error("registry.json", "/subject", rule, `"${model.config.subject}": ${templateProblem}`);
  for (const m of model.majors) {
    const own = m.latest.doc.head["x-subject"] !== undefined;
    if (!own && templateProblem) continue;
    const problem = concreteSubjectProblem(m.subject);
    if (problem) report.error(m.latest.file, own ? "/x-subject" : "", rule, `subject "${m.subject}": ${problem}`);
  }
  for (const s of model.streams) {
    s.subjects.forEach((f: string, i: number) => {
      const problem = filterProblem(f);
      if (problem) report.error("registry.json", `/streams/${s.name}/subjects/${i}`, rule, `"${f}": ${problem}`);
    });
  }
  for (const c of model.consumers) {
    const problem = c.filter_subject !== undefined ? filterProblem(c.filter_subject) : undefined;
    if (problem) report.error("registry.json", `/consumers/${c.name}/filter_subject`, rule, `"${c.filter_subject}": ${problem}`);
  }
}

function eachSubjectBelongsToOneEvent({ model, report }: LintContext, rule: string): void {
  const seen = new Map<string, MajorModel>();
  for (const m of model.majors) {
    const other = seen.get(m.subject);
    if (other) report.error(m.latest.file, m.latest.doc.head["x-subject"] !== undefined ? "/x-subject" : "", rule, `subject "${m.subject}" is already used by ${definedBy(other)}; give one of them an x-subject or change the subject template`);
    else seen.set(m.subject, m);
  }
}

/**
 * Consumers route a message by its envelope type (then its major): two events sharing a type
 * would have one's messages validated against and handled as the other's. Majors of one event
 * share their type by design; the version field tells them apart.
 */
function eachEnvelopeTypeBelongsToOneEvent({ model, report }: LintContext, rule: string): void {
  const seen = new Map<string, MajorModel>();
  for (const m of model.majors) {
    const other = seen.get(m.type);
    if (!other) seen.set(m.type, m);
    else if (other.event !== m.event) {
      report.error(
        m.latest.file,
        m.latest.doc.head["x-type"] !== undefined ? "/x-type" : "",
        rule,
        `type "${m.type}" is already the type of ${definedBy(other)}: consumers route by type, so one event's messages would reach the other's validator and handler; give one of them another x-type or change the type template`,
      );
    }
  }
}

/** The rules of subjects and envelope types, in the order they run. */
export const subjectRules: readonly LintRule[] = [
  { sentence: "Every subject is a valid NATS subject", check: everySubjectIsAValidNatsSubject },
  { sentence: "Each subject belongs to one event", check: eachSubjectBelongsToOneEvent },
  { sentence: "Each envelope type belongs to one event", check: eachEnvelopeTypeBelongsToOneEvent },
];
