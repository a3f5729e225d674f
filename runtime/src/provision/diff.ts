/**
 * The pure heart of `jetschema streams diff`: registry vs server state → a plan. No I/O, so it is
 * unit-testable and the CLI can show exactly what apply would do.
 */
import type { RegistryDescriptor } from "../descriptor.js";
import {
  desiredConsumerConfig,
  desiredStreamConfig,
  type ProvisionOptions,
} from "./desired-config.js";
import { CONSUMER_FIELDS, STREAM_FIELDS, sameValue, type FieldRule } from "./fields.js";
import {
  consumerKey,
  type ConsumerPlanItem,
  type FieldChange,
  type Plan,
  type PlanAction,
  type ServerState,
  type StreamPlanItem,
} from "./plan-types.js";

export function diffStreams(registry: RegistryDescriptor, state: ServerState, options: ProvisionOptions = {}): Plan {
  const streams: StreamPlanItem[] = registry.streams.map((spec) => {
    const config = desiredStreamConfig(spec, options);
    const current = state.streams[spec.name];
    return { kind: "stream", name: spec.name, config, ...compare(STREAM_FIELDS, config, current) };
  });
  const created = new Set(streams.filter((s) => s.action === "create").map((s) => s.name));

  // Non-durable consumers are created by the consuming service itself; nothing to provision.
  const consumers: ConsumerPlanItem[] = registry.consumers
    .filter((spec) => spec.durable !== false)
    .map((spec) => {
      const config = desiredConsumerConfig(spec, options);
      const current = created.has(spec.stream) ? undefined : state.consumers[consumerKey(spec.stream, spec.name)];
      return {
        kind: "consumer",
        name: spec.name,
        stream: spec.stream,
        config,
        ...compare(CONSUMER_FIELDS, config, current),
      };
    });
  return { items: [...streams, ...consumers], clustered: state.clustered };
}

function compare(
  rules: readonly FieldRule[],
  desired: object,
  current: object | undefined,
): { action: PlanAction; changes: FieldChange[]; refused: FieldChange[] } {
  if (!current) return { action: "create", changes: [], refused: [] };
  const want = desired as Record<string, unknown>;
  const have = current as Record<string, unknown>;
  const changes: FieldChange[] = [];
  const refused: FieldChange[] = [];
  for (const rule of rules) {
    const to = want[rule.key];
    // A plain value the registry leaves unmanaged (ack_wait with ack_policy "none") is not compared.
    if (to === undefined && (rule.kind === "value" || rule.kind === "duration" || rule.kind === "size")) continue;
    const from = have[rule.key];
    if (sameValue(rule, from, to)) continue;
    const change = { field: rule.field, from, to };
    changes.push(change);
    if (rule.refused) refused.push(change);
  }
  const action: PlanAction = refused.length > 0 ? "refused" : changes.length > 0 ? "update" : "unchanged";
  return { action, changes, refused };
}
