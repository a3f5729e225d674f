/**
 * Reads what the server has for every stream and consumer of the registry, then diffs.
 * Backs `jetschema streams diff`.
 */
import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { RegistryDescriptor } from "../descriptor.js";
import type { ProvisionOptions } from "./desired-config.js";
import { diffStreams } from "./diff.js";
import { consumerKey, type Plan, type ServerState } from "./plan-types.js";

export async function planStreams(
  jsm: JetStreamManager,
  registry: RegistryDescriptor,
  options: ProvisionOptions = {},
): Promise<Plan> {
  return diffStreams(registry, await readServerState(jsm, registry), options);
}

export async function readServerState(jsm: JetStreamManager, registry: RegistryDescriptor): Promise<ServerState> {
  const state: ServerState = { streams: {}, consumers: {}, clustered: isClustered(jsm) };
  for (const spec of registry.streams) {
    const info = await absentIfNotFound(() => jsm.streams.info(spec.name));
    if (info) state.streams[spec.name] = info.config;
  }
  for (const spec of registry.consumers) {
    if (spec.durable === false || !state.streams[spec.stream]) continue;
    const info = await absentIfNotFound(() => jsm.consumers.info(spec.stream, spec.name));
    if (info) state.consumers[consumerKey(spec.stream, spec.name)] = info.config;
  }
  return state;
}

async function absentIfNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    const code = err instanceof JetStreamApiError ? err.code : undefined;
    if (code === JetStreamApiCodes.StreamNotFound || code === JetStreamApiCodes.ConsumerNotFound) return undefined;
    throw err;
  }
}

/**
 * A server that is not part of a cluster has no `cluster` in its INFO. The manager keeps its
 * connection (not in the public type, hence the guard); without it the answer is "unknown".
 */
function isClustered(jsm: JetStreamManager): boolean | undefined {
  const withConnection = jsm as JetStreamManager & { getConnection?: () => NatsConnection };
  const info = withConnection.getConnection?.().info;
  return info ? info.cluster !== undefined : undefined;
}
