/**
 * Whether a regular expression can backtrack catastrophically, as recheck (makenowjust's ReDoS
 * checker) judges it with the `u` flag ajv's validators use. A `pattern` that can (`^(a+)+$`)
 * lets one string of a few dozen characters stall every validator that applies it: generate and
 * check on an example, `validate` on a file, a consumer or publisher on a message; and the
 * compatibility engine, which matches property names against `patternProperties` keys of
 * versions the lint rule never saw (a release read from git), asks here before it runs one, so it
 * sits below both (check/backtracking-rules.ts is the rule). Of the
 * checkers weighed, recheck is the one that decides by the regex's automaton (it calls
 * `^\d+(\.\d+)*$` linear and `(a|aa)+` exponential, where a star-height heuristic gets both
 * wrong) and names an attack string; its polynomial verdicts count too (`^.*a.*b.*$`): at the
 * message sizes NATS carries, a quadratic match is a stall as well.
 *
 * recheck is some 3 MB of compiled Scala and costs a few hundred milliseconds to load, so it is
 * loaded on the first pattern whose verdict is not known (a registry without patterns never
 * loads it), and each verdict is kept by pattern for the process. Its pure JavaScript build is
 * the one used (the same verdicts as its native and Java backends, on this thread, on every
 * platform, nothing left running); the command line carries that one file beside its bundle
 * (tools/bundle-cli.mjs), so a project installing jetschema installs none of recheck's ~50 MB of
 * optional native and Java packages. Run from source (tests, tsx), it comes from the dev dependency.
 */
import { createRequire } from "node:module";

export type Backtracking =
  | { safe: true }
  /** `complexity`: "exponential", "polynomial (degree 2)"; `attack`: a string that shows it (as JavaScript); `parts`: the parts of the pattern that backtrack. */
  | { safe: false; complexity: string; attack: string; parts: string[] }
  /** recheck could not decide (its time or size budget ran out, a feature it does not model). */
  | { safe: undefined; reason: string };

type CheckSync = typeof import("recheck").checkSync;
/** Where tools/bundle-cli.mjs puts recheck's pure JavaScript build, beside the bundle. */
const BUNDLED_RECHECK = "./recheck.cjs";
let checkSync: CheckSync | undefined;
const verdicts = new Map<string, Backtracking>();

/**
 * recheck's verdict on `pattern`; undefined when it is no regular expression (another rule says
 * so). `known`: the patterns an earlier process found safe, asked before recheck is, told of
 * each pattern found safe now.
 */
export function backtracking(
  pattern: string,
  known?: KnownSafePatterns,
): Backtracking | undefined {
  const kept = verdicts.get(pattern);
  if (kept) return kept;
  try {
    new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
  const wasKnown = known?.has(pattern) === true;
  const verdict: Backtracking = wasKnown ? { safe: true } : judge(pattern);
  verdicts.set(pattern, verdict);
  if (verdict.safe && !wasKnown) known?.add(pattern);
  return verdict;
}

function judge(pattern: string): Backtracking {
  checkSync ??= loadRecheck();
  const diagnostics = checkSync(pattern, "u");
  if (diagnostics.status === "safe") return { safe: true };
  if (diagnostics.status === "vulnerable") {
    const { complexity, attack, hotspot } = diagnostics;
    const parts = [
      ...new Set(
        hotspot
          .filter((h) => h.temperature === "heat")
          .map((h) => pattern.slice(h.start, h.end)),
      ),
    ];
    return {
      safe: false,
      complexity:
        complexity.type === "polynomial"
          ? `polynomial (degree ${complexity.degree})`
          : complexity.type,
      attack: attack.pattern,
      parts,
    };
  }
  const { error } = diagnostics;
  return {
    safe: undefined,
    reason:
      "message" in error ? `${error.kind}: ${error.message}` : error.kind,
  };
}

function loadRecheck(): CheckSync {
  const require = createRequire(import.meta.url);
  try {
    return (require(BUNDLED_RECHECK) as typeof import("recheck")).checkSync;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
    return (require("recheck/lib/browser.js") as typeof import("recheck")).checkSync;
  }
}

/** Patterns found safe by an earlier process (the cache keeps them): a later one neither loads recheck nor asks it again. */
export interface KnownSafePatterns {
  has(pattern: string): boolean;
  add(pattern: string): void;
}
