/** Subject templates and NATS subject rules. */

export interface TemplateValues {
  namespace: string;
  event: string;
  major: number;
}

export function fillTemplate(template: string, v: TemplateValues): string {
  const segments = v.event.split(".");
  const values: Record<string, string> = {
    namespace: v.namespace,
    event: v.event,
    domain: segments[0]!,
    action: segments[segments.length - 1]!,
    major: String(v.major),
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Why a concrete subject (no wildcards) is not acceptable to NATS, or undefined if it is. */
export function concreteSubjectProblem(subject: string): string | undefined {
  if (subject === "") return "the subject is empty";
  if (/\{\w+\}/.test(subject)) return `unknown placeholder ${/\{\w+\}/.exec(subject)![0]} (use {namespace}, {event}, {domain}, {action}, {major})`;
  if (/\s/.test(subject)) return "subjects cannot contain white space";
  const tokens = subject.split(".");
  if (tokens.some((t) => t === "")) return "subjects cannot have empty tokens (leading, trailing or double dots)";
  if (tokens.some((t) => t === "*" || t === ">" || t.includes("*") || t.includes(">")))
    return "a concrete subject cannot contain the wildcards * or >";
  // Control characters and DEL are refused by the server's parser.
  if (/[\u0000-\u001f\u007f]/.test(subject)) return "subjects cannot contain control characters";
  return undefined;
}

/** Why a subject filter (wildcards allowed) is malformed, or undefined. */
export function filterProblem(filter: string): string | undefined {
  if (filter === "") return "the subject filter is empty";
  if (/\s/.test(filter)) return "subject filters cannot contain white space";
  const tokens = filter.split(".");
  if (tokens.some((t) => t === "")) return "subject filters cannot have empty tokens";
  for (const [i, t] of tokens.entries()) {
    if (t === ">" && i !== tokens.length - 1) return "> may only be the last token";
    if (t !== "*" && t !== ">" && (t.includes("*") || t.includes(">"))) return `token "${t}" mixes a wildcard with text`;
  }
  return undefined;
}

/**
 * True when `filter` (with * and >) matches the concrete `subject`: the runtime's own matcher,
 * so what the generator decides (which stream captures an event, what a consumer receives) is
 * what the runtime routes by.
 */
export { subjectMatches } from "@jetschema/runtime/subjects";

/** True when some subject could match both filters. */
export function filtersOverlap(a: string, b: string): boolean {
  const x = a.split(".");
  const y = b.split(".");
  for (let i = 0; ; i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined || q === undefined) return p === q;
    if (p === ">" || q === ">") return true;
    if (p !== "*" && q !== "*" && p !== q) return false;
  }
}

/** True when every subject matching `inner` also matches `outer`. */
export function filterWithin(inner: string, outer: string): boolean {
  const x = inner.split(".");
  const y = outer.split(".");
  for (let i = 0; i < y.length; i++) {
    if (y[i] === ">") return x.length > i;
    if (i >= x.length) return false;
    if (x[i] === ">") return false;
    if (y[i] !== "*" && (x[i] === "*" || x[i] !== y[i])) return false;
  }
  return x.length === y.length;
}
