/**
 * consumeSuite: the set-up the consume and dead-letter suites share, as vitest hooks. Kept apart
 * from consume.ts because it imports vitest, and consume.ts is also loaded outside vitest (by the
 * crash-consumer child process).
 */
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { beforeAll, beforeEach } from "vitest";
import { createEventClient, type EventClient } from "../../runtime/src/index.js";
import { consumeRegistry, freshStreams, type ConsumeRegistryOptions } from "./consume.js";
import type { NatsServer, NatsServerOptions } from "./nats-server.js";
import { setUpAlready, useJetStream } from "./use-jetstream.js";

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
 * useJetStream starts a nats-server and connects, beforeAll creates the event client, beforeEach
 * gives every test an empty slate (freshStreams); afterwards useJetStream stops it all.
 * Call it once at the top of a test file (or of a describe block); suites that need more (a
 * temporary directory, a child process) register their own hooks next to it.
 *
 *   const suite = consumeSuite({ source: "replay", registry: { maxDeliver: 2 } });
 *   it("...", async () => { await suite.events.consume(...); await suite.jsm.streams.info(...); });
 */
export function consumeSuite(options: ConsumeSuiteOptions): ConsumeSuite {
  const nats = useJetStream(options.server ? { server: options.server } : {});
  let events: EventClient | undefined;
  let jsm: JetStreamManager | undefined;

  beforeAll(() => {
    events = createEventClient(nats.nc, consumeRegistry(options.registry), { source: options.source });
  });

  beforeEach(async () => {
    jsm = await freshStreams(setUpAlready(events, "consumeSuite: events"));
  });

  return {
    get server() {
      return nats.server;
    },
    get nc() {
      return nats.nc;
    },
    get events() {
      return setUpAlready(events, "consumeSuite: events");
    },
    get jsm() {
      return setUpAlready(jsm, "consumeSuite: jsm");
    },
    get js() {
      return setUpAlready(events, "consumeSuite: events").js;
    },
  };
}
