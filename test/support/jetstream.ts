/**
 * Small helpers for tests that read back what reached JetStream.
 */
import type { JetStreamManager, StoredMsg } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { NatsServer } from "./nats-server.js";

/** A client connection that rides out server restarts (the fault tests rely on it). */
export function connectTo(server: NatsServer, name = "jetschema-test"): Promise<NatsConnection> {
  return connect({
    servers: server.url,
    name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 50,
    reconnectJitter: 20,
  });
}

/** Every message the stream holds, in sequence order. */
export async function readStream(jsm: JetStreamManager, stream: string): Promise<StoredMsg[]> {
  const { state } = await jsm.streams.info(stream);
  const messages: StoredMsg[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const msg = await jsm.streams.getMessage(stream, { seq });
    if (msg) messages.push(msg);
  }
  return messages;
}

export async function messageCount(jsm: JetStreamManager, stream: string): Promise<number> {
  return (await jsm.streams.info(stream)).state.messages;
}
