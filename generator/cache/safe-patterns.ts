/**
 * The patterns recheck found safe (base/backtracking.ts), kept in a cache folder so that a later
 * process, generate's or check's, neither loads recheck (~0.2 s) nor judges them again (up to
 * seconds for a long pattern).
 *
 * An entry is keyed by what decides the verdict and nothing else: the judge (recheck's version,
 * the flags and parameters it is asked with, how its answer is read: judgedBy()) and the pattern.
 * Not by the generator's fingerprint (generator-cache.ts), which would tie it to every line of
 * jetschema and make check digest the generator's code for it: an upgrade that keeps recheck
 * keeps its verdicts, and check and generate share them.
 *
 * Only a safe verdict is kept, and only a record that spells exactly this judge's verdict on
 * exactly this pattern counts. The store already refuses a record whose payload does not hash to
 * its header's digest (disk-store.ts); a record that hashes but is not the one asked for (moved
 * under another key, written by another recheck or another layout) is no verdict either: the
 * pattern is judged again, so a damaged or foreign cache can cost a run time, never let an unsafe
 * pattern through.
 */
import { judgedBy, type KnownSafePatterns } from "../base/backtracking.js";
import { sha256 } from "../base/hash.js";
import type { CacheStore } from "./disk-store.js";

export const SAFE_PATTERNS_KIND = "safe-patterns";

/** The key of `judge`'s verdict on `pattern`. */
export function safePatternKey(judge: string, pattern: string): string {
  return sha256(SAFE_PATTERNS_KIND, judge, pattern);
}

/** The record of `judge`'s verdict that `pattern` is safe, as kept and as required back. */
export function safePatternRecord(judge: string, pattern: string): string {
  return JSON.stringify({ judge: JSON.parse(judge) as unknown, pattern, safe: true });
}

/** The safe verdicts `store` keeps; none, and nothing kept, when the judge is not known (judgedBy()). */
export function safePatternsIn(store: CacheStore): KnownSafePatterns {
  return {
    has: (pattern) => {
      const judge = judgedBy();
      return judge !== undefined && store.get(SAFE_PATTERNS_KIND, safePatternKey(judge, pattern)) === safePatternRecord(judge, pattern);
    },
    add: (pattern) => {
      const judge = judgedBy();
      if (judge !== undefined) store.set(SAFE_PATTERNS_KIND, safePatternKey(judge, pattern), safePatternRecord(judge, pattern));
    },
  };
}
