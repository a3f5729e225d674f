/**
 * The subject matcher (runtime/src/base/subjects.ts, which the generator uses too) matches as NATS
 * does, token by token: `*` one token, `>` one or more at the end. Its answers are those of the
 * plain definition over `split(".")` for every pair of a table of filters and subjects, the odd
 * ones (empty tokens, an empty subject, wildcards inside a token) included.
 */
import { describe, expect, it } from "vitest";
import { subjectMatches } from "../../runtime/src/base/subjects.js";

/** The definition, over the tokens `split` cuts. */
function bySplit(filter: string, subject: string): boolean {
  const f = filter.split(".");
  const s = subject.split(".");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === ">") return s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== "*" && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

const filters = [">", "*", "a", "a.b", "a.*", "a.>", "*.b", "*.*", "a.*.c", "a.b.>", "ab", "a*", "a>", "a..b", "a.", ".a", "", "*.>", "wr.position.admitted.v1", "wr.*.admitted.>", ">.a"];
const subjects = ["a", "b", "ab", "a.b", "a.c", "a.b.c", "a.bc.c", "a.b.c.d", "b.b", "a..b", "a.", ".a", "", ".", "a*", "a>", "wr.position.admitted.v1", "wr.position.admitted.v1.x", "wr.queue.admitted"];

describe("subjectMatches", () => {
  it("answers as the token-split definition for every filter and subject of the table", () => {
    const wrong = filters.flatMap((f) => subjects.filter((s) => subjectMatches(f, s) !== bySplit(f, s)).map((s) => `${f} ~ ${s}`));
    expect(wrong).toEqual([]);
  });
  it.each([
    ["wr.*.admitted.>", "wr.position.admitted.v1", true],
    ["wr.*.admitted.>", "wr.position.admitted", false],
    ["a.*", "a.b.c", false],
    [">", "a", true],
    ["*", "", true],
  ] as const)("%s ~ %s: %s", (filter, subject, want) => expect(subjectMatches(filter, subject)).toBe(want));
});
