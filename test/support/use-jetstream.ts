/**
 * useJetStream: the set-up almost every JetStream suite shares, as vitest hooks in the calling
 * scope. Before the file's (or describe block's) tests it starts a real nats-server -js on a free
 * loopback port with a temporary store (nats-server.ts), connects (connectTo, riding out
 * restarts) and makes the JetStream clients; afterwards it closes the connection and disposes of
 * the server and its store. Hooks the caller registers after it run after it, and their
 * after-hooks before its own (vitest runs after-hooks in reverse).
 *
 *   const nats = useJetStream();
 *   beforeAll(() => { events = createEventClient(nats.nc, testRegistry(), { source: "t" }); });
 *   it("...", async () => { await nats.jsm.streams.info("POSITION_EVENTS"); });
 *
 * `perTest: true` gives every test a server of its own (beforeEach/afterEach). Suites that crash,
 * freeze or restart the server inside one test use serverPerTest instead.
 */
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { connectTo } from "./jetstream.js";
import { startNatsServer, type NatsServer, type NatsServerOptions } from "./nats-server.js";

export interface UseJetStreamOptions {
  /** How the nats-server is started (a `config` with a small `max_payload`, ...). */
  server?: NatsServerOptions;
  /** The connection's name, as the server reports it. */
  name?: string;
  /** A server of its own for every test instead of one for the whole scope. */
  perTest?: boolean;
}

/** What useJetStream set up; each getter throws if read before its before-hook has run. */
export interface JetStreamFixture {
  readonly server: NatsServer;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
}

export function useJetStream(options: UseJetStreamOptions = {}): JetStreamFixture {
  let current: { server: NatsServer; nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager } | undefined;
  let server: NatsServer | undefined;
  let nc: NatsConnection | undefined;

  const setUp = async () => {
    server = await startNatsServer(options.server);
    nc = await connectTo(server, options.name);
    current = { server, nc, js: jetstream(nc), jsm: await jetstreamManager(nc) };
  };
  const tearDown = async () => {
    current = undefined;
    await nc?.close();
    await server?.dispose();
    nc = undefined;
    server = undefined;
  };
  (options.perTest ? beforeEach : beforeAll)(setUp);
  (options.perTest ? afterEach : afterAll)(tearDown);

  return {
    get server() {
      return setUpAlready(current, "useJetStream").server;
    },
    get nc() {
      return setUpAlready(current, "useJetStream").nc;
    },
    get js() {
      return setUpAlready(current, "useJetStream").js;
    },
    get jsm() {
      return setUpAlready(current, "useJetStream").jsm;
    },
  };
}

/** `value` once a before-hook has set it; a clear error when a suite reads it at module level. */
export function setUpAlready<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(`${what} is not set up yet (read it inside a test or a hook, not at module level)`);
  }
  return value;
}
