/**
 * The dead-letter stream is unavailable: nothing is acked or dropped. Before the last delivery
 * the message is nak'ed and comes back; on the last one it is held (kept alive with working())
 * and the dead letter retried until the stream is back. stop() does not hang on a held message.
 */
import { describe, expect, it } from "vitest";
import { DeadLetterError, listDeadLetters, type MessageContext } from "../../runtime/src/index.js";
import { admittedEnvelope, encoder, waitFor } from "../support/consume.js";
import { consumeSuite } from "../support/consume-suite.js";

const suite = consumeSuite({ source: "dlq-down", registry: { maxDeliver: 3, ackWait: "1s" } });

const SUBJECT = "waitingroom.position.admitted.v1";

describe("dead-letter stream unavailable", () => {
  it("never acks or drops: poison and exhausted messages reach the DLQ once it is back", async () => {
    await suite.jsm.streams.delete("DEAD_LETTER_QUEUE");
    await suite.events.js.publish(SUBJECT, encoder.encode("{ not json"), { msgID: "poison-1" });
    await suite.events.js.publish(SUBJECT, encoder.encode(JSON.stringify(admittedEnvelope(1, { id: "doomed-1" }))), { msgID: "doomed-1" });

    const errors: Error[] = [];
    const deliveries: number[] = [];
    const running = await suite.events.consume(
      "analytics-processor",
      {
        "position.admitted": (_e: unknown, ctx: MessageContext) => {
          deliveries.push(ctx.deliveryCount);
          throw new Error("handler always fails");
        },
      },
      { retry: { backoff: ["50ms"] }, onError: (e) => void errors.push(e) },
    );

    // Both end up on their last (3rd) delivery, held: not acked, not termed, not dropped. Held
    // messages do not take a handler slot: the poison does not block the other one.
    await waitFor(
      () => running.stats().held === 2,
      10_000,
      () => `both held (deliveries ${deliveries}, errors ${errors.map((e) => e.message).join(" | ")})`,
    );
    expect(errors.every((e) => e instanceof DeadLetterError)).toBe(true);
    expect(errors[0]?.message).toMatch(/could not be written to waitingroom\.dlq\.analytics-processor.*not acked/);
    let info = await suite.jsm.consumers.info("POSITION_EVENTS", "analytics-processor");
    expect(info.num_ack_pending).toBe(2);
    // Held for longer than ack_wait (1 s): auto-working keeps them from being redelivered.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(deliveries.filter((d) => d === 3)).toHaveLength(1);

    await suite.events.ensureStreams({ replicas: 1 }); // the dead-letter stream is back
    await waitFor(async () => (await listDeadLetters(suite.jsm, suite.events.registry)).length === 2, 10_000, () => "2 dead letters");
    await running.stop();

    const letters = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(letters.map((l) => `${l.reason}/${l.deliveryCount}`).sort()).toEqual(["max-deliver/3", "undecodable/3"]);
    info = await suite.jsm.consumers.info("POSITION_EVENTS", "analytics-processor");
    expect(info.num_ack_pending).toBe(0);
    expect(running.stats()).toMatchObject({ deadLettered: 2, abandoned: 0 });
  }, 30_000);

  it("stop() does not hang on a message held for its dead letter: it is abandoned, unsettled", async () => {
    await suite.jsm.streams.delete("DEAD_LETTER_QUEUE");
    await suite.events.js.publish(SUBJECT, encoder.encode("[]"), { msgID: "poison-2" });
    const errors: Error[] = [];
    const running = await suite.events.consume("analytics-processor", {}, { retry: { backoff: ["20ms"] }, onError: (e) => void errors.push(e) });
    await waitFor(() => running.stats().held === 1, 10_000, () => "the poison held on its last delivery");
    expect(errors.length).toBeGreaterThanOrEqual(3);
    const t0 = Date.now();
    await running.stop();
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(running.stats()).toMatchObject({ abandoned: 1, deadLettered: 0 });
  }, 20_000);
});
