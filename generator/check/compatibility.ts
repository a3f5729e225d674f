/**
 * The compatibility part of the check stage: inside each major, every minor against the previous
 * one (every previous one under a _TRANSITIVE mode). A finding that breaks a direction the event's
 * mode enforces is an error naming the file, pointer, rule and direction, and the fix: a new major.
 */
import type { Diagnostic, Diagnostics } from "../base/diagnostics.js";
import { findingsOfEachEvent, type EventMemo } from "./event-memo.js";
import type { CompatibilityIgnore } from "../load/registry-config.js";
import type { EventModel, MajorModel, RegistryModel, VersionModel } from "../model/registry-model.js";
import { fillTemplate } from "../model/subjects.js";
import { compareVersions, type CompatFinding } from "../compat/index.js";
import { baselines, enforcedDirections, modeFor } from "../compat/modes.js";
import { compatRules, type Direction, type RuleName } from "../compat/rules.js";
import { REGISTRY_WIDE_WEAKENINGS, WEAKENING_RULES } from "../compat/acknowledged-weakenings.js";
import { pointerToken } from "../base/json-pointer.js";

export const RULE_SETTINGS = "Compatibility settings name events, versions and rules of this registry";
export const RULE_ROUTING = "Minors of a major keep its subject, type and delivery";

/** The check-stage rules of this module (the schema rules are in rules.ts). */
export const COMPAT_CHECK_RULES = [RULE_SETTINGS, RULE_ROUTING];

/** What comparing one event's versions found: the reports, and which of registry.json's compatibilityIgnores (by index) matched. */
export interface EventFindings {
  diagnostics: Diagnostic[];
  ignores: number[];
}

/**
 * Earlier findings by the event's inputs (check/event-memo.ts): all that comparing its versions
 * and explaining a finding read, so an edit compares only the events it touched.
 */
export type CompatibilityMemo = EventMemo<EventFindings>;

export function checkCompatibility(model: RegistryModel, report: Diagnostics, memo?: CompatibilityMemo): void {
  checkSettings(model, report);
  for (const m of model.majors) checkRouting(m, report);
  const ignores = model.config.compatibilityIgnores ?? [];
  const used = new Set<CompatibilityIgnore>();
  for (const findings of findingsOfEachEvent(model, memo, (event) => eventFindings(model, event, ignores))) {
    // A copy: the report adds the line and column, the kept findings stay as found.
    for (const d of findings.diagnostics) report.add({ ...d });
    for (const i of findings.ignores) used.add(ignores[i]!);
  }
  ignores.forEach((ig, i) => {
    // An acknowledged weakening of a setting is a change since a git ref: only check --against can tell whether it is used.
    if (WEAKENING_RULES.includes(ig.rule)) return;
    if (!used.has(ig) && model.events.some((e) => e.name === ig.event)) {
      report.warn("registry.json", `/compatibilityIgnores/${i}`, RULE_SETTINGS, `this ignore matches no finding of ${ig.event} ${ig.version} (${ig.rule}); remove it`);
    }
  });
}

function checkSettings(model: RegistryModel, report: Diagnostics): void {
  const events = new Map(model.events.map((e) => [e.name, e]));
  for (const name of Object.keys(model.config.compatibilityOverrides ?? {})) {
    if (!events.has(name)) report.error("registry.json", `/compatibilityOverrides/${pointerToken(name)}`, RULE_SETTINGS, `"${name}" is not an event of this registry`);
  }
  (model.config.compatibilityIgnores ?? []).forEach((ig, i) => {
    const at = `/compatibilityIgnores/${i}`;
    if (REGISTRY_WIDE_WEAKENINGS.includes(ig.rule)) return; // names no event and no version (registry.schema.json says so)
    const event = ig.event === undefined ? undefined : events.get(ig.event);
    if (!event) return report.error("registry.json", `${at}/event`, RULE_SETTINGS, `"${ig.event}" is not an event of this registry`);
    if (WEAKENING_RULES.includes(ig.rule)) return; // an event's mode: names no version (registry.schema.json says so)
    if (!event.majors.some((m) => m.versions.some((v) => v.version === ig.version))) {
      report.error("registry.json", `${at}/version`, RULE_SETTINGS, `${ig.event} has no version ${ig.version}`);
    }
    if (!compatRules.has(ig.rule as RuleName)) report.error("registry.json", `${at}/rule`, RULE_SETTINGS, `"${ig.rule}" is not a compatibility rule (docs/compatibility.md lists them)`);
  });
}

