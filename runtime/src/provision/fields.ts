/**
 * The stream and consumer fields jetschema manages: how each maps to the JetStream API, how two
 * values compare, how a value prints, and whether JetStream can change it on an existing object.
 */

export type FieldKind =
  | "value" // compared as is
  | "flag" // a boolean; missing equals false
  | "text" // a missing string equals ""
  | "set" // string list, order does not matter
  | "duration" // nanoseconds
  | "durations" // list of nanoseconds; missing equals []
  | "size"; // bytes

export interface FieldRule {
  /** Name in registry.json (and in plans and errors). */
  field: string;
  /** Name in the JetStream API config. */
  key: string;
  kind: FieldKind;
  /** JetStream refuses to change it in place: a change needs delete + create. */
  refused?: true;
}

export const STREAM_FIELDS: readonly FieldRule[] = [
  { field: "subjects", key: "subjects", kind: "set" },
  { field: "description", key: "description", kind: "text" },
  { field: "retention", key: "retention", kind: "value", refused: true },
  { field: "storage", key: "storage", kind: "value", refused: true },
  { field: "max_msgs", key: "max_msgs", kind: "value" },
  { field: "max_bytes", key: "max_bytes", kind: "size" },
  { field: "max_age", key: "max_age", kind: "duration" },
  { field: "max_msg_size", key: "max_msg_size", kind: "size" },
  { field: "max_msgs_per_subject", key: "max_msgs_per_subject", kind: "value" },
  { field: "discard", key: "discard", kind: "value" },
  { field: "discard_new_per_subject", key: "discard_new_per_subject", kind: "flag" },
  { field: "duplicate_window", key: "duplicate_window", kind: "duration" },
  { field: "replicas", key: "num_replicas", kind: "value" },
  { field: "no_ack", key: "no_ack", kind: "flag" },
];

export const CONSUMER_FIELDS: readonly FieldRule[] = [
  { field: "description", key: "description", kind: "text" },
  { field: "deliver_policy", key: "deliver_policy", kind: "value", refused: true },
  { field: "ack_policy", key: "ack_policy", kind: "value", refused: true },
  { field: "ack_wait", key: "ack_wait", kind: "duration" },
  { field: "max_deliver", key: "max_deliver", kind: "value" },
  { field: "backoff", key: "backoff", kind: "durations" },
  { field: "filter_subject", key: "filter_subject", kind: "text" },
  { field: "max_ack_pending", key: "max_ack_pending", kind: "value" },
];

/** Equality as JetStream means it (a missing description is an empty one, subjects are a set). */
export function sameValue(rule: FieldRule, a: unknown, b: unknown): boolean {
  switch (rule.kind) {
    case "text":
      return (a ?? "") === (b ?? "");
    case "flag":
      // The server omits false booleans from the config it returns.
      return Boolean(a) === Boolean(b);
    case "set":
      return sameList([...asList(a)].sort(), [...asList(b)].sort());
    case "durations":
      return sameList(asList(a), asList(b));
    default:
      return a === b;
  }
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function sameList(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
