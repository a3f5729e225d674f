/**
 * Reads what the server has for every stream and consumer of the registry, then diffs.
 * Backs `jetschema streams diff`.
 */
import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { RegistryDescriptor } from "../base/descriptor.js";
import { environmentNames } from "../base/environment.js";
import type { ProvisionOptions } from "./desired-config.js";
import { diffStreams } from "./diff.js";
import { consumerKey, type Plan, type ServerState } from "./plan-types.js";

export async function planStreams(
  jsm: JetStreamManager,
  registry: RegistryDescriptor,
  options: ProvisionOptions = {},
): Promise<Plan> {
  return diffStreams(registry, await readServerState(jsm, registry, options), options);
}

/** The server's streams and consumers of the registry, under the environment's names (environment.ts). */
export async function readServerState(
  jsm: JetStreamManager,
  registry: RegistryDescriptor,
  options: Pick<ProvisionOptions, "subjectPrefix"> = {},
): Promise<ServerState> {
  const names = environmentNames(options.subjectPrefix ?? "");
  const state: ServerState = { streams: {}, consumers: {}, clustered: isClustered(jsm) };
  for (const spec of registry.streams) {
    const stream = names.stream(spec.name);
    const info = await absentIfNotFound(() => jsm.streams.info(stream));
    if (info) state.streams[stream] = info.config;
  }
  for (const spec of registry.consumers) {
    const stream = names.stream(spec.stream);
    const consumer = names.consumer(spec.name);
    if (spec.durable === false || !state.streams[stream]) continue;
    const info = await absentIfNotFound(() => jsm.consumers.info(stream, consumer));
    if (info) state.consumers[consumerKey(stream, consumer)] = info.config;
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
