/**
 * Hostile input, consume side: a handler that never settles must not stall its consumer. With
 * `handlerTimeout`, a handler still running after it is a failed attempt: nak'ed with backoff,
 * dead-lettered (max-deliver) on the last delivery like a throw, reported through onStatus
 * (`handler_timeout`) and the metrics hooks (onFailed / onDeadLettered with a HandlerTimeoutError);
 * the messages behind it are handled; stop() finishes in bounded time. Against a real nats-server,
 * concurrency 1 (the case where one hung handler blocked everything), max_deliver 3.
 */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_HANDLER_TIMEOUT_MS,
  HandlerTimeoutError,
  listDeadLetters,
  type ConsumerStatus,
  type MessageContext,
} from "../../../runtime/src/index.js";
import { sleep, waitFor } from "../../support/consume.js";
import { consumeSuite } from "../../support/consume-suite.js";
import { admittedPayload } from "../../support/registry.js";

const suite = consumeSuite({ source: "handler-timeout", registry: { maxDeliver: 3, ackWait: "5s" } });

const TIMEOUT = "300ms";
const NEVER = new Promise<void>(() => undefined);

type Admitted = { id: string; data: { position_id: string } };
/** What the handler of the first message does on delivery n (1-based); later messages return at once. */
type Behaviour = (delivery: number) => Promise<void> | void;

interface Case {
  given: string;
  behaviour: Behaviour;
  want: { first: "handled" | "dead-lettered (max-deliver)"; timeouts: number; failedWithTimeout: number };
}

const CASES: Case[] = [
  {
    given: "a handler that never settles",
    behaviour: () => NEVER,
    want: { first: "dead-lettered (max-deliver)", timeouts: 3, failedWithTimeout: 2 },
  },
  {
    given: "a handler that hangs on the first delivery only",
    behaviour: (n) => (n === 1 ? NEVER : undefined),
    want: { first: "handled", timeouts: 1, failedWithTimeout: 1 },
  },
  {
    given: "a handler that settles the message itself, then hangs",
    behaviour: () => NEVER,
    // The message stays acked; the hung handler is still reported (onFailed, as for a throw after ack).
    want: { first: "handled", timeouts: 1, failedWithTimeout: 1 },
  },
  {
    given: "a slow handler within the timeout (100 ms)",
    behaviour: () => sleep(100),
    want: { first: "handled", timeouts: 0, failedWithTimeout: 0 },
  },
];

async function publish(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const ack = await suite.events.publish("position.admitted@1", admittedPayload(i), { queue_id: "q" });
    ids.push(ack.id);
  }
  return ids;
}

