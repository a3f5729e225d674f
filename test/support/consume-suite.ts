/**
 * consumeSuite: the set-up the consume and dead-letter suites share, as vitest hooks. Kept apart
 * from consume.ts because it imports vitest, and consume.ts is also loaded outside vitest (by the
 * crash-consumer child process).
 */
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createEventClient, type EventClient } from "../../runtime/src/index.js";
import { consumeRegistry, freshStreams, type ConsumeRegistryOptions } from "./consume.js";
import { connectTo } from "./jetstream.js";
import { startNatsServer, type NatsServer, type NatsServerOptions } from "./nats-server.js";

export interface ConsumeSuiteOptions {
  /** The event client's `source`. */
  source: string;
  /** How analytics-processor retries (see consumeRegistry). */
  registry?: ConsumeRegistryOptions;
  /** How the nats-server is started (a `config` with a small `max_payload`, ...). */
  server?: NatsServerOptions;
}

/** What a consumeSuite set up; each getter throws if read before beforeAll has run. */
export interface ConsumeSuite {
  readonly server: NatsServer;
  readonly nc: NatsConnection;
  /** A client on `nc` for consumeRegistry(options.registry). */
  readonly events: EventClient;
  /** The manager freshStreams returned before the current test. */
  readonly jsm: JetStreamManager;
  /** `events.js`. */
  readonly js: JetStreamClient;
}

/**
 * The set-up of the consume and dead-letter suites, as vitest hooks in the calling scope:
 * beforeAll starts a nats-server, connects and creates the event client; beforeEach gives every
 * test an empty slate (freshStreams); afterAll closes the connection and disposes of the server.
 * Call it once at the top of a test file (or of a describe block); suites that need more (a
 * temporary directory, a child process) register their own hooks next to it.
 *
 *   const suite = consumeSuite({ source: "replay", registry: { maxDeliver: 2 } });
 *   it("...", async () => { await suite.events.consume(...); await suite.jsm.streams.info(...); });
 */
export function consumeSuite(options: ConsumeSuiteOptions): ConsumeSuite {
  let server: NatsServer | undefined;
  let nc: NatsConnection | undefined;
  let events: EventClient | undefined;
  let jsm: JetStreamManager | undefined;

  beforeAll(async () => {
    server = await startNatsServer(options.server);
    nc = await connectTo(server);
    events = createEventClient(nc, consumeRegistry(options.registry), { source: options.source });
  });

  beforeEach(async () => {
    jsm = await freshStreams(ready(events, "events"));
  });

  afterAll(async () => {
    await nc?.close();
    await server?.dispose();
  });

  return {
    get server() {
      return ready(server, "server");
    },
    get nc() {
      return ready(nc, "nc");
    },
    get events() {
      return ready(events, "events");
    },
    get jsm() {
      return ready(jsm, "jsm");
    },
    get js() {
      return ready(events, "events").js;
    },
  };
}

function ready<T>(value: T | undefined, name: string): T {
  if (value === undefined) {
    throw new Error(`consumeSuite: ${name} is not set up yet (read it inside a test or a hook, not at module level)`);
  }
  return value;
}
