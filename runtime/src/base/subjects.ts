/**
 * The runtime `subjectPrefix` (an environment such as "prod"): applied alike to every published
 * subject, stream subject and consumer filter, so one registry serves several environments.
 */

/** Validates and normalizes a prefix: "prod", "prod." and "eu.prod" are fine; "" means none. */
export function normalizeSubjectPrefix(prefix: string | undefined): string {
  if (prefix === undefined) return "";
  const trimmed = prefix.endsWith(".") ? prefix.slice(0, -1) : prefix;
  if (trimmed === "") return "";
  for (const token of trimmed.split(".")) {
    if (token === "" || /[\s*>]/.test(token)) {
      throw new RangeError(
        `Invalid subjectPrefix ${JSON.stringify(prefix)}: use dot-separated tokens without spaces, "*" or ">"`,
      );
    }
  }
  return trimmed;
}

/** `withPrefix("prod", "a.b")` is `"prod.a.b"`; an empty prefix leaves the subject as is. */
export function withPrefix(prefix: string, subject: string): string {
  return prefix === "" ? subject : `${prefix}.${subject}`;
}

/**
 * True when the NATS subject filter `filter` (with `*` and `>`) matches the concrete `subject`.
 * Token by token in place, as `split(".")` would cut them (an empty subject is one empty token),
 * without making the token arrays: the generator asks it for every event against every stream's
 * filters, and a consumer's routes and the dead-letter listing ask it per message.
 */
export function subjectMatches(filter: string, subject: string): boolean {
  let f = 0;
  // The start of the subject's token matched against the filter's at `f`; -1 once it has no more.
  let s = 0;
  for (;;) {
    const fEnd = tokenEnd(filter, f);
    const one = fEnd - f === 1;
    if (one && filter.charCodeAt(f) === GREATER) return s >= 0;
    if (s < 0) return false;
    const sEnd = tokenEnd(subject, s);
    if (!(one && filter.charCodeAt(f) === STAR) && !sameToken(filter, f, fEnd, subject, s, sEnd)) return false;
    const sNext = sEnd < subject.length ? sEnd + 1 : -1;
    if (fEnd === filter.length) return sNext < 0;
    f = fEnd + 1;
    s = sNext;
  }
}

const DOT = 46;
const STAR = 42;
const GREATER = 62;

function tokenEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && text.charCodeAt(i) !== DOT) i++;
  return i;
}

function sameToken(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + i)) return false;
  return true;
}
