/** The lint rules of streams and consumers: every at-least-once event stored once, consumers and dead letters where streams are. */
import { parseSize } from "@jetschema/runtime/durations";
import { fillTemplate, filterWithin, filtersOverlap, subjectMatches } from "../model/subjects.js";
import type { LintContext, LintRule } from "./lint-rule.js";

function everyAtLeastOnceEventIsCapturedByOneStream({ model, report }: LintContext, rule: string): void {
  for (const m of model.majors) {
    if (m.delivery !== "at-least-once") continue;
    // The model took each major's stream as the first whose subjects capture it (registry-model.ts).
    if (m.stream === undefined) {
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

/** A limit NATS enforces: above 0 (0 and -1 mean none); a size the runtime cannot read is another rule's report. */
function isLimit(value: number | string | undefined, read: (v: number | string) => number = Number): boolean {
  if (value === undefined) return false;
  try {
    return read(value) > 0;
  } catch {
    return false;
  }
}

/**
 * A full stream with `discard: "old"` (NATS's default) deletes its oldest messages to store a new
 * one: the dead letters, whose originals are gone, would vanish without an error. With "new" the
 * stream refuses the write and the runtime keeps the original (nak'ed, held on its last
 * delivery) until there is room. A per-subject limit deletes old messages unless
 * `discard_new_per_subject` is set with "new". An error, except where registry.json says `"discard": "old"` in so many words: a bounded log
 * of the latest dead letters is then the user's stated choice (seed 004 asks it of all its
 * streams), reported as a warning naming its cost. max_age is a retention the user states and is
 * not reported.
 */
function theDeadLetterStreamRefusesDeadLettersRatherThanDiscardingOldOnes({ model, report }: LintContext, rule: string): void {
  const stream = model.dlq && model.streams.find((s) => s.name === model.dlq!.stream);
  if (!stream) return;
  const chosen = stream.discard === "old";
  const tell = (field: string, message: string) => report.add({ file: "registry.json", pointer: `/streams/${stream.name}/${field}`, rule, message, severity: chosen ? "warning" : "error" });
  if (isLimit(stream.max_msgs_per_subject) && !(stream.discard === "new" && stream.discard_new_per_subject)) {
    tell("max_msgs_per_subject", `the dead-letter stream ${stream.name} keeps ${stream.max_msgs_per_subject} message(s) per subject and deletes a consumer's oldest dead letters beyond that; set "discard": "new" and "discard_new_per_subject": true (a consumer's full subject then refuses the dead letter), or remove max_msgs_per_subject`);
  }
  const limits = (["max_msgs", "max_bytes"] as const).filter((field) => isLimit(stream[field], field === "max_bytes" ? parseSize : Number));
  if (limits.length === 0 || stream.discard === "new") return;
  const discard = chosen ? `discard "old"` : `no "discard" (NATS's default is "old")`;
  tell(chosen ? "discard" : limits[0]!, `the dead-letter stream ${stream.name} has ${limits.map((field) => `${field} ${stream[field]}`).join(" and ")} and ${discard}: once full, it deletes its oldest dead letters to store new ones, silently; set "discard": "new" (a full stream then refuses the dead letter and the runtime keeps the original until there is room)`);
}

/**
 * JetStream refuses a stream config with discard_new_per_subject but no per-subject limit or
 * without discard "new"; said here, with the file and pointer, rather than by the server at
 * provisioning time.
 */
function aStreamRefusingPerSubjectHasAPerSubjectLimitAndDiscardNew({ model, report }: LintContext, rule: string): void {
  for (const stream of model.streams) {
    if (!stream.discard_new_per_subject) continue;
    const missing = [
      ...(isLimit(stream.max_msgs_per_subject) ? [] : ["a max_msgs_per_subject above 0"]),
      ...(stream.discard === "new" ? [] : [`"discard": "new"`]),
    ];
    if (missing.length === 0) continue;
    report.error("registry.json", `/streams/${stream.name}/discard_new_per_subject`, rule, `stream ${stream.name} sets discard_new_per_subject without ${missing.join(" and ")}; NATS refuses that stream: add ${missing.join(" and ")}, or remove discard_new_per_subject`);
  }
}

/** The rules of streams, consumers and the dead-letter stream, in the order they run. */
export const streamRules: readonly LintRule[] = [
  { sentence: "Every at-least-once event is captured by one stream", check: everyAtLeastOnceEventIsCapturedByOneStream },
  { sentence: "Streams do not overlap", check: streamsDoNotOverlap },
  { sentence: "Every consumer reads a declared stream", check: everyConsumerReadsADeclaredStream },
  { sentence: "A stream refusing per subject has a per-subject limit and discard \"new\"", check: aStreamRefusingPerSubjectHasAPerSubjectLimitAndDiscardNew },
  { sentence: "The dead-letter stream is declared and captures dead letters", check: theDeadLetterStreamIsDeclaredAndCapturesDeadLetters },
  { sentence: "The dead-letter stream refuses dead letters rather than discarding old ones", check: theDeadLetterStreamRefusesDeadLettersRatherThanDiscardingOldOnes },
];
