/**
 * The default publish retry deadline outlives a failover: a publish sent with the runtime's
 * defaults (no `retry` option) while JetStream cannot answer for as long as the slowest
 * nats-server 2.9 leader election (9 s) plus the time the client needs to notice and replace a
 * dead connection resolves, and the event is stored once. Against a real nats-server.
 * (The 3-node cluster test, cluster-failover.test.ts, runs with the default as well.)
 */
import { describe, expect, it } from "vitest";
import { createEventClient, DEFAULT_ACK_TIMEOUT_MS, DEFAULT_RETRY } from "../../runtime/src/index.js";
import { sleep } from "../support/consume.js";
import { readStream } from "../support/jetstream.js";
import type { NatsServer } from "../support/nats-server.js";
import { admittedPayload, testRegistry } from "../support/registry.js";
import { serverPerTest } from "../support/server-per-test.js";

/** nats-server 2.9's Raft election timeout is drawn from 4-9 s. */
const SLOWEST_ELECTION_MS = 9_000;
/** nats.js waits this long (default reconnectTimeWait) before reconnecting to a server it lost. */
const RECONNECT_WAIT_MS = 2_000;

const start = serverPerTest();

describe("the default publish retry deadline", () => {
  it("covers the slowest election, an attempt already waiting for its ack, a backoff step and a reconnect", () => {
    const worstCase = SLOWEST_ELECTION_MS + DEFAULT_ACK_TIMEOUT_MS + DEFAULT_RETRY.maxDelayMs + RECONNECT_WAIT_MS;
    expect(DEFAULT_RETRY.deadlineMs).toBeGreaterThanOrEqual(worstCase);
  });

  const outages: Array<{ given: string; outage: (s: NatsServer) => Promise<void> }> = [
    {
      given: "the server frozen (SIGSTOP) for 12 s: no answer, connection still open",
      outage: async (s) => {
        await s.pause();
        await sleep(SLOWEST_ELECTION_MS + 3_000);
        s.resume();
      },
    },
    {
      given: "the server killed (SIGKILL) and back after 9 s on the same port and store",
      outage: async (s) => {
        await s.kill();
        await sleep(SLOWEST_ELECTION_MS);
        await s.restart();
      },
    },
  ];

  for (const { given, outage } of outages) {
    it(`given ${given}, a publish with the defaults resolves and is stored once`, { timeout: 60_000 }, async () => {
      const { server, nc } = await start();
      const events = createEventClient(nc, testRegistry({ positionReplicas: 1 }), { source: "deadline-test" });
      await events.ensureStreams({ replicas: 1 });

      const during = outage(server);
      await sleep(200); // the outage has begun
      const started = Date.now();
      const ack = await events.publish("position.admitted@1", admittedPayload(1), { queue_id: "q" });
      await during;

      expect(Date.now() - started).toBeGreaterThan(SLOWEST_ELECTION_MS - 1_000);
      const stored = await readStream(await events.jsm(), "POSITION_EVENTS");
      expect(stored.map((m) => m.json<{ id: string }>().id)).toEqual([ack.id]);
    });
  }
});
