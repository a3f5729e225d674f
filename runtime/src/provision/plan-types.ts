import type { ConsumerConfig, StreamConfig } from "@nats-io/jetstream";
import type { DesiredConsumerConfig, DesiredStreamConfig } from "./desired-config.js";
import type { Narrowing } from "./narrowing.js";

/** One field that differs: server value → registry value (JetStream units: nanos, bytes). */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * - create: absent on the server;
 * - update: differs in fields JetStream can change in place (`changes`);
 * - unchanged: matches the registry;
 * - refused: differs in at least one field JetStream cannot change in place (`refused`);
 *   nothing about it is applied, and applying reports it as an error.
 */
export type PlanAction = "create" | "update" | "unchanged" | "refused";

interface PlanItemBase {
  name: string;
  action: PlanAction;
  /** Every differing field, refused ones included (empty for create and unchanged). */
  changes: FieldChange[];
  /** The subset of `changes` JetStream refuses to make in place. */
  refused: FieldChange[];
  /**
   * The subset of `changes` that strands or deletes stored messages (narrowing.ts): applied by an
   * explicit apply, held back (and reported) by ensureStreams.
   */
  narrowing: Narrowing[];
}

export interface StreamPlanItem extends PlanItemBase {
  kind: "stream";
  config: DesiredStreamConfig;
}

export interface ConsumerPlanItem extends PlanItemBase {
  kind: "consumer";
  stream: string;
  config: DesiredConsumerConfig;
}

export type PlanItem = StreamPlanItem | ConsumerPlanItem;

export interface Plan {
  /** Streams first (registry order), then consumers (registry order). */
  items: PlanItem[];
  /** False on a single server (no cluster): replicas above 1 cannot be placed. Undefined: unknown. */
  clustered: boolean | undefined;
}

/** What the server has, as read by planStreams; absent names are not on the server. */
export interface ServerState {
  streams: Record<string, Partial<StreamConfig>>;
  /** Keyed by `consumerKey(stream, name)`. */
  consumers: Record<string, Partial<ConsumerConfig>>;
  clustered?: boolean;
}

export function consumerKey(stream: string, name: string): string {
  return `${stream}/${name}`;
}
