/**
 * consume(): order and bounded concurrency, working() for long handlers, graceful stop, status
 * problems, setup errors, the unhandled and poison policies, non-durable consumers, subjectPrefix.
 */
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import {
  ConsumerSetupError,
  createEventClient,
  listDeadLetters,
  type ConsumerStatus,
  type MessageContext,
} from "../../runtime/src/index.js";
import { admittedEnvelope, consumeRegistry, encoder, freshStreams, sleep, waitFor } from "../support/consume.js";
import { consumeSuite } from "../support/consume-suite.js";
import { connectTo } from "../support/jetstream.js";
import { admittedPayload } from "../support/registry.js";

const suite = consumeSuite({ source: "behaviour", registry: { ackWait: "1s" } });

type Admitted = { id: string; data: { position_id: string } };

async function publishAdmitted(count: number, from = 0): Promise<void> {
  const results = await suite.events.publishMany(
    Array.from({ length: count }, (_, i) => ({
      key: "position.admitted@1",
      data: admittedPayload(from + i),
      context: { queue_id: "q" },
    })),
  );
  expect(results.every((r) => r.ok)).toBe(true);
}

async function consumerInfo() {
  return suite.jsm.consumers.info("POSITION_EVENTS", "analytics-processor");
}

describe("consume: order and concurrency", () => {
  it("keeps the stream's order with the default concurrency of 1", async () => {
    await publishAdmitted(60);
    const order: string[] = [];
    let active = 0;
    let maxActive = 0;
    const running = await suite.events.consume("analytics-processor", {
      "position.admitted": async (e: Admitted) => {
        maxActive = Math.max(maxActive, ++active);
        if (order.length % 7 === 0) await sleep(3);
        order.push(e.data.position_id);
        active--;
      },
    });
    await waitFor(() => order.length === 60, 10_000);
    await running.stop();
    expect(order).toEqual(Array.from({ length: 60 }, (_, i) => `pos-${i}`));
    expect(maxActive).toBe(1);
  });

  it("runs at most `concurrency` handlers at once", async () => {
    await publishAdmitted(40);
    let active = 0;
    let maxActive = 0;
    let done = 0;
    const running = await suite.events.consume(
      "analytics-processor",
      {
        "position.admitted": async () => {
          maxActive = Math.max(maxActive, ++active);
          await sleep(15);
          active--;
          done++;
        },
      },
      { concurrency: 4 },
    );
    await waitFor(() => done === 40, 10_000);
    await running.stop();
    expect(maxActive).toBe(4);
  });
});

describe("consume: long handlers keep their message with working()", () => {
  it("auto-working stops JetStream redelivering a handler that outlives ack_wait (1 s)", async () => {
    await publishAdmitted(3);
    const deliveries: number[] = [];
    const running = await suite.events.consume("analytics-processor", {
      "position.admitted": async (_e: Admitted, ctx: MessageContext) => {
        deliveries.push(ctx.deliveryCount);
        if (deliveries.length === 1) await sleep(2_500);
      },
    });
    await waitFor(() => deliveries.length >= 3, 10_000);
    await sleep(1_200);
    await running.stop();
    // Two messages waited in the local buffer behind the slow one: kept alive as well.
    expect(deliveries).toEqual([1, 1, 1]);
    expect((await consumerInfo()).num_redelivered).toBe(0);
  });

  it("a handler can call ctx.working() itself (autoWorking off)", async () => {
    await publishAdmitted(1);
    const deliveries: number[] = [];
    const running = await suite.events.consume(
      "analytics-processor",
      {
        "position.admitted": async (_e: Admitted, ctx: MessageContext) => {
          deliveries.push(ctx.deliveryCount);
          for (let i = 0; i < 5; i++) {
            await sleep(400);
            ctx.working();
          }
        },
      },
      { autoWorking: false },
    );
    await waitFor(() => deliveries.length >= 1, 5_000);
    await sleep(2_500);
    await running.stop();
    expect(deliveries).toEqual([1]);
  });

  it("without working() a handler slower than ack_wait gets its message redelivered", async () => {
    await publishAdmitted(1);
    const deliveries: number[] = [];
    const running = await suite.events.consume(
      "analytics-processor",
      {
        "position.admitted": async (_e: Admitted, ctx: MessageContext) => {
          deliveries.push(ctx.deliveryCount);
          if (ctx.deliveryCount === 1) await sleep(1_800);
        },
      },
      { autoWorking: false, concurrency: 2 },
    );
    await waitFor(() => deliveries.length >= 2, 5_000);
    await running.stop();
    expect(deliveries.slice(0, 2)).toEqual([1, 2]);
  });
});

