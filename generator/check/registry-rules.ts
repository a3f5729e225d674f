/** The lint rules of the registry as a whole (lint-rules.ts joins them with the other topics'). */
import { RESERVED_EXPORTS } from "../model/reserved-names.js";
import type { MajorModel, RegistryModel } from "../model/registry-model.js";
import { concreteSubjectProblem, fillTemplate, filterProblem, filterWithin, filtersOverlap, subjectMatches } from "../model/subjects.js";
import type { SchemaSet } from "../validators/schema-set.js";
import { walkSchema } from "../base/schema-walk.js";
import { pathToPointer } from "../load/json-file.js";
import type { LintContext, LintRule } from "./lint-rule.js";

const PLACEHOLDERS = new Set(["namespace", "event", "domain", "action", "major"]);

function templatePlaceholderProblem(template: string): string | undefined {
  const unknown = [...template.matchAll(/\{(\w*)\}/g)].map((m) => m[1]!).filter((p) => !PLACEHOLDERS.has(p));
  return unknown.length ? `unknown placeholder {${unknown[0]}} (use {namespace}, {event}, {domain}, {action}, {major})` : undefined;
}

function invalidPatterns(schema: object): Array<{ pointer: string; error: string }> {
  const out: Array<{ pointer: string; error: string }> = [];
  const tryPattern = (pattern: string, pointer: string) => {
    try {
      new RegExp(pattern, "u");
    } catch (err) {
      out.push({ pointer, error: `invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}` });
    }
  };
  walkSchema(schema, ({ node, pointer }) => {
    if (typeof node.pattern === "string") tryPattern(node.pattern, `${pointer}/pattern`);
    const pp = node.patternProperties;
    if (pp && typeof pp === "object") for (const key of Object.keys(pp)) tryPattern(key, `${pointer}/patternProperties${pathToPointer([key])}`);
  });
  return out;
}


function versionsHaveNoGaps({ model, report }: LintContext, rule: string): void {
  for (const e of model.events) {
    // A stray major 0 is its own mistake: counted, it would make every later major look misplaced.
    for (const m of e.majors.filter((m) => m.major === 0)) {
      report.error(m.versions[0]!.file, "", rule, `event ${e.name} has a major 0, but majors start at 1; rename it to 1.x.json or remove it`);
    }
    e.majors.filter((m) => m.major > 0).forEach((m, i) => {
      if (m.major !== i + 1) {
        report.error(m.versions[0]!.file, "", rule, `event ${e.name} has major ${m.major} but no major ${i + 1}; majors start at 1 and go up by one`);
      }
    });
    e.majors.forEach((m) => {
      m.versions.forEach((v, j) => {
        if (v.minor !== j) report.error(v.file, "", rule, `version ${v.version} of ${e.name} has no ${m.major}.${j} before it; minors start at 0 and go up by one`);
      });
    });
  }
}

function everySubjectIsAValidNatsSubject({ model, report }: LintContext, rule: string): void {
  // A bad registry-wide template is one error at the template, not one per event.
  const templateProblem = templatePlaceholderProblem(model.config.subject);
  if (templateProblem) report.error("registry.json", "/subject", rule, `"${model.config.subject}": ${templateProblem}`);
  for (const m of model.majors) {
    const own = m.latest.doc.schema["x-subject"] !== undefined;
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

/** `order.placed@1 (order/placed/1.0.json)`: a major and the file that defines it. */
function definedBy(m: MajorModel): string {
  return `${m.key} (${m.latest.file})`;
}

function eachSubjectBelongsToOneEvent({ model, report }: LintContext, rule: string): void {
  const seen = new Map<string, MajorModel>();
  for (const m of model.majors) {
    const other = seen.get(m.subject);
    if (other) report.error(m.latest.file, m.latest.doc.schema["x-subject"] !== undefined ? "/x-subject" : "", rule, `subject "${m.subject}" is already used by ${definedBy(other)}; give one of them an x-subject or change the subject template`);
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
        m.latest.doc.schema["x-type"] !== undefined ? "/x-type" : "",
        rule,
        `type "${m.type}" is already the type of ${definedBy(other)}: consumers route by type, so one event's messages would reach the other's validator and handler; give one of them another x-type or change the type template`,
      );
    }
  }
}

export const RULE_TS_NAMES = "TypeScript names are unique";

