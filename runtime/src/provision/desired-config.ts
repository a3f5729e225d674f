/**
 * Registry specs → the exact JetStream configs jetschema wants on the server. Every managed field
 * is filled (JetStream's own default where the registry is silent), so a diff can tell drift from
 * "not specified"; durations become nanoseconds and sizes bytes.
 */
import type { ConsumerConfig, StreamConfig } from "@nats-io/jetstream";
import type { ConsumerSpec, StreamSpec } from "../base/descriptor.js";
import { durationToNanos, parseSize } from "../base/durations.js";
import { ProvisioningError } from "../base/errors.js";
import { environmentNames } from "../base/environment.js";
import { withPrefix } from "../base/subjects.js";

export interface ProvisionOptions {
  /** Overrides every stream's replicas (a dev server has one node). */
  replicas?: number;
  /**
   * The runtime subject prefix (normalized), applied to stream subjects and consumer filters, and
   * to stream and consumer names (environment.ts).
   */
  subjectPrefix?: string;
}

export type DesiredStreamConfig = Pick<
  StreamConfig,
  | "name"
  | "subjects"
  | "description"
  | "retention"
  | "storage"
  | "max_msgs"
  | "max_bytes"
  | "max_age"
  | "max_msg_size"
  | "max_msgs_per_subject"
  | "discard"
  | "discard_new_per_subject"
  | "duplicate_window"
  | "num_replicas"
  | "no_ack"
>;

export type DesiredConsumerConfig = Partial<ConsumerConfig> &
  Pick<ConsumerConfig, "durable_name" | "ack_policy" | "deliver_policy">;

/** JetStream's duplicate window when none is set: 2 minutes, or max_age if that is shorter. */
const DEFAULT_DUPLICATE_WINDOW_NS = 120_000_000_000;
const DEFAULT_ACK_WAIT_NS = 30_000_000_000;
const DEFAULT_MAX_ACK_PENDING = 1000;

export function desiredStreamConfig(spec: StreamSpec, options: ProvisionOptions = {}): DesiredStreamConfig {
  const field = <T>(name: string, parse: () => T): T => parseField({ stream: spec.name }, name, parse);
  const maxAge = field("max_age", () => (spec.max_age === undefined ? 0 : durationToNanos(spec.max_age)));
  const replicas = options.replicas ?? spec.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new ProvisioningError(`stream ${spec.name}: replicas ${replicas} is not a whole number >= 1`, {
      stream: spec.name,
      field: "replicas",
    });
  }
  return {
    name: environmentNames(options.subjectPrefix ?? "").stream(spec.name),
    subjects: spec.subjects.map((s) => withPrefix(options.subjectPrefix ?? "", s)),
    ...(spec.description ? { description: spec.description } : {}),
    retention: spec.retention ?? "limits",
    storage: spec.storage ?? "file",
    max_msgs: spec.max_msgs ?? -1,
    max_bytes: field("max_bytes", () => (spec.max_bytes === undefined ? -1 : parseSize(spec.max_bytes))),
    max_age: maxAge,
    max_msg_size: field("max_msg_size", () => (spec.max_msg_size === undefined ? -1 : parseSize(spec.max_msg_size))),
    max_msgs_per_subject: spec.max_msgs_per_subject ?? -1,
    discard: spec.discard ?? "old",
    discard_new_per_subject: spec.discard_new_per_subject ?? false,
    duplicate_window: field("duplicate_window", () =>
      spec.duplicate_window !== undefined
        ? durationToNanos(spec.duplicate_window)
        : maxAge > 0 && maxAge < DEFAULT_DUPLICATE_WINDOW_NS
          ? maxAge
          : DEFAULT_DUPLICATE_WINDOW_NS,
    ),
    num_replicas: replicas,
    no_ack: spec.no_ack ?? false,
  };
}

/**
 * Durable pull consumer config. With `backoff`, JetStream uses its first step as `ack_wait`, so
 * that is what we ask for (otherwise every diff would report a change the server keeps undoing).
 * Ack policy "none" has no ack_wait or ack-pending limit on the server: left unmanaged.
 */
export function desiredConsumerConfig(spec: ConsumerSpec, options: ProvisionOptions = {}): DesiredConsumerConfig {
  const where = { stream: spec.stream, consumer: spec.name };
  const backoff = parseField(where, "backoff", () => spec.backoff?.map(durationToNanos));
  const ackWait = parseField(where, "ack_wait", () =>
    backoff?.[0] ?? (spec.ack_wait === undefined ? DEFAULT_ACK_WAIT_NS : durationToNanos(spec.ack_wait)),
  );
  const ackPolicy = spec.ack_policy ?? "explicit";
  const acked = ackPolicy !== "none";
  return {
    durable_name: environmentNames(options.subjectPrefix ?? "").consumer(spec.name),
    ...(spec.description ? { description: spec.description } : {}),
    deliver_policy: spec.deliver_policy ?? "all",
    ack_policy: ackPolicy,
    ...(acked ? { ack_wait: ackWait, max_ack_pending: spec.max_ack_pending ?? DEFAULT_MAX_ACK_PENDING } : {}),
    max_deliver: spec.max_deliver ?? -1,
    ...(backoff && backoff.length > 0 ? { backoff } : {}),
    // An empty filter must be absent, not "": nats.js would put "" into the API subject.
    ...(spec.filter_subject ? { filter_subject: withPrefix(options.subjectPrefix ?? "", spec.filter_subject) } : {}),
  };
}

function parseField<T>(where: { stream: string; consumer?: string }, field: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    const what = where.consumer ? `consumer ${where.consumer} on stream ${where.stream}` : `stream ${where.stream}`;
    throw new ProvisioningError(`${what}: ${field}: ${(err as Error).message}`, { ...where, field }, { cause: err });
  }
}
