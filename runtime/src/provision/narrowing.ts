/**
 * Changes that narrow a live stream or consumer: messages it already stores would no longer be
 * captured or delivered (stranded), or would be deleted. A table, each rule named by the sentence
 * it reports. ensureStreams holds these back, keeping the live value, and reports them; an
 * explicit `jetschema streams apply` (or ensureStreams({ narrow: true })) applies them.
 */
import { formatBytes, formatDurationNanos } from "../base/durations.js";
import { CONSUMER_FIELDS, STREAM_FIELDS, sameValue } from "./fields.js";
import type { FieldChange } from "./plan-types.js";

export interface NarrowingRule {
  kind: "stream" | "consumer";
  /** The registry field (as in FieldChange.field). */
  field: string;
  /** What the change takes away, in words; undefined when it takes nothing away. */
  narrows(from: unknown, to: unknown): string | undefined;
  /** The value applied instead while the narrowing is held back: the live value, or both. */
  hold(from: unknown, to: unknown): unknown;
}

/** One change that narrows: the field change, its rule's sentence and what it takes away. */
export interface Narrowing extends FieldChange {
  rule: string;
  detail: string;
}

export const NARROWING_RULES: Readonly<Record<string, NarrowingRule>> = {
  "Removing a stream subject strands the messages stored on it": {
    kind: "stream",
    field: "subjects",
    narrows: (from, to) => {
      const removed = list(from).filter((old) => !list(to).some((kept) => filterCovers(kept, old)));
      return removed.length > 0 ? `removes ${removed.join(", ")}` : undefined;
    },
    hold: (from, to) => [...new Set([...list(from), ...list(to)])],
  },
  "A shorter max_age deletes the stored messages older than it": lowerLimit("max_age", 0, formatDurationNanos),
  "A lower max_msgs deletes the oldest stored messages": lowerLimit("max_msgs", -1, String),
  "A lower max_bytes deletes the oldest stored messages": lowerLimit("max_bytes", -1, formatBytes),
  "A lower max_msgs_per_subject deletes the oldest stored messages of each subject": lowerLimit(
    "max_msgs_per_subject",
    -1,
    String,
  ),
  "A consumer filter that no longer covers the old one strands the messages it has not delivered": {
    kind: "consumer",
    field: "filter_subject",
    narrows: (from, to) => {
      const old = text(from) || ">";
      const now = text(to) || ">";
      return filterCovers(now, old) ? undefined : `${old} -> ${now}`;
    },
    hold: (from) => from,
  },
};

/** The narrowing changes among `changes` of a stream or consumer. */
export function narrowingOf(kind: "stream" | "consumer", changes: readonly FieldChange[]): Narrowing[] {
  const found: Narrowing[] = [];
  for (const change of changes) {
    for (const [rule, r] of Object.entries(NARROWING_RULES)) {
      if (r.kind !== kind || r.field !== change.field) continue;
      const detail = r.narrows(change.from, change.to);
      if (detail !== undefined) found.push({ ...change, rule, detail });
    }
  }
  return found;
}

/**
 * The changes left when the narrowing ones are held back: each narrowing field set to its held
 * value, dropped when that is the live value already.
 */
export function holdNarrowing(kind: "stream" | "consumer", changes: readonly FieldChange[], narrowing: readonly Narrowing[]): FieldChange[] {
  const fields = kind === "stream" ? STREAM_FIELDS : CONSUMER_FIELDS;
  const held: FieldChange[] = [];
  for (const change of changes) {
    if (!narrowing.some((n) => n.field === change.field)) {
      held.push(change);
      continue;
    }
    const rule = Object.values(NARROWING_RULES).find((r) => r.kind === kind && r.field === change.field);
    const field = fields.find((f) => f.field === change.field);
    const to = rule ? rule.hold(change.from, change.to) : change.from;
    if (field && !sameValue(field, change.from, to)) held.push({ ...change, to });
  }
  return held;
}

/** True when every subject `narrow` matches is matched by `wide` (NATS `*` and `>` wildcards). */
export function filterCovers(wide: string, narrow: string): boolean {
  const w = wide.split(".");
  const n = narrow.split(".");
  for (let i = 0; i < w.length; i++) {
    if (w[i] === ">") return n.length > i;
    if (i >= n.length || n[i] === ">") return false;
    if (w[i] !== "*" && (n[i] === "*" || w[i] !== n[i])) return false;
  }
  return w.length === n.length;
}

/** A limit where `unlimited` means none: lowering it, or setting one where there was none, narrows. */
function lowerLimit(field: string, unlimited: number, format: (n: number) => string): NarrowingRule {
  const bounded = (v: unknown): v is number => typeof v === "number" && v !== unlimited && v > 0;
  return {
    kind: "stream",
    field,
    narrows: (from, to) => {
      if (!bounded(to) || (bounded(from) && to >= from)) return undefined;
      return `${bounded(from) ? format(from) : "unlimited"} -> ${format(to)}`;
    },
    hold: (from) => from,
  };
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}
