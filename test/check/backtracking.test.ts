/**
 * recheck's verdicts as base/backtracking.ts gives them: a table of patterns that backtrack
 * catastrophically and patterns that do not, the latter including every pattern the repository's
 * registries, fixtures and bench registry use (the rule must refuse none of them).
 */
import { describe, expect, it } from "vitest";
import {
  backtracking,
  type KnownSafePatterns,
} from "../../generator/base/backtracking.js";

const vulnerable: Array<{ given: string; want: RegExp }> = [
  { given: "^(a+)+$", want: /^exponential$/ },
  { given: "(a|a)*b", want: /^exponential$/ },
  { given: "^(a|aa)+$", want: /^exponential$/ },
  { given: "^([a-z]+-?)*$", want: /^exponential$/ },
  { given: "^x-(\\w|\\d)+$", want: /^exponential$/ },
  { given: "^(\\w+\\s?)*$", want: /^exponential$/ },
  // Unanchored, ajv's test() tries every start: quadratic (the classic trim ReDoS).
  { given: "\\s+$", want: /^polynomial \(degree 2\)$/ },
  // The common e-mail check: quadratic on ".x.x.x…".
  { given: "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$", want: /^polynomial/ },
];

const safe: string[] = [
  // schemas/ (the seed registry)
  "^\\d+\\.\\d+$",
  "^[A-Za-z0-9][A-Za-z0-9._:-]*$",
  "^[0-9A-Fa-f.:*]+$",
  // examples/, test/fixtures/, bench/synthetic-registry.ts
  "^[A-Z]{3}$",
  "^[A-Z]{2}$",
  "^[A-Z0-9-]+$",
  "^[a-z][a-z0-9_]*$",
  "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+\\.v[0-9]+$",
  "^[\\w'\"\\\\ü]+$",
  '^application/json( *; *charset="?(utf|UTF)-8"?)?$',
  // test/ registries built in code
  "^[a-z]+$",
  "^[a-z]{2,3}$",
  "^b",
  "^a|b$",
  "^[a-z_]+$",
  "^[a-z][a-z0-9-]*$",
  "^[0-9]{4}$",
  "^-?[0-9]+(\\.[0-9]+)?$",
  "^(a|b)`+$",
  // star height 2 but linear: a heuristic would refuse it
  "^\\d+(\\.\\d+)*$",
  "^\\p{L}+$",
];

// recheck takes up to a few seconds on a long pattern on a loaded machine.
describe("backtracking", { timeout: 30_000 }, () => {
  it.each(vulnerable)("$given: $want", ({ given, want }) => {
    const verdict = backtracking(given);
    expect(verdict?.safe).toBe(false);
    if (verdict?.safe !== false) return;
    expect(verdict.complexity).toMatch(want);
    expect(verdict.attack).not.toBe("");
  });

  it.each(safe)("%s: safe", (given) => {
    expect(backtracking(given)).toEqual({ safe: true });
  });

  it("gives no verdict on what is no regular expression (Every schema compiles reports it)", () => {
    expect(backtracking("^(o-[0-9]+$")).toBeUndefined();
  });

  it("asks the patterns known safe before recheck, and tells them of each pattern it finds safe", () => {
    const asked: string[] = [];
    const added: string[] = [];
    const known: KnownSafePatterns = {
      has: (p) => (asked.push(p), p === "^(b+)+$"),
      add: (p) => added.push(p),
    };
    // Known safe: taken as it is (a cache entry stands for an earlier verdict), recheck not asked.
    expect(backtracking("^(b+)+$", known)).toEqual({ safe: true });
    expect(backtracking("^[b-d]+(-[b-d]+)*$", known)).toEqual({ safe: true });
    expect(backtracking("^(c+)+$", known)?.safe).toBe(false);
    // Linear by its shape (base/plainly-linear.ts): neither asked nor told.
    expect(backtracking("^[e-f]+$", known)).toEqual({ safe: true });
    expect(asked).toEqual(["^(b+)+$", "^[b-d]+(-[b-d]+)*$", "^(c+)+$"]);
    expect(added).toEqual(["^[b-d]+(-[b-d]+)*$"]);
  });
});
