/**
 * Patterns shown linear by their shape (base/plainly-linear.ts), so recheck need not be loaded:
 * a table of what it takes and what it leaves to recheck, and, for patterns generated from the
 * same pieces, that every one it takes is one recheck itself calls safe. It may leave a safe
 * pattern to recheck; it must never take a slow one.
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainlyLinear } from "../../generator/base/plainly-linear.js";

const { checkSync } = createRequire(import.meta.url)("recheck/lib/browser.js") as typeof import("recheck");
const recheckSafe = (pattern: string) => checkSync(pattern, "u", {}).status === "safe";

describe("plainlyLinear", () => {
  it.each([
    // The shapes of the repository's registries and the bench's.
    { given: "^[A-Z]{3}$", want: true },
    { given: "^[A-Z0-9-]+$", want: true },
    { given: "^[a-z][a-z0-9_]*$", want: true },
    { given: "^[A-Za-z0-9][A-Za-z0-9._:-]*$", want: true },
    { given: "^[0-9A-Fa-f.:*]+$", want: true },
    { given: "^\\d+\\.\\d+$", want: true },
    { given: "^\\d{1,3}\\.\\d{1,3}$", want: true },
    { given: "^application/json$", want: true },
    { given: "^[a-z]+-[a-z]+$", want: true },
    { given: "^\\w+@\\w+$", want: true },
    { given: "^a+", want: true },
    { given: "^$", want: true },
    { given: "", want: true },
    { given: "abc", want: true },
    { given: "[0-9]{4}-[0-9]{2}", want: true },
    { given: "^😀+x$", want: true },
    { given: "^a{2,2}b{0}$", want: true },
    // Left to recheck: groups, alternatives, assertions, lazy quantifiers, other escapes.
    { given: "^(a+)+$", want: false },
    { given: "^a|b$", want: false },
    { given: "^\\d+(\\.\\d+)*$", want: false },
    { given: "^a+?b$", want: false },
    { given: "^\\bword$", want: false },
    { given: "^\\p{L}+$", want: false },
    { given: "^\\u0041+$", want: false },
    // Variable atoms without a literal between them they cannot match.
    { given: "^a*a$", want: false },
    { given: "^\\d+\\d*$", want: false },
    { given: "^[a-z]+[a-z0-9]+$", want: false },
    { given: "^\\w+\\.\\w+\\d?$", want: false },
    { given: "^\\w+\\.?\\w+$", want: false },
    { given: "^[^@]+@[^@]+\\.[^@]+$", want: false },
    { given: "^.+\\.x$", want: false },
    { given: "^a+[bc]d$", want: false },
    // Unanchored with a variable atom: every start position scans on.
    { given: "\\s+$", want: false },
    { given: "a+b", want: false },
    // An escaped dollar at the end is a literal, not the anchor: a separator a+ cannot match.
    { given: "^a+\\$", want: true },
    { given: "^\\$+\\$", want: false },
  ])("$given: $want", ({ given, want }) => {
    expect(plainlyLinear(given)).toBe(want);
    if (want) expect(recheckSafe(given)).toBe(true);
  });

  it("takes only patterns recheck calls safe, generated from literals, classes and quantifiers", { timeout: 120_000 }, () => {
    const atom = fc.constantFrom("a", "b", "-", "\\.", ".", "\\d", "\\w", "\\s", "\\D", "[ab]", "[a-c0-9]", "[^a]", "[.]", "/");
    const quantifier = fc.constantFrom("", "", "?", "*", "+", "{2}", "{1,3}", "{2,}", "{0,1}");
    const pattern = fc.record({
      start: fc.boolean(),
      atoms: fc.array(fc.tuple(atom, quantifier), { minLength: 1, maxLength: 5 }),
      end: fc.boolean(),
    }).map(({ start, atoms, end }) => `${start ? "^" : ""}${atoms.map(([a, q]) => a + q).join("")}${end ? "$" : ""}`);
    let taken = 0;
    fc.assert(
      fc.property(pattern, (p) => {
        if (!plainlyLinear(p)) return true;
        taken++;
        return recheckSafe(p);
      }),
      { numRuns: 1500, seed: 17 },
    );
    // The property means something only if many patterns were taken.
    expect(taken).toBeGreaterThan(300);
  });
});
