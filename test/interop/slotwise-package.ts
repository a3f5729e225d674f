/**
 * SlotWise's generated package (examples/slotwise: a CloudEvents 1.0 envelope), generated into a
 * temporary directory inside the repository and imported as a service would import it. The
 * interop suites talk to it from the outside: the official CloudEvents SDK, a Go program.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "../../generator/generate-run.js";
import type { ContentMode, RegistryDescriptor } from "../../runtime/src/index.js";
import { makeTmpDir } from "../examples/support.js";
import { connectTo } from "../support/jetstream.js";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { startedTogether } from "../support/started-together.js";

export interface Ack {
  id: string;
  stream: string;
  seq: number;
}
export interface Running {
  stop(): Promise<void>;
}
export interface SlotwiseEvents {
  ensureStreams(options: { replicas: number }): Promise<unknown>;
  publishAuthUserCreated(data: unknown, context?: Record<string, unknown>, options?: Record<string, unknown>): Promise<Ack>;
  consume(consumer: string, handlers: Record<string, (event: Record<string, unknown>) => void>, options?: Record<string, unknown>): Promise<Running>;
  jsm(): Promise<JetStreamManager>;
  registry: RegistryDescriptor;
}
export interface SlotwisePackage {
  createEvents(nc: NatsConnection, options: { source: string; contentMode?: ContentMode }): SlotwiseEvents;
  registry: RegistryDescriptor;
  dir: string;
  dispose(): void;
}

export async function generateSlotwise(prefix: string): Promise<SlotwisePackage> {
  const tmp = makeTmpDir(prefix);
  const dir = join(tmp, "slotwise");
  await generate({ schemas: "examples/slotwise", out: dir });
  const pkg = (await import(pathToFileURL(join(dir, "index.js")).href)) as Omit<SlotwisePackage, "dir" | "dispose">;
  return { ...pkg, dir, dispose: () => rmSync(tmp, { recursive: true, force: true }) };
}

export const USER_CREATED_SUBJECT = "auth.user.created.v1";
export const USER_CREATED = { userId: "usr_01HZX3K5Q8", email: "ana.garcia@example.com", role: "business_owner", createdAt: "2025-06-01T09:00:00Z" };

/** SlotWise's package on a fresh nats-server: one service's client, and an empty slate per test. */
export interface SlotwiseOnServer {
  server: NatsServer;
  nc: NatsConnection;
  pkg: SlotwisePackage;
  events: SlotwiseEvents;
  jsm: JetStreamManager;
  /** Deletes every stream and provisions the registry's again. */
  freshStreams(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startSlotwise(name: string): Promise<SlotwiseOnServer> {
  const [server, pkg] = await startedTogether([startNatsServer(), generateSlotwise(name)]);
  let nc: NatsConnection | undefined;
  let events: SlotwiseEvents;
  let jsm: JetStreamManager;
  try {
    nc = await connectTo(server, name);
    events = pkg.createEvents(nc, { source: "auth-service" });
    jsm = await events.jsm();
  } catch (err) {
    // Nothing the caller could dispose is returned: stop what started here.
    await nc?.close();
    await server.dispose();
    pkg.dispose();
    throw err;
  }
  return {
    server,
    nc,
    pkg,
    events,
    jsm,
    async freshStreams() {
      for (const stream of await jsm.streams.names().next()) await jsm.streams.delete(stream);
      await events.ensureStreams({ replicas: 1 });
    },
    async dispose() {
      await nc.close();
      await server.dispose();
      pkg.dispose();
    },
  };
}