describe("handlerTimeout: a hung handler is a failed attempt, not a stalled consumer", () => {
  for (const c of CASES) {
    it(`given ${c.given}`, async () => {
      const [first, ...rest] = await publish(4);
      const handled: string[] = [];
      const statuses: ConsumerStatus[] = [];
      const failed: unknown[] = [];
      const dead: Array<[string, unknown]> = [];
      const deliveries = new Map<string, number>();
      const settlesItself = c.given.includes("settles the message itself");
      const running = await suite.events.consume(
        "analytics-processor",
        {
          "position.admitted": (e: Admitted, ctx: MessageContext) => {
            const n = (deliveries.get(e.id) ?? 0) + 1;
            deliveries.set(e.id, n);
            if (e.id !== first) {
              handled.push(e.id);
              return;
            }
            if (settlesItself) {
              handled.push(e.id);
              ctx.ack();
            }
            const result = c.behaviour(n);
            if (result === undefined) {
              handled.push(e.id);
              return;
            }
            return result.then(() => void (settlesItself || handled.push(e.id)));
          },
        },
        {
          handlerTimeout: TIMEOUT,
          retry: { backoff: ["20ms"] },
          onStatus: (s) => void statuses.push(s),
          metrics: {
            onFailed: (_ctx, error) => void failed.push(error),
            onDeadLettered: (_ctx, reason, error) => void dead.push([reason, error]),
          },
        },
      );
      const dlq = async () => (await suite.jsm.streams.info("DEAD_LETTER_QUEUE")).state.messages;
      await waitFor(
        async () => new Set(handled).size + (await dlq()) >= 4,
        10_000,
        () => `4 outcomes (handled ${handled.length}, statuses ${JSON.stringify(statuses.map((s) => s.type))})`,
      );
      const stopStarted = Date.now();
      await running.stop();
      expect(Date.now() - stopStarted).toBeLessThan(2_000);

      // The messages behind it were handled.
      for (const id of rest) expect(handled, id).toContain(id);
      const letters = await listDeadLetters(suite.jsm, suite.events.registry);
      const firstOutcome = handled.includes(first!) ? "handled" : letters.find((l) => l.eventId === first) ? `dead-lettered (${letters[0]!.reason})` : "lost";
      expect(firstOutcome).toBe(c.want.first);

      const timeouts = statuses.filter((s) => s.type === "handler_timeout");
      expect(timeouts).toHaveLength(c.want.timeouts);
      for (const s of timeouts) {
        expect(s).toMatchObject({ type: "handler_timeout", consumer: "analytics-processor", timeoutMs: 300, eventType: "position.admitted", eventId: first });
      }
      expect(failed.filter((e) => e instanceof HandlerTimeoutError)).toHaveLength(c.want.failedWithTimeout);
      if (c.want.first.startsWith("dead")) {
        expect(dead).toHaveLength(1);
        expect(dead[0]![1]).toBeInstanceOf(HandlerTimeoutError);
        expect(letters[0]!.error).toMatch(/HandlerTimeoutError: the handler of position\.admitted .* did not settle within 300 ms/);
        expect(letters[0]!.deliveryCount).toBe(3);
      }
    });
  }

  const stops: Array<{ given: string; handlerTimeout: number | string; stop: { timeoutMs?: number }; within: number }> = [
    { given: "stop() waits for the hung handler only until its handler timeout (500 ms)", handlerTimeout: 500, stop: {}, within: 1_500 },
    { given: "stop({ timeoutMs: 200 }) keeps its own bound with a long handler timeout", handlerTimeout: "1m", stop: { timeoutMs: 200 }, within: 1_000 },
  ];
  for (const c of stops) {
    it(`${c.given}; the message is handled later`, async () => {
      const [id] = await publish(1);
      let deliveries = 0;
      const running = await suite.events.consume(
        "analytics-processor",
        {
          "position.admitted": () => {
            deliveries++;
            return NEVER;
          },
        },
        { handlerTimeout: c.handlerTimeout, retry: { backoff: ["20ms"] } },
      );
      await waitFor(() => deliveries === 1, 5_000);
      const started = Date.now();
      const stopped = await Promise.race([running.stop(c.stop).then(() => true), sleep(5_000).then(() => false)]);
      expect(stopped, "stop() resolved").toBe(true);
      expect(Date.now() - started).toBeLessThan(c.within);

      // Nothing is stranded: the next consumer gets it (nak'ed, or redelivered after ack_wait).
      const handled: string[] = [];
      const next = await suite.events.consume("analytics-processor", { "position.admitted": (e: Admitted) => void handled.push(e.id) });
      await waitFor(() => handled.includes(id!), 10_000, () => `${id} handled after the stop`);
      await next.stop();
    });
  }

  const invalid: Array<[string, unknown]> = [
    ["zero", 0],
    ["negative", -5],
    ["not a duration", "soon"],
    ["infinite", Number.POSITIVE_INFINITY],
    ["beyond what a timer can wait (30 days)", "30d"],
  ];
  for (const [given, value] of invalid) {
    it(`refuses a handlerTimeout that is ${given}`, async () => {
      await expect(
        suite.events.consume("analytics-processor", { "position.admitted": () => undefined }, { handlerTimeout: value as number }),
      ).rejects.toThrow(/handlerTimeout/);
    });
  }

  it("has a bounded default", () => {
    expect(DEFAULT_HANDLER_TIMEOUT_MS).toBe(5 * 60_000);
  });
});
