/**
 * The dead-letter subject of a consumer, from registry.json's `dlq.subject` template
 * ({namespace}, {consumer}, {stream}) plus the runtime subjectPrefix, and the filter that matches
 * the dead letters of one consumer or of all of them.
 */
import type { DlqSpec } from "../base/descriptor.js";
import { withPrefix } from "../base/subjects.js";

export interface DeadLetterPlace {
  namespace: string;
  consumer: string;
  stream: string;
}

export function deadLetterSubject(dlq: DlqSpec, place: DeadLetterPlace, subjectPrefix = ""): string {
  return withPrefix(subjectPrefix, fill(dlq.subject, place));
}

/**
 * Matches the dead letters of `consumer` (or of every consumer: `*` in its place). Consumer and
 * stream names cannot contain dots, so one `*` token stands for any of them.
 */
export function deadLetterFilter(dlq: DlqSpec, namespace: string, subjectPrefix = "", consumer?: string): string {
  return withPrefix(subjectPrefix, fill(dlq.subject, { namespace, consumer: consumer ?? "*", stream: "*" }));
}

function fill(template: string, place: DeadLetterPlace): string {
  return template.replace(/\{(namespace|consumer|stream)\}/g, (_, name: keyof DeadLetterPlace) => place[name]);
}