describe("consume: graceful stop", () => {
  it("finishes the running handler and the messages already received, acks them, then resolves", async () => {
    await publishAdmitted(20);
    const handled: string[] = [];
    let started = 0;
    const running = await suite.events.consume("analytics-processor", {
      "position.admitted": async (e: Admitted) => {
        started++;
        await sleep(25);
        handled.push(e.data.position_id);
      },
    });
    await waitFor(() => started >= 2 && running.stats().received === 20, 5_000);
    const received = running.stats().received;
    expect(running.stats().buffered).toBeGreaterThan(10); // most are still waiting when stop() is called
    await running.stop();
    const after = handled.length;
    expect(after).toBe(received);
    expect(running.stats()).toMatchObject({ inFlight: 0, buffered: 0 });
    await publishAdmitted(5, 100);
    await sleep(300);
    expect(handled.length).toBe(after); // nothing is consumed after stop()
    await expect(running.closed).resolves.toBeUndefined();
    const info = await consumerInfo();
    expect(info.num_ack_pending).toBe(0);
    expect(info.delivered.stream_seq).toBe(received);
  });

  it("stop({ timeoutMs }) gives waiting messages back at once", async () => {
    await publishAdmitted(10);
    let started = 0;
    // The handler would run 3 s; stop gives up on it after 50 ms and tells it through its signal.
    // The bound tells the two apart with room for a loaded machine.
    const running = await suite.events.consume("analytics-processor", {
      "position.admitted": async (_e, ctx) => {
        started++;
        await delay(3_000, undefined, { signal: ctx.signal }).catch(() => undefined);
      },
    });
    await waitFor(() => started === 1 && running.stats().buffered > 0, 5_000);
    const t0 = Date.now();
    await running.stop({ timeoutMs: 50 });
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(started).toBe(1);
    // The nak'ed ones are available again right away (no ack_wait to sit out).
    const again = await suite.events.consume("analytics-processor", { "position.admitted": () => undefined });
    await waitFor(async () => (await consumerInfo()).num_pending === 0 && (await consumerInfo()).num_ack_pending === 0, 5_000);
    await again.stop();
  });
});

describe("consume: status problems reach the caller", () => {
  it("reports missed heartbeats while the server stalls, and goes on afterwards", async () => {
    const statuses: ConsumerStatus[] = [];
    const seen: string[] = [];
    const running = await suite.events.consume(
      "analytics-processor",
      { "position.admitted": (e: Admitted) => void seen.push(e.data.position_id) },
      { expires: 1_000, onStatus: (s) => void statuses.push(s) }, // heartbeats every 500 ms
    );
    await suite.server.pause();
    try {
      await waitFor(() => statuses.some((s) => s.type === "heartbeats_missed"), 10_000, () => JSON.stringify(statuses));
    } finally {
      suite.server.resume();
    }
    await publishAdmitted(1);
    await waitFor(() => seen.length === 1, 10_000);
    await running.stop();
  }, 20_000);

  it("reports a deleted consumer and resumes once it exists again", async () => {
    const statuses: ConsumerStatus[] = [];
    const seen: string[] = [];
    const running = await suite.events.consume(
      "analytics-processor",
      { "position.admitted": (e: Admitted) => void seen.push(e.data.position_id) },
      { expires: 1_000, onStatus: (s) => void statuses.push(s) },
    );
    await publishAdmitted(1);
    await waitFor(() => seen.length === 1, 5_000);
    await suite.jsm.consumers.delete("POSITION_EVENTS", "analytics-processor");
    await waitFor(
      () => statuses.some((s) => s.type === "consumer_deleted" || s.type === "consumer_not_found"),
      10_000,
      () => `a consumer status (have ${JSON.stringify(statuses)})`,
    );
    await suite.events.ensureStreams({ replicas: 1 }); // recreates it (delivering from the start again)
    await publishAdmitted(1, 1);
    await waitFor(() => seen.includes("pos-1"), 15_000, () => `resumed (seen ${seen.join(",")})`);
    await running.stop();
  }, 30_000);
});

describe("consume: the pull loop ends on its own", () => {
  it("starts it again by itself and says so", async () => {
    const statuses: ConsumerStatus[] = [];
    const seen: string[] = [];
    const running = await suite.events.consume(
      "analytics-processor",
      { "position.admitted": (e: Admitted) => void seen.push(e.data.position_id) },
      { onStatus: (s) => void statuses.push(s) },
    );
    // What nats.js does on a terminal pull error (a 400, a permissions error): end the iterator.
    (running as unknown as { messages: { stop(err?: Error): void } }).messages.stop(new Error("simulated terminal pull error"));
    await waitFor(() => statuses.some((s) => s.type === "resumed"), 5_000, () => JSON.stringify(statuses));
    expect(statuses[0]).toMatchObject({ type: "restarting", error: { message: "simulated terminal pull error" } });
    await publishAdmitted(2);
    await waitFor(() => seen.length === 2, 5_000);
    await running.stop();
  });

  it("rejects `closed` when the connection is closed under it", async () => {
    const own = await connectTo(suite.server);
    const client = createEventClient(own, suite.events.registry, { source: "closing" });
    const errors: Error[] = [];
    const running = await client.consume("analytics-processor", {}, { onError: (e) => void errors.push(e) });
    await own.close();
    await expect(running.closed).rejects.toThrow(/the NATS connection was closed/);
    await running.stop(); // harmless afterwards
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/connection was closed/)]);
  });
});

