/**
 * The last delivery is the one JetStream does not repeat: whatever ends a message there without
 * an ack must leave its dead letter, or the message is lost. Three ways a message reached its
 * last delivery unseen: max_deliver lowered while the consumer runs, the handler nak'ing it
 * itself, and ack policy none (no delivery is ever repeated).
 */
import { describe, expect, it } from "vitest";
import { listDeadLetters, type MessageContext } from "../../../runtime/src/index.js";
import { admittedEnvelope, encoder, sleep, waitFor } from "../../support/consume.js";
import { consumeSuite } from "../../support/consume-suite.js";

const SUBJECT = "waitingroom.position.admitted.v1";
const STREAM = "POSITION_EVENTS";
const CONSUMER = "analytics-processor";

async function publishOne(js: ReturnType<typeof consumeSuite>["js"], id: string): Promise<void> {
  await js.publish(SUBJECT, encoder.encode(JSON.stringify(admittedEnvelope(1, { id }))), { msgID: id });
}

describe("the last delivery leaves a dead letter", () => {
  const suite = consumeSuite({ source: "last-delivery", registry: { maxDeliver: 5, ackWait: "5s" } });

  it("when max_deliver is lowered while the consumer runs", async () => {
    await publishOne(suite.js, "lowered-1");
    const deliveries: number[] = [];
    const running = await suite.events.consume(
      CONSUMER,
      {
        "position.admitted": (_e: unknown, ctx: MessageContext) => {
          deliveries.push(ctx.deliveryCount);
          throw new Error("downstream is down");
        },
      },
      // The second delivery comes after the limit read at start has gone stale (1 s).
      { retry: { backoff: ["1500ms"] } },
    );
    await waitFor(() => deliveries.length === 1, 5_000, () => "the first delivery");
    const info = await suite.jsm.consumers.info(STREAM, CONSUMER);
    await suite.jsm.consumers.update(STREAM, CONSUMER, { ...info.config, max_deliver: 2 });

    await waitFor(async () => (await listDeadLetters(suite.jsm, suite.events.registry)).length === 1, 10_000, () => `a dead letter (deliveries ${deliveries})`);
    await running.stop();
    const [letter] = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(letter).toMatchObject({ reason: "max-deliver", deliveryCount: 2, error: "downstream is down", eventId: "lowered-1" });
    expect(deliveries).toEqual([1, 2]);
    expect(running.stats()).toMatchObject({ deadLettered: 1 });
  }, 30_000);

  it("when max_deliver changed while the pull was down: the restart's read of the consumer counts", async () => {
    const statuses: string[] = [];
    const running = await suite.events.consume(
      CONSUMER,
      {
        "position.admitted": () => {
          throw new Error("downstream is down");
        },
      },
      { onStatus: (s) => void statuses.push(s.type) },
    );
    const info = await suite.jsm.consumers.info(STREAM, CONSUMER);
    await suite.jsm.consumers.update(STREAM, CONSUMER, { ...info.config, max_deliver: 1 });
    // What nats.js does on a terminal pull error: the supervisor pulls again after reading the consumer.
    (running as unknown as { messages: { stop(err?: Error): void } }).messages.stop(new Error("simulated terminal pull error"));
    await waitFor(() => statuses.includes("resumed"), 5_000, () => `the pull resumed (${statuses})`);
    // Well inside the second in which the limit read at start counts as fresh.
    await publishOne(suite.js, "restarted-1");

    await waitFor(async () => (await listDeadLetters(suite.jsm, suite.events.registry)).length === 1, 10_000, () => "a dead letter");
    await running.stop();
    const [letter] = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(letter).toMatchObject({ reason: "max-deliver", deliveryCount: 1, eventId: "restarted-1" });
  }, 30_000);

  it("when the handler naks the message itself on its last delivery", async () => {
    const info = await suite.jsm.consumers.info(STREAM, CONSUMER);
    await suite.jsm.consumers.update(STREAM, CONSUMER, { ...info.config, max_deliver: 2 });
    await publishOne(suite.js, "self-nak-1");
    const deliveries: number[] = [];
    const running = await suite.events.consume(CONSUMER, {
      "position.admitted": (_e: unknown, ctx: MessageContext) => {
        deliveries.push(ctx.deliveryCount);
        ctx.nak(20);
      },
    });
    await waitFor(async () => (await listDeadLetters(suite.jsm, suite.events.registry)).length === 1, 10_000, () => `a dead letter (deliveries ${deliveries})`);
    await running.stop();
    const [letter] = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(letter).toMatchObject({ reason: "max-deliver", deliveryCount: 2, eventId: "self-nak-1" });
    expect(letter!.error).toMatch(/nak'ed on its last delivery \(delivery 2 of max_deliver 2\)/);
    expect(deliveries).toEqual([1, 2]);
    expect(running.stats()).toMatchObject({ deadLettered: 1, retried: 1 });
  }, 30_000);

  it("keeps the nak before the last delivery: the message comes back, no dead letter", async () => {
    await publishOne(suite.js, "self-nak-2");
    const deliveries: number[] = [];
    const running = await suite.events.consume(CONSUMER, {
      "position.admitted": (_e: unknown, ctx: MessageContext) => {
        deliveries.push(ctx.deliveryCount);
        if (ctx.deliveryCount < 3) ctx.nak(20);
      },
    });
    await waitFor(() => deliveries.length === 3, 10_000, () => `three deliveries (${deliveries})`);
    await sleep(200);
    await running.stop();
    expect(await listDeadLetters(suite.jsm, suite.events.registry)).toEqual([]);
    expect(running.stats()).toMatchObject({ handled: 1, retried: 2, deadLettered: 0 });
  }, 30_000);
});

describe("with ack policy none", () => {
  const suite = consumeSuite({ source: "no-acks", registry: { ackPolicy: "none", maxDeliver: 3 } });

  it("a failed message is dead-lettered at once: it is never delivered again", async () => {
    await publishOne(suite.js, "no-ack-1");
    await publishOne(suite.js, "no-ack-2");
    const running = await suite.events.consume(CONSUMER, {
      "position.admitted": (e: { id: string }) => {
        if (e.id === "no-ack-1") throw new Error("failed once, never again");
      },
    });
    await waitFor(async () => (await listDeadLetters(suite.jsm, suite.events.registry)).length === 1, 10_000, () => "a dead letter");
    await waitFor(() => running.stats().handled === 1, 5_000, () => "the other message handled");
    await running.stop();
    const [letter] = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(letter).toMatchObject({ reason: "max-deliver", deliveryCount: 1, error: "failed once, never again", eventId: "no-ack-1" });
    expect(running.stats()).toMatchObject({ handled: 1, deadLettered: 1, retried: 0 });
  }, 30_000);
});
