/**
 * A nats-server and a connection of their own for each test (suites that crash, freeze or
 * restart the server): `const start = serverPerTest();` at the top of a file or describe block
 * registers an afterEach that closes the connection and disposes of the server; each test calls
 * `const { server, nc } = await start();`.
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { afterEach } from "vitest";
import { connectTo } from "./jetstream.js";
import { startNatsServer, type NatsServer, type NatsServerOptions } from "./nats-server.js";

export function serverPerTest(): (options?: NatsServerOptions) => Promise<{ server: NatsServer; nc: NatsConnection }> {
  let current: { server: NatsServer; nc: NatsConnection } | undefined;
  afterEach(async () => {
    await current?.nc.close();
    await current?.server.dispose();
    current = undefined;
  });
  return async (options) => {
    const server = await startNatsServer(options);
    current = { server, nc: await connectTo(server) };
    return current;
  };
}