describe("consume: setup errors", () => {
  it("rejects a handler key the consumer can never receive, listing what it can", async () => {
    await expect(
      suite.events.consume("analytics-processor", { "audit.recorded": () => undefined }),
    ).rejects.toThrow(/no "audit.recorded" event can reach this consumer .*it receives: position.admitted/);
  });

  it("rejects an unknown consumer and a consumer missing on the server", async () => {
    await expect(suite.events.consume("nobody", {})).rejects.toBeInstanceOf(ConsumerSetupError);
    await suite.jsm.consumers.delete("POSITION_EVENTS", "analytics-processor");
    const err = await suite.events.consume("analytics-processor", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConsumerSetupError);
    expect((err as Error).message).toMatch(/does not exist on the server.*ensureStreams\(\).*jetschema streams apply/);
  });
});

describe("consume: policies", () => {
  it("acks a known event without a handler by default, or dead-letters it with unhandled: dead-letter", async () => {
    await publishAdmitted(2);
    const skipped: string[] = [];
    const first = await suite.events.consume("analytics-processor", {}, { metrics: { onSkipped: (ctx) => void skipped.push(ctx.eventId!) } });
    await waitFor(() => skipped.length === 2, 5_000);
    await first.stop();
    expect((await listDeadLetters(suite.jsm, suite.events.registry)).length).toBe(0);

    await suite.jsm.consumers.delete("POSITION_EVENTS", "analytics-processor");
    await suite.events.ensureStreams({ replicas: 1 });
    const second = await suite.events.consume("analytics-processor", {}, { unhandled: "dead-letter" });
    await waitFor(async () => (await listDeadLetters(suite.jsm, suite.events.registry)).length === 2, 5_000);
    await second.stop();
    expect((await listDeadLetters(suite.jsm, suite.events.registry)).map((d) => d.reason)).toEqual(["unhandled", "unhandled"]);
  });

  it("with invalid: retry, an invalid message is retried until max_deliver, then dead-lettered as invalid", async () => {
    const bad = admittedEnvelope(1, { data: { position_id: "p" } });
    await suite.events.js.publish("waitingroom.position.admitted.v1", encoder.encode(JSON.stringify(bad)));
    const running = await suite.events.consume(
      "analytics-processor",
      { "position.admitted": () => undefined },
      { deadLetter: { invalid: "retry" }, retry: { backoff: ["20ms"] } },
    );
    await waitFor(async () => (await listDeadLetters(suite.jsm, suite.events.registry)).length === 1, 5_000);
    await running.stop();
    const [letter] = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(letter).toMatchObject({ reason: "invalid", deliveryCount: 3 });
  });
});

describe("consume: non-durable consumers and subjectPrefix", () => {
  it("creates a non-durable (ack none) consumer itself and delivers to it", async () => {
    const seen: string[] = [];
    const running = await suite.events.consume("live-dashboard", { "position.admitted": (e: Admitted) => void seen.push(e.data.position_id) });
    await publishAdmitted(3);
    await waitFor(() => seen.length === 3, 5_000);
    await running.stop();
  });

  it("uses the prefixed dead-letter subject under subjectPrefix", async () => {
    const prod = createEventClient(suite.nc, consumeRegistry(), { source: "prefix", subjectPrefix: "prod" });
    const prodJsm = await freshStreams(prod);
    await prod.js.publish("prod.waitingroom.position.admitted.v1", encoder.encode("not json"));
    const running = await prod.consume("analytics-processor", {});
    await waitFor(async () => (await prodJsm.streams.info("prod_DEAD_LETTER_QUEUE")).state.messages === 1, 5_000);
    await running.stop();
    const [letter] = await listDeadLetters(prodJsm, prod.registry, { subjectPrefix: "prod" });
    expect(letter).toMatchObject({ dlqSubject: "prod.waitingroom.dlq.analytics-processor", subject: "prod.waitingroom.position.admitted.v1", reason: "undecodable" });
    await freshStreams(suite.events); // back to unprefixed streams for the other tests
  });
});
