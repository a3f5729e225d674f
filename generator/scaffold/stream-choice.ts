/** Which stream captures a subject, which one to suggest when none does, and the pattern to add. */
import type { StreamSpec } from "@jetschema/runtime";
import { filtersOverlap, subjectMatches } from "../model/subjects.js";

export function capturing(streams: StreamSpec[], subject: string): StreamSpec[] {
  return streams.filter((s) => s.subjects.some((f: string) => subjectMatches(f, subject)));
}

/** The stream whose subjects share the most leading tokens with `subject` (ties: the first declared). */
export function suggestStream(streams: StreamSpec[], subject: string, exclude?: string): StreamSpec | undefined {
  const tokens = subject.split(".");
  let best: { s: StreamSpec; score: number } | undefined;
  for (const s of streams) {
    if (s.name === exclude) continue;
    const score = Math.max(0, ...s.subjects.map((f: string) => {
      const ft = f.split(".");
      let n = 0;
      while (n < ft.length && n < tokens.length && (ft[n] === tokens[n] || ft[n] === "*")) n++;
      return n;
    }));
    if (score > 0 && (!best || score > best.score)) best = { s, score };
  }
  return best?.s;
}

/**
 * The pattern to add so `stream` captures `next` (the new major's subject): the filter that
 * captured `previous`, with the tokens that differ between the two subjects replaced, when that
 * filter captures exactly the analogous subjects; else the subject itself. Never one that would
 * overlap another stream.
 */
export function patternFor(streams: StreamSpec[], stream: StreamSpec, previous: string | undefined, next: string): string {
  const others = streams.filter((s) => s.name !== stream.name).flatMap((s) => s.subjects as string[]);
  const safe = (p: string) => subjectMatches(p, next) && !others.some((o) => filtersOverlap(o, p)) && !stream.subjects.includes(p);
  if (previous) {
    const a = previous.split(".");
    const b = next.split(".");
    for (const f of stream.subjects as string[]) {
      const ft = f.split(".");
      if (!subjectMatches(f, previous) || ft.length !== a.length || a.length !== b.length) continue;
      const candidate = ft.map((t, i) => (a[i] !== b[i] && t === a[i] ? b[i]! : t)).join(".");
      if (candidate !== f && safe(candidate)) return candidate;
    }
  }
  return next;
}
