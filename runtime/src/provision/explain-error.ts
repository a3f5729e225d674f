/**
 * Server errors from creating/updating streams and consumers, rethrown with the context a person
 * needs: which stream, which consumer, which registry field, and what to do.
 */
import { JetStreamApiError } from "@nats-io/jetstream";
import { ProvisioningError, ReplicasError } from "../base/errors.js";
import { CONSUMER_FIELDS, STREAM_FIELDS, type FieldRule } from "./fields.js";
import type { ConsumerPlanItem, StreamPlanItem } from "./plan-types.js";

/** JetStream API error: "replicas > 1 not supported in non-clustered mode". */
const REPLICAS_NOT_SUPPORTED = 10074;

export const SINGLE_NODE_HINT = "but the server has 1 node; pass ensureStreams({ replicas: 1 }) on a single dev server";

export function replicasOnSingleServer(item: StreamPlanItem, cause?: unknown): ReplicasError {
  return new ReplicasError(item.name, item.config.num_replicas, SINGLE_NODE_HINT, { cause });
}

export function explainStreamError(item: StreamPlanItem, err: unknown): ProvisioningError {
  const message = errorText(err);
  if (err instanceof JetStreamApiError && err.code === REPLICAS_NOT_SUPPORTED) {
    return replicasOnSingleServer(item, err);
  }
  if (/replica/i.test(message) || /insufficient resources/i.test(message)) {
    if (item.config.num_replicas > 1) {
      return new ReplicasError(
        item.name,
        item.config.num_replicas,
        `cannot be placed (server: ${message}); lower replicas to at most the number of JetStream servers`,
        { cause: err },
      );
    }
  }
  const verb = item.action === "create" ? "create" : "update";
  return new ProvisioningError(
    `stream ${item.name}: ${verb} failed: ${message}`,
    { stream: item.name, field: guessField(STREAM_FIELDS, message) },
    { cause: err },
  );
}

export function explainConsumerError(item: ConsumerPlanItem, err: unknown): ProvisioningError {
  const message = errorText(err);
  const verb = item.action === "create" ? "create" : "update";
  return new ProvisioningError(
    `consumer ${item.name} on stream ${item.stream}: ${verb} failed: ${message}`,
    { stream: item.stream, consumer: item.name, field: guessField(CONSUMER_FIELDS, message) },
    { cause: err },
  );
}

/** Server messages spell fields in words ("duplicates window can not be larger then max age"). */
const ALIASES: Record<string, string[]> = { duplicate_window: ["duplicates window", "duplicate window"] };

function guessField(rules: readonly FieldRule[], message: string): string | undefined {
  const text = message.toLowerCase();
  return rules.find((rule) =>
    [rule.field, rule.field.replace(/_/g, " "), ...(ALIASES[rule.field] ?? [])].some((w) => text.includes(w)),
  )?.field;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