/** Every name a major adds to the package. */
function exportedNames(m: MajorModel): string[] {
  const rr = m.requestReply;
  return [m.typeName, m.eventTypeName, m.helperName, ...(rr ? [rr.requestHelper, rr.serveHelper, rr.replyTypeName] : [])];
}

function typescriptNamesAreUnique({ model, report }: LintContext, rule: string): void {
  const owners = new Map<string, MajorModel | "the generated package itself">();
  for (const name of RESERVED_EXPORTS) owners.set(name, "the generated package itself");
  for (const m of model.majors) {
    for (const name of exportedNames(m)) {
      const owner = owners.get(name);
      if (owner && owner !== m) {
        // One report per major: its names clash together.
        report.error(m.versions[0]!.file, "", rule, `${m.key} would generate the name ${name}, already taken by ${typeof owner === "string" ? owner : definedBy(owner)}; rename the event folder`);
        break;
      }
      owners.set(name, m);
    }
  }
  // `subjects.order.v1` cannot be both event order's v1 subject and the folder of event order.v1.
  const events = new Set(model.events.map((e) => e.name));
  for (const e of model.events) {
    const parent = e.segments.slice(0, -1).join(".");
    const last = e.segments[e.segments.length - 1]!;
    const owner = model.events.find((o) => o.name === parent);
    if (parent && events.has(parent) && owner?.majors.some((m) => `v${m.major}` === last)) {
      report.error(e.majors[0]!.versions[0]!.file, "", rule, `subjects.${e.name} would be both the subject of ${parent} v${last.slice(1)} and the folder of ${e.name}; rename the folder`);
    }
  }
}

export const RULE_REF_CYCLE = "A $ref cycle passes through data";

/**
 * `{ "$ref": "#" }`, or A = allOf [B] with B = anyOf [A, ...]: each step applies another schema
 * to the same value, so a validator would recurse until the stack overflows on every message. A
 * recursive type is fine when the cycle goes down into the data (a property, an array item):
 * data is finite. Cycles are found over "same value" edges only: $ref, allOf/anyOf/oneOf, not,
 * if/then/else, dependentSchemas and the schema form of dependencies.
 */
function aRefCyclePassesThroughData({ model, report }: LintContext, rule: string): void {
  const key = (file: string, pointer: string) => `${file}#${pointer}`;
  const edges = new Map<string, Array<{ to: string; via: string }>>();
  const add = (from: string, to: string, via: string) => edges.set(from, [...(edges.get(from) ?? []), { to, via }]);
  for (const e of model.resolved.edges) add(key(e.fromFile, e.fromPointer), key(e.toFile, e.toPointer), "$ref");
  for (const [file, schema] of model.resolved.normalized) {
    walkSchema(schema, ({ node, pointer }) => {
      const from = key(file, pointer);
      for (const k of ["allOf", "anyOf", "oneOf"]) {
        const list = node[k];
        if (Array.isArray(list)) list.forEach((_, i) => add(from, key(file, `${pointer}/${k}/${i}`), k));
      }
      for (const k of ["not", "if", "then", "else"]) if (node[k] !== undefined) add(from, key(file, `${pointer}/${k}`), k);
      for (const k of ["dependentSchemas", "dependencies"]) {
        const deps = node[k];
        if (deps && typeof deps === "object" && !Array.isArray(deps)) {
          for (const [name, value] of Object.entries(deps)) {
            if (!Array.isArray(value)) add(from, key(file, `${pointer}/${k}/${pathToPointer([name]).slice(1)}`), k);
          }
        }
      }
    });
  }
  // Iterative depth-first search (a deep registry must not overflow this stack either).
  const state = new Map<string, "open" | "done">();
  const reported = new Set<string>();
  for (const start of [...edges.keys()].sort()) {
    if (state.has(start)) continue;
    const stack: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = edges.get(top.node) ?? [];
      if (top.next >= out.length) {
        state.set(top.node, "done");
        stack.pop();
        continue;
      }
      const { to } = out[top.next++]!;
      const seen = state.get(to);
      if (seen === undefined) {
        state.set(to, "open");
        stack.push({ node: to, next: 0 });
      } else if (seen === "open") {
        const cycle = stack.slice(stack.findIndex((f) => f.node === to)).map((f) => f.node);
        const id = [...cycle].sort().join(" ");
        if (reported.has(id)) continue;
        reported.add(id);
        // Reported at the $ref that closes the loop, in its own file.
        const closing = model.resolved.edges.find((e) => cycle.includes(key(e.fromFile, e.fromPointer)) && cycle.includes(key(e.toFile, e.toPointer)));
        const [file, pointer] = closing ? [closing.fromFile, `${closing.fromPointer}/$ref`] : cycle[0]!.split("#") as [string, string];
        const path = [...cycle, to].map((n) => (n.startsWith(`${file}#`) ? n.slice(file.length) : n)).join(" → ");
        report.error(
          file,
          pointer,
          rule,
          `${path} applies schemas to the same value in a circle, never descending into the data: a validator would recurse ` +
            `forever. Let a recursive type recurse through a property or an array item (children: { "type": "array", "items": { "$ref": ... } })`,
        );
      }
    }
  }
}

