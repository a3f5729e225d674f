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

/** True when the NATS subject filter `filter` (with `*` and `>`) matches the concrete `subject`. */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split(".");
  const s = subject.split(".");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === ">") return s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== "*" && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}
