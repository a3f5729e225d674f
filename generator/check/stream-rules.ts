/** The lint rules of streams and consumers: every at-least-once event stored once, consumers and dead letters where streams are. */
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

/** The rules of streams, consumers and the dead-letter stream, in the order they run. */
export const streamRules: readonly LintRule[] = [
  { sentence: "Every at-least-once event is captured by one stream", check: everyAtLeastOnceEventIsCapturedByOneStream },
  { sentence: "Streams do not overlap", check: streamsDoNotOverlap },
  { sentence: "Every consumer reads a declared stream", check: everyConsumerReadsADeclaredStream },
  { sentence: "The dead-letter stream is declared and captures dead letters", check: theDeadLetterStreamIsDeclaredAndCapturesDeadLetters },
];
