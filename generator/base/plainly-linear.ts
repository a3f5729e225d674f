/**
 * Patterns that match in linear time by their shape alone, so that recheck (base/backtracking.ts),
 * 3 MB of compiled Scala that takes ~180 ms to load and ~100 ms to warm on a cold run's main
 * thread, is not loaded for the patterns most registries have: `^[A-Z]{3}$`, `^[a-z][a-z0-9_]*$`,
 * `^\d+\.\d+$`. Anything this cannot show linear goes to recheck as before; this never says a
 * pattern is slow.
 *
 * The shape: a sequence of single-character atoms (a literal, an escaped syntax character, `.`,
 * `\d \D \w \W \s \S`, a bracket class), each with an optional greedy quantifier (`? * + {n}
 * {n,} {n,m}`); no group, alternative, assertion or back-reference. An atom is *fixed* when it
 * repeats an exact number of times, else *variable*. Such a pattern is linear when
 * - it has no variable atom (each start position costs at most its length), or
 * - it starts with `^`, and every variable atom is last (before an optional `$`) or is followed
 *   by a fixed literal that the variable atom cannot match. The literal then ends the variable
 *   atom's run where the run's characters end: the one split a match can have, so backtracking
 *   into the run fails at each step at once. `^` gives a single start position (ajv compiles with
 *   `u` only, no `m`).
 * Membership of the literal in the atom is asked of the JavaScript engine itself (the atom
 * compiled alone with the same `u` flag), so classes, ranges and escapes need no model here.
 */

interface Atom {
  /** The atom's source, as it can be compiled alone. */
  source: string;
  /** The character it stands for, when it is a literal. */
  literal?: string;
  variable: boolean;
}

/** The characters `\\` escapes to themselves with the `u` flag. */
const SYNTAX = new Set("^$\\.*+?()[]{}|/");
/** Characters that are no literal where an atom starts (a lone `]` or `}` is an error with `u`). */
const NOT_LITERAL = new Set("^$\\.*+?()[]{}|");
const CLASS_ESCAPES = new Set("dDwWsS");
const QUANTIFIER = /^(?:[*+?]|\{(\d+)(?:(,)(\d*))?\})/;

/** Whether `pattern` (valid with the `u` flag) has the shape above, and so matches in linear time. */
export function plainlyLinear(pattern: string): boolean {
  let at = 0;
  const anchored = pattern.startsWith("^");
  if (anchored) at = 1;
  const end = pattern.endsWith("$") && !pattern.endsWith("\\$") ? pattern.length - 1 : pattern.length;
  const atoms: Atom[] = [];
  while (at < end) {
    const atom = atomAt(pattern, at, end);
    if (!atom) return false;
    at = atom.next;
    const quantified = QUANTIFIER.exec(pattern.slice(at, end));
    let variable = false;
    if (quantified) {
      at += quantified[0].length;
      // A lazy quantifier matches the same strings in another order: left to recheck.
      if (pattern[at] === "?") return false;
      const [whole, min, comma, max] = quantified;
      variable = whole.length === 1 || (comma !== undefined && max !== min);
    }
    atoms.push({ source: atom.source, ...(atom.literal !== undefined ? { literal: atom.literal } : {}), variable });
  }
  if (!atoms.some((a) => a.variable)) return true;
  if (!anchored) return false;
  return atoms.every((atom, i) => {
    if (!atom.variable || i === atoms.length - 1) return true;
    const next = atoms[i + 1]!;
    return !next.variable && next.literal !== undefined && !new RegExp(`^(?:${atom.source})$`, "u").test(next.literal);
  });
}

/** The single-character atom at `at`, and where it ends; undefined for anything else. */
function atomAt(pattern: string, at: number, end: number): { source: string; literal?: string; next: number } | undefined {
  const c = pattern[at]!;
  if (c === "\\") {
    const escaped = pattern[at + 1];
    if (escaped === undefined || at + 1 >= end) return undefined;
    if (CLASS_ESCAPES.has(escaped)) return { source: pattern.slice(at, at + 2), next: at + 2 };
    if (SYNTAX.has(escaped)) return { source: pattern.slice(at, at + 2), literal: escaped, next: at + 2 };
    return undefined;
  }
  if (c === "[") {
    // With `u` (not `v`), a class ends at its first unescaped `]`.
    for (let i = at + 1; i < end; i++) {
      if (pattern[i] === "\\") i++;
      else if (pattern[i] === "]") return { source: pattern.slice(at, i + 1), next: i + 1 };
    }
    return undefined;
  }
  if (c === ".") return { source: ".", next: at + 1 };
  if (NOT_LITERAL.has(c)) return undefined;
  const literal = String.fromCodePoint(pattern.codePointAt(at)!);
  return { source: literal, literal, next: at + literal.length };
}