function everySchemaCompiles({ model, schemas, report }: LintContext, rule: string): void {
  for (const file of [model.envelope.file, ...model.majors.flatMap((m) => m.versions.map((v) => v.file))]) {
    // ajv names a bad regular expression but not where it is: find it first.
    const badPatterns = invalidPatterns(model.resolved.docs.get(file)!.schema);
    for (const { pointer, error } of badPatterns) report.error(file, pointer, rule, error);
    if (badPatterns.length > 0) continue;
    try {
      schemas.validator(file);
    } catch (err) {
      report.error(file, "", rule, (err as Error).message);
    }
  }
}

function everyExampleIsValidAgainstItsSchema({ model, schemas, report }: LintContext, rule: string): void {
  for (const m of model.majors) {
    for (const v of m.versions) {
      const examples = v.doc.schema.examples;
      if (examples === undefined) continue;
      if (!Array.isArray(examples)) {
        report.error(v.file, "/examples", rule, "examples must be an array of example payloads");
        continue;
      }
      let validate;
      try {
        validate = schemas.validator(v.file);
      } catch {
        continue; // reported by "Every schema compiles"
      }
      examples.forEach((example, i) => {
        let valid: boolean;
        try {
          valid = validate(example) as boolean;
        } catch (err) {
          // A $ref cycle through no data overflows the stack (reported by its own rule).
          report.error(v.file, `/examples/${i}`, rule, `validating the example failed: ${(err as Error).message}`);
          return;
        }
        if (valid) return;
        for (const e of validate.errors ?? []) {
          report.error(v.file, `/examples/${i}`, rule, `at ${e.instancePath || "/"}: ${e.message ?? e.keyword}`);
        }
      });
    }
  }
}

function everyAtLeastOnceEventIsCapturedByOneStream({ model, report }: LintContext, rule: string): void {
  for (const m of model.majors) {
    if (m.delivery !== "at-least-once") continue;
    const streams = model.streams.filter((s) => s.subjects.some((f: string) => subjectMatches(f, m.subject)));
    if (streams.length === 0) {
      report.error(m.latest.file, "", rule, `no stream in registry.json captures "${m.subject}"; add it to a stream's subjects, or mark the event "x-delivery": "at-most-once"`);
    }
  }
}

function streamsDoNotOverlap({ model, report }: LintContext, rule: string): void {
  const all = model.streams.flatMap((s) => s.subjects.map((f: string, i: number) => ({ stream: s.name, f, i })));
  for (let a = 0; a < all.length; a++) {
    for (let b = a + 1; b < all.length; b++) {
      const x = all[a]!;
      const y = all[b]!;
      if (x.stream !== y.stream && filtersOverlap(x.f, y.f)) {
        report.error("registry.json", `/streams/${y.stream}/subjects/${y.i}`, rule, `"${y.f}" overlaps "${x.f}" of stream ${x.stream}; NATS refuses streams with overlapping subjects`);
      }
    }
  }
}

function everyConsumerReadsADeclaredStream({ model, report }: LintContext, rule: string): void {
  for (const c of model.consumers) {
    const stream = model.streams.find((s) => s.name === c.stream);
    if (!stream) {
      report.error("registry.json", `/consumers/${c.name}/stream`, rule, `stream "${c.stream}" is not declared in streams`);
      continue;
    }
    if (c.filter_subject !== undefined && !stream.subjects.some((f: string) => filterWithin(c.filter_subject!, f))) {
      // NATS accepts a filter that is a superset of the stream's subjects (it simply sees all);
      // one that selects nothing the stream holds is a mistake.
      if (!stream.subjects.some((f: string) => filtersOverlap(c.filter_subject!, f))) {
        report.error("registry.json", `/consumers/${c.name}/filter_subject`, rule, `filter "${c.filter_subject}" selects nothing stream ${c.stream} captures (${stream.subjects.join(", ")})`);
      }
    }
  }
}

