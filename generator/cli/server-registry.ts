/**
 * What the server-side commands (`streams`, `dlq`) share: the registry as the runtime sees it
 * (a RegistryDescriptor built from the checked model, without validators: these commands only
 * provision and read/replay bytes) and a NATS connection that fails fast instead of reconnecting.
 */
import type { NatsConnection } from "@nats-io/transport-node";
import type { EventDescriptor, RegistryDescriptor } from "@jetschema/runtime";
import { registryDescriptorData } from "../model/descriptor-data.js";
import type { RegistryModel } from "../model/registry-model.js";
import { checkRegistryAt } from "../front-end/front-end.js";
import { ConnectionOptionsError, resolveConnection, type ConnectionFlags } from "./connection-options.js";
import { EXIT } from "./exit-codes.js";
import { explainConnectionFailure } from "./connection-hint.js";
import { NatsContextError } from "./nats-context.js";
import { reportFailure, type Io } from "./io.js";

export interface ServerOptions extends ConnectionFlags {
  schemas: string;
  prefix?: string;
}

export function descriptorFromModel(model: RegistryModel): RegistryDescriptor {
  const data = registryDescriptorData(model);
  const events: Record<string, EventDescriptor> = {};
  for (const [key, event] of Object.entries(data.events)) events[key] = { ...event, validators: {} };
  return { ...data, envelope: { ...data.envelope, validate: () => true }, events };
}

export function loadDescriptor(schemas: string): RegistryDescriptor {
  return descriptorFromModel(checkRegistryAt(schemas).model);
}

/** Runs `work` on a fresh connection as `flags` say and closes it, whatever `work` does. */
export async function withServer<T>(flags: ConnectionFlags, work: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connectToServer(flags);
  try {
    return await work(nc);
  } finally {
    await nc.close();
  }
}

/**
 * Runs a server command's body: an unreachable server exits 2 with the reason (the user's
 * environment, not the registry), anything else is reported as every command reports it.
 */
export async function reportingServerErrors(io: Io, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (err instanceof ServerUnreachableError || err instanceof ConnectionOptionsError || err instanceof NatsContextError) {
      io.err(err.message);
      io.exit(EXIT.USAGE);
      return;
    }
    reportFailure(io, err);
  }
}

/**
 * Connects once, without reconnecting: a CLI run should fail fast and say why. The reason names
 * the server without its secrets, and carries no cause that could print them.
 */
export async function connectToServer(flags: ConnectionFlags): Promise<NatsConnection> {
  const { connect } = await import("@nats-io/transport-node");
  const connection = await resolveConnection(flags);
  try {
    return await connect({ ...connection.options, name: "jetschema-cli", reconnect: false, timeout: 5_000 });
  } catch (err) {
    throw new ServerUnreachableError(`cannot connect to NATS at ${connection.shown}: ${explainConnectionFailure(connection.redact((err as Error).message))}`);
  }
}

export class ServerUnreachableError extends Error {
  override name = "ServerUnreachableError";
}
