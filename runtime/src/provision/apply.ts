/**
 * Carries out a plan: creates and updates what it can, reports refused changes and server errors
 * as ProvisioningErrors (never hidden), and touches nothing in a dry run. Backs
 * `jetschema streams apply [--dry-run]`.
 */
import type { ConsumerUpdateConfig, JetStreamManager, StreamUpdateConfig } from "@nats-io/jetstream";
import { NarrowingHeldError, ProvisioningError, RefusedChangeError } from "../base/errors.js";
import { explainConsumerError, explainStreamError, replicasOnSingleServer } from "./explain-error.js";
import { CONSUMER_FIELDS, STREAM_FIELDS } from "./fields.js";
import { holdNarrowing } from "./narrowing.js";
import type { ConsumerPlanItem, Plan, PlanItem, StreamPlanItem } from "./plan-types.js";

export interface ApplyOptions {
  /** Report what would be done; send nothing. */
  dryRun?: boolean;
  /**
   * Apply changes that strand or delete stored messages (removed subjects, lower limits, narrower
   * filters). Default true: an explicit apply does what the plan says. When false they are held
   * back, the live values kept, and each such item reported as a NarrowingHeldError.
   */
  narrow?: boolean;
}

export interface ApplyResult {
  dryRun: boolean;
  /** Created or updated (in a dry run: would be). */
  applied: PlanItem[];
  unchanged: PlanItem[];
  /** One per item that could not be applied: refused changes, server errors. */
  errors: ProvisioningError[];
  /** Consumers not attempted because creating their stream failed (that failure is in `errors`). */
  skipped: ConsumerPlanItem[];
  /** True when everything was applied (or, in a dry run, could be). */
  ok: boolean;
}

export async function applyStreams(jsm: JetStreamManager, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const dryRun = options.dryRun ?? false;
  const result: ApplyResult = { dryRun, applied: [], unchanged: [], errors: [], skipped: [], ok: true };
  const failedStreams = new Set<string>();

  for (let item of plan.items) {
    if (item.action === "unchanged") {
      result.unchanged.push(item);
      continue;
    }
    if (item.action === "refused") {
      result.errors.push(new RefusedChangeError(where(item), item.refused));
      continue;
    }
    if (item.kind === "consumer" && failedStreams.has(item.stream)) {
      result.skipped.push(item);
      continue;
    }
    if (options.narrow === false && item.narrowing.length > 0) {
      result.errors.push(new NarrowingHeldError(where(item), item.narrowing));
      item = heldBack(item);
      if (item.changes.length === 0) continue;
    }
    try {
      // Known before asking: a single server accepts some replica updates it cannot honour.
      if (item.kind === "stream" && plan.clustered === false && item.config.num_replicas > 1) {
        throw replicasOnSingleServer(item);
      }
      if (!dryRun) await (item.kind === "stream" ? applyStream(jsm, item) : applyConsumer(jsm, item));
      result.applied.push(item);
    } catch (err) {
      if (item.kind === "stream" && item.action === "create") failedStreams.add(item.name);
      result.errors.push(
        err instanceof ProvisioningError
          ? err
          : item.kind === "stream"
            ? explainStreamError(item, err)
            : explainConsumerError(item, err),
      );
    }
  }
  result.ok = result.errors.length === 0 && result.skipped.length === 0;
  return result;
}

async function applyStream(jsm: JetStreamManager, item: StreamPlanItem): Promise<void> {
  if (item.action === "create") {
    await jsm.streams.add({ ...item.config });
    return;
  }
  // nats.js merges this into the server's config, so fields jetschema does not manage survive;
  // `description: undefined` clears a description the registry no longer has.
  const { name: _name, ...update } = item.config;
  await jsm.streams.update(item.name, { description: undefined, ...update } as Partial<StreamUpdateConfig>);
}

async function applyConsumer(jsm: JetStreamManager, item: ConsumerPlanItem): Promise<void> {
  if (item.action === "create") {
    await jsm.consumers.add(item.stream, { ...item.config });
    return;
  }
  // Only the changed fields; an absent registry value (undefined) clears the server's.
  const keyOf = new Map(CONSUMER_FIELDS.map((rule) => [rule.field, rule.key]));
  const delta: Record<string, unknown> = {};
  for (const change of item.changes) delta[keyOf.get(change.field) ?? change.field] = change.to;
  await jsm.consumers.update(item.stream, item.name, delta as Partial<ConsumerUpdateConfig>);
}

/** The item with its narrowing changes held back: the live values kept (subjects: both). */
function heldBack<T extends PlanItem>(item: T): T {
  const changes = holdNarrowing(item.kind, item.changes, item.narrowing);
  if (item.kind === "consumer") return { ...item, changes, narrowing: [] };
  const config = { ...item.config } as Record<string, unknown>;
  const keyOf = new Map(STREAM_FIELDS.map((rule) => [rule.field, rule.key]));
  for (const n of item.narrowing) {
    const kept = changes.find((c) => c.field === n.field);
    config[keyOf.get(n.field) ?? n.field] = kept ? kept.to : n.from;
  }
  return { ...item, config, changes, narrowing: [] };
}

function where(item: PlanItem): { stream: string; consumer?: string } {
  return item.kind === "stream" ? { stream: item.name } : { stream: item.stream, consumer: item.name };
}
