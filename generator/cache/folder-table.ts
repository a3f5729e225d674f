/**
 * A table of values by key kept as cache entries per registry folder (a read and a write per run
 * instead of one per key: each event's `index.*` fragments, its compatibility findings, each
 * file's schema digest), in two parts: the base, rewritten now and then, and the delta, what the
 * base lacks, rewritten by a run that adds anything. An edit of one event sets a key or two (the
 * event's new inputs) and writes a delta of a few entries, not the whole table again (1.4 MB of
 * fragments at 1000 events).
 *
 * A key names what its value is made from (a digest of its inputs), so an entry no run asks for any
 * more is never wrong, only dead weight: once the base's entries this run did not use and the
 * delta's together pass an eighth of the base, the base is written again with only what this run
 * used, and the delta emptied (before, every run wrote the table with only what it used). A
 * table with no base yet (a cold run) is written as its base.
 */

/** Where the two parts are read from and written to (generator-cache.ts: two entries of the table's kind). */
export interface TableParts {
  read(part: TablePart): string | undefined;
  write(part: TablePart, text: string): void;
}

export type TablePart = "base" | "delta";

export interface FolderTable<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** The run's values are all known: what it got or set is saved. */
  save(): void;
}

/** Rewrite the base past this share of its entries, dead or in the delta (and this many more, for a small registry). */
const REWRITE_SHARE = 1 / 8;
const REWRITE_SLACK = 16;
const EMPTY = "{}";

export function folderTable<T>(parts: TableParts): FolderTable<T> {
  let base: Record<string, T> | undefined;
  let delta: Record<string, T> = {};
  let deltaText: string | undefined;
  let baseFound = false;
  const load = (): Record<string, T> => {
    if (!base) {
      const baseText = parts.read("base");
      baseFound = baseText !== undefined;
      base = parsed<T>(baseText);
      deltaText = parts.read("delta");
      delta = parsed<T>(deltaText);
    }
    return base;
  };
  const used: Record<string, T> = {};
  const setKeys = new Set<string>();
  return {
    get: (key) => {
      const stored = load();
      const value = Object.hasOwn(delta, key) ? delta[key] : Object.hasOwn(stored, key) ? stored[key] : undefined;
      if (value !== undefined) used[key] = value;
      return value;
    },
    set: (key, value) => {
      used[key] = value;
      setKeys.add(key);
    },
    save: () => {
      const stored = load();
      // What the base does not hold as this run used it: the delta to write.
      const fresh: Record<string, T> = {};
      let fromBase = 0;
      for (const key of Object.keys(used)) {
        if (!setKeys.has(key) && Object.hasOwn(stored, key) && !Object.hasOwn(delta, key)) fromBase++;
        else fresh[key] = used[key]!;
      }
      const baseSize = Object.keys(stored).length;
      const freshKeys = Object.keys(fresh);
      const deltaKeys = Object.keys(delta);
      if (!baseFound || baseSize - fromBase + freshKeys.length > baseSize * REWRITE_SHARE + REWRITE_SLACK) {
        parts.write("base", JSON.stringify(used));
        // Written empty rather than left missing: the next run reads it, and the cache counts a missing entry as a miss.
        if (deltaText !== EMPTY) parts.write("delta", EMPTY);
      } else if (setKeys.size > 0 || freshKeys.length !== deltaKeys.length || freshKeys.some((key) => !Object.hasOwn(delta, key))) {
        parts.write("delta", JSON.stringify(fresh));
      }
    },
  };
}

/** A part's JSON object, or nothing for a part missing or not an object (a damaged entry is refused by the store before this). */
function parsed<T>(text: string | undefined): Record<string, T> {
  if (text === undefined) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, T>) : {};
  } catch {
    return {};
  }
}