function theDeadLetterStreamIsDeclaredAndCapturesDeadLetters({ model, report }: LintContext, rule: string): void {
  if (!model.dlq) return;
  const stream = model.streams.find((s) => s.name === model.dlq!.stream);
  if (!stream) {
    report.error("registry.json", "/dlq/stream", rule, `stream "${model.dlq.stream}" is not declared in streams`);
    return;
  }
  for (const c of model.consumers) {
    const subject = fillTemplate(model.dlq.subject.replace("{consumer}", c.name).replace("{stream}", c.stream), {
      namespace: model.config.namespace,
      event: "dlq",
      major: 1,
    });
    if (!stream.subjects.some((f: string) => subjectMatches(f, subject))) {
      report.error("registry.json", "/dlq/subject", rule, `dead letters of ${c.name} go to "${subject}", which stream ${stream.name} does not capture`);
    }
  }
}

function servicesPublishAndConsumeDeclaredEvents({ model, report }: LintContext, rule: string): void {
  const names = new Set(model.events.map((e) => e.name));
  for (const [service, s] of Object.entries(model.config.services)) {
    for (const kind of ["publishes", "consumes"] as const) {
      s[kind].forEach((event, i) => {
        if (!names.has(event)) report.error("registry.json", `/services/${service}/${kind}/${i}`, rule, `"${event}" is not an event of this registry`);
      });
    }
  }
}

function theEnvelopeDefinesEveryFieldTheRuntimeFills({ model, report }: LintContext, rule: string): void {
  const props = (model.envelope.schema.properties ?? {}) as Record<string, unknown>;
  for (const [role, name] of Object.entries(model.envelope.fields) as Array<[string, string]>) {
    if (!(name in props)) report.error(model.envelope.file, "/properties", rule, `the ${role} field "${name}" (envelope.fields.${role}) is not a property of the envelope`);
  }
}

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
    walkSchema(model.resolved.docs.get(file)!.schema, ({ node, pointer }) => {
      const props = node.properties;
      if (props && typeof props === "object" && Object.prototype.hasOwnProperty.call(props, "__proto__")) {
        report.error(file, `${pointer}/properties/__proto__`, rule, "rename the property; __proto__ cannot be carried as data by JavaScript objects");
      }
    });
  }
}

/** The rules of the registry as a whole: versions, subjects, names, schemas, examples, streams and consumers, in the order they run. */
export const registryRules: readonly LintRule[] = [
  { sentence: "Versions have no gaps", check: versionsHaveNoGaps },
  { sentence: "Every subject is a valid NATS subject", check: everySubjectIsAValidNatsSubject },
  { sentence: "Each subject belongs to one event", check: eachSubjectBelongsToOneEvent },
  { sentence: "Each envelope type belongs to one event", check: eachEnvelopeTypeBelongsToOneEvent },
  { sentence: RULE_TS_NAMES, check: typescriptNamesAreUnique },
  { sentence: RULE_REF_CYCLE, check: aRefCyclePassesThroughData },
  { sentence: "Every schema compiles", check: everySchemaCompiles },
  { sentence: "Every example is valid against its schema", check: everyExampleIsValidAgainstItsSchema },
  { sentence: "Every at-least-once event is captured by one stream", check: everyAtLeastOnceEventIsCapturedByOneStream },
  { sentence: "Streams do not overlap", check: streamsDoNotOverlap },
  { sentence: "Every consumer reads a declared stream", check: everyConsumerReadsADeclaredStream },
  { sentence: "The dead-letter stream is declared and captures dead letters", check: theDeadLetterStreamIsDeclaredAndCapturesDeadLetters },
  { sentence: "Services publish and consume declared events", check: servicesPublishAndConsumeDeclaredEvents },
  { sentence: "The envelope defines every field the runtime fills", check: theEnvelopeDefinesEveryFieldTheRuntimeFills },
  { sentence: "x-delivery is at-least-once or at-most-once", check: xDeliveryIsAtLeastOnceOrAtMostOnce },
  { sentence: "No property is named __proto__", check: noPropertyIsNamedProto },
];
