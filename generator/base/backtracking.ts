/**
 * Whether a regular expression can backtrack catastrophically, as recheck (makenowjust's ReDoS
 * checker) judges it with the `u` flag ajv's validators use. A `pattern` that can (`^(a+)+$`)
 * lets one string of a few dozen characters stall every validator that applies it: generate and
 * check on an example, `validate` on a file, a consumer or publisher on a message. The lint rule
 * (check/backtracking-rules.ts) asks here, and so does the compatibility engine before it matches
 * a property name against a `patternProperties` key of a version the rule never saw (a release
 * read from git): that is why this sits below both. Of the checkers weighed, recheck is the one
 * that decides by the regex's automaton (it calls `^\d+(\.\d+)*$` linear and `(a|aa)+`
 * exponential, where a star-height heuristic gets both wrong) and names an attack string; its
 * polynomial verdicts count too (`^.*a.*b.*$`): at the message sizes NATS carries, a quadratic
 * match is a stall as well.
 *
 * recheck is some 3 MB of compiled Scala and costs a few hundred milliseconds to load, so it is
 * loaded on the first pattern whose verdict is not known (a registry without patterns, or with
 * only patterns plainly linear by their shape, base/plainly-linear.ts, never loads it), and each
 * verdict is kept by pattern for the process. Its pure JavaScript build is
 * the one used (the same verdicts as its native and Java backends, on this thread, on every
 * platform, nothing left running); the command line carries that one file beside its bundle
 * (tools/bundle-cli.mjs), so a project installing jetschema installs none of recheck's ~50 MB of
 * optional native and Java packages. Run from source (tests, tsx), it comes from the dev dependency.
 */
import { createRequire } from "node:module";
import { plainlyLinear } from "./plainly-linear.js";

export type Backtracking =
  | { safe: true }
  /** `complexity`: "exponential", "polynomial (degree 2)"; `attack`: a string that shows it (as JavaScript); `parts`: the parts of the pattern that backtrack. */
  | { safe: false; complexity: string; attack: string; parts: string[] }
  /** recheck could not decide (its time or size budget ran out, a feature it does not model). */
  | { safe: undefined; reason: string };

type CheckSync = typeof import("recheck").checkSync;
/** Where tools/bundle-cli.mjs puts recheck's pure JavaScript build, beside the bundle, and its package's name and version. */
const BUNDLED_RECHECK = "./recheck.cjs";
const BUNDLED_RECHECK_PACKAGE = "./recheck.json";
/** The flags ajv compiles a pattern with. */
const FLAGS = "u";
/** recheck's budgets and strategies: its defaults, which its version fixes. */
const PARAMETERS = {} satisfies import("recheck").Parameters;
/** Bump when what a verdict is read from recheck's answer changes (judge() below). */
const READING = 1;
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
    new RegExp(pattern, FLAGS);
  } catch {
    return undefined;
  }
  // A pattern linear by its shape needs neither recheck nor a record of its verdict.
  if (plainlyLinear(pattern)) {
    const verdict: Backtracking = { safe: true };
    verdicts.set(pattern, verdict);
    return verdict;
  }
  const wasKnown = known?.has(pattern) === true;
  const verdict: Backtracking = wasKnown ? { safe: true } : judge(pattern);
  verdicts.set(pattern, verdict);
  if (verdict.safe && !wasKnown) known?.add(pattern);
  return verdict;
}

function judge(pattern: string): Backtracking {
  checkSync ??= loadRecheck();
  const diagnostics = checkSync(pattern, FLAGS, PARAMETERS);
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
  return (beside(BUNDLED_RECHECK, "recheck/lib/browser.js") as typeof import("recheck")).checkSync;
}

/** What tools/bundle-cli.mjs put beside the bundle, else (run from source, or tsc's output) what the dev dependency holds. */
function beside(bundled: string, installed: string): unknown {
  const require = createRequire(import.meta.url);
  try {
    return require(bundled);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
    return require(installed);
  }
}

let judgeName: string | undefined | null;

/**
 * Everything besides the pattern that decides a verdict, as one JSON text: recheck's version
 * (read from its package file, beside the build that loadRecheck() loads, without loading it),
 * the flags and parameters it is asked with, and how its answer is read. A verdict kept across
 * processes is one for exactly this. Undefined when the version cannot be read: nothing is kept.
 */
export function judgedBy(): string | undefined {
  if (judgeName === undefined) {
    try {
      const { version } = beside(BUNDLED_RECHECK_PACKAGE, "recheck/package.json") as { version?: unknown };
      judgeName = typeof version === "string" ? JSON.stringify({ checker: "recheck", version, flags: FLAGS, parameters: PARAMETERS, reading: READING }) : null;
    } catch {
      judgeName = null;
    }
  }
  return judgeName ?? undefined;
}

/**
 * Patterns found safe by an earlier process (the cache keeps them, cache/safe-patterns.ts): a
 * later one neither loads recheck nor asks it again. `has` is true only for a record of this
 * judge's (judgedBy()) verdict on exactly this pattern: anything else is asked of recheck again.
 */
export interface KnownSafePatterns {
  has(pattern: string): boolean;
  add(pattern: string): void;
}