function checkRouting(m: MajorModel, report: Diagnostics): void {
  for (const key of ["x-subject", "x-type", "x-delivery"] as const) {
    const latest = JSON.stringify(m.latest.doc.head[key]);
    for (const v of m.versions) {
      if (v === m.latest || JSON.stringify(v.doc.head[key]) === latest) continue;
      report.error(v.file, `/${key}`, RULE_ROUTING, `${key} is ${latest ?? "unset"} in ${m.latest.version} but ${JSON.stringify(v.doc.head[key]) ?? "unset"} here; a major has one ${key.slice(2)}, so changing it needs a new major`);
    }
  }
}

function eventFindings(model: RegistryModel, event: EventModel, ignores: CompatibilityIgnore[]): EventFindings {
  const findings: EventFindings = { diagnostics: [], ignores: [] };
  const { mode, source } = modeFor(model.config, event.name);
  const enforced = enforcedDirections(mode);
  if (enforced.length === 0) return findings;
  for (const m of event.majors) {
    m.versions.forEach((v, i) => {
      const found = new Map<string, { finding: CompatFinding; breaks: Direction[]; against: string[] }>();
      for (const b of baselines(m.versions, i, mode)) {
        for (const f of compareVersions(model, b, v)) {
          const breaks = f.breaks.filter((d) => enforced.includes(d));
          if (breaks.length === 0) continue;
          const key = `${f.pointer}\u0000${f.rule}`;
          const entry = found.get(key);
          if (entry) entry.against.push(b.version);
          else found.set(key, { finding: f, breaks, against: [b.version] });
        }
      }
      for (const { finding, breaks, against } of found.values()) {
        const ignore = ignores.find((ig) => ig.event === event.name && ig.version === v.version && ig.rule === finding.rule && (ig.pointer === undefined || ig.pointer === finding.pointer));
        if (ignore) {
          findings.ignores.push(ignores.indexOf(ignore));
          findings.diagnostics.push({ file: v.file, pointer: finding.pointer, rule: finding.rule, breaks, severity: "warning", message: `${finding.message}; ignored in registry.json compatibilityIgnores: ${ignore.reason}` });
          continue;
        }
        findings.diagnostics.push({ file: v.file, pointer: finding.pointer, rule: finding.rule, breaks, severity: "error", message: explain(model, event, v, finding, breaks, against, mode, source) });
      }
    });
  }
  return findings;
}

function explain(model: RegistryModel, event: EventModel, v: VersionModel, f: CompatFinding, breaks: Direction[], against: string[], mode: string, source: string): string {
  const olds = against.join(", ");
  const why = breaks
    .map((d) => (d === "BACKWARD" ? `readers on ${v.version} cannot read data written with ${olds}` : `readers on ${olds} cannot read data written with ${v.version}`))
    .join("; ");
  const last = event.majors[event.majors.length - 1]!;
  const next = last.major + 1;
  const xSubject = last.latest.doc.head["x-subject"];
  const template = typeof xSubject === "string" ? xSubject : model.config.subject;
  const subject = fillTemplate(template, { namespace: model.config.namespace, event: event.name, major: next });
  const sameSubject = model.majors.some((m) => m.subject === subject);
  const subjectText = sameSubject ? `with a new x-subject (${template} gives ${subject} again)` : `on subject ${subject}`;
  return `${f.message}: ${why}, which the ${mode} mode (${source}) forbids within a major. A breaking change needs a new major: publish it as ${next}.0, ${subjectText}${howToBump(event, v, last, `${next}.0`)}`;
}

/** The bump that gets the change into the new major; it moves an edit of a latest minor. */
function howToBump(event: EventModel, v: VersionModel, last: MajorModel, next: string): string {
  const own = event.majors.find((m) => m.major === v.major)!;
  const bump = `jetschema bump ${event.name} --major`;
  if (own.latest !== v) return ` (${bump} starts ${next}.json from ${last.latest.version}), and keep ${v.version} compatible`;
  // Whether v was ever committed is git's to say, not the check's: bump restores it, or removes it if it never was.
  const move = `moves your edit of ${v.version} into ${next}.json and restores ${v.version} as last committed (or removes it, if ${v.version} was never committed)`;
  if (own === last) return `: ${bump} ${move}`;
  return `: ${bump} --from ${v.major} ${move}; --from ${last.major} starts ${next}.json from ${last.latest.version} instead and leaves ${v.version} to you`;
}
