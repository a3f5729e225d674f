/**
 * The pure heart of `jetschema streams diff`: registry vs server state → a plan. No I/O, so it is
 * unit-testable and the CLI can show exactly what apply would do.
 */
import type { RegistryDescriptor } from "../base/descriptor.js";
import { environmentNames } from "../base/environment.js";
import {
  desiredConsumerConfig,
  desiredStreamConfig,
  type ProvisionOptions,
} from "./desired-config.js";
import { CONSUMER_FIELDS, STREAM_FIELDS, sameValue, type FieldRule } from "./fields.js";
import { narrowingOf, type Narrowing } from "./narrowing.js";
import {
  consumerKey,
  type ConsumerPlanItem,
  type FieldChange,
  type Plan,
  type PlanAction,
  type ServerState,
  type StreamPlanItem,
} from "./plan-types.js";

/** `state` is keyed by server names: the environment's (environment.ts), as readServerState reads them. */
export function diffStreams(registry: RegistryDescriptor, state: ServerState, options: ProvisionOptions = {}): Plan {
  const names = environmentNames(options.subjectPrefix ?? "");
  const streams: StreamPlanItem[] = registry.streams.map((spec) => {
    const config = desiredStreamConfig(spec, options);
    const current = state.streams[config.name];
    return { kind: "stream", name: config.name, config, ...compare("stream", config, current) };
  });
  const created = new Set(streams.filter((s) => s.action === "create").map((s) => s.name));

  // Non-durable consumers are created by the consuming service itself; nothing to provision.
  const consumers: ConsumerPlanItem[] = registry.consumers
    .filter((spec) => spec.durable !== false)
    .map((spec) => {
      const config = desiredConsumerConfig(spec, options);
      const stream = names.stream(spec.stream);
      const name = names.consumer(spec.name);
      const current = created.has(stream) ? undefined : state.consumers[consumerKey(stream, name)];
      return {
        kind: "consumer",
        name,
        stream,
        config,
        ...compare("consumer", config, current),
      };
    });
  return { items: [...streams, ...consumers], clustered: state.clustered };
}

function compare(
  kind: "stream" | "consumer",
  desired: object,
  current: object | undefined,
): { action: PlanAction; changes: FieldChange[]; refused: FieldChange[]; narrowing: Narrowing[] } {
  if (!current) return { action: "create", changes: [], refused: [], narrowing: [] };
  const rules: readonly FieldRule[] = kind === "stream" ? STREAM_FIELDS : CONSUMER_FIELDS;
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
  return { action, changes, refused, narrowing: narrowingOf(kind, changes) };
}
