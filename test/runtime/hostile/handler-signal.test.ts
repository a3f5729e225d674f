/**
 * Hostile input, consume side: a handler the consumer gives up on is told so. `ctx.signal` is
 * aborted when the handler times out (reason: HandlerTimeoutError), when `stop({ timeoutMs })`
 * runs out of time while it runs, or when the connection is closed under the consumer (reason:
 * ConsumerStoppedError); a handler that passes it to cancellable work stops instead of running on
 * beside the message's redelivery. An attempt that ends by itself never sees it aborted. Against
 * a real nats-server, concurrency 1, max_deliver 3.
 */
import { setTimeout as delay } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import {
  ConsumerStoppedError,
  createEventClient,
  HandlerTimeoutError,
  type MessageContext,
  type RunningConsumer,
} from "../../../runtime/src/index.js";
import { consumeRegistry, waitFor } from "../../support/consume.js";
import { consumeSuite } from "../../support/consume-suite.js";
import { admittedPayload } from "../../support/registry.js";

const suite = consumeSuite({ source: "handler-signal", registry: { maxDeliver: 3, ackWait: "5s" } });

/** What one attempt saw of its signal. */
interface Seen {
  abortedAfterMs: number | undefined;
  reason: unknown;
}

/** How the consumer gives up on the running handler (or does not). */
type Ending = (running: RunningConsumer, close: () => Promise<void>) => Promise<void>;

interface Case {
  given: string;
  handlerTimeout: string;
  /** The handler: reads ctx.signal as it likes, records what it saw. */
  handler: (ctx: MessageContext, seen: Seen) => Promise<void>;
  end: Ending;
  want: { aborted: boolean; reason?: new (...args: never[]) => Error; message?: RegExp; withinMs?: number };
}

/** Waits for the signal through cancellable work, as a handler calling fetch or a driver would. */
async function cancellableWork(ctx: MessageContext, seen: Seen): Promise<void> {
  const started = Date.now();
  try {
    await delay(60_000, undefined, { signal: ctx.signal });
  } catch (err) {
    seen.abortedAfterMs = Date.now() - started;
    seen.reason = ctx.signal.reason;
    throw err;
  }
}

const stopWithin = (ms: number): Ending => (running) => running.stop({ timeoutMs: ms });
const waitThenStop: Ending = async (running) => {
  await delay(200);
  await running.stop();
};

const CASES: Case[] = [
  {
    given: "a handler still running at its handler timeout (300 ms)",
    handlerTimeout: "300ms",
    handler: cancellableWork,
    end: waitThenStop,
    want: { aborted: true, reason: HandlerTimeoutError, message: /did not settle within 300 ms/, withinMs: 2_000 },
  },
  {
    given: "a handler that reads the signal only after its timeout fired",
    handlerTimeout: "200ms",
    handler: async (ctx, seen) => {
      await delay(400);
      if (ctx.signal.aborted) {
        seen.abortedAfterMs = 400;
        seen.reason = ctx.signal.reason;
      }
    },
    end: waitThenStop,
    want: { aborted: true, reason: HandlerTimeoutError },
  },
  {
    given: "stop({ timeoutMs: 200 }) running out of time while the handler runs",
    handlerTimeout: "1m",
    handler: cancellableWork,
    end: stopWithin(200),
    want: { aborted: true, reason: ConsumerStoppedError, message: /stop\(\) ran out of time \(200 ms\)/, withinMs: 2_000 },
  },
  {
    given: "the connection closed under the consumer while the handler runs",
    handlerTimeout: "1m",
    handler: cancellableWork,
    end: async (running, close) => {
      await close();
      await running.closed.catch(() => undefined);
    },
    want: { aborted: true, reason: ConsumerStoppedError, message: /connection was closed/, withinMs: 5_000 },
  },
  {
    given: "a handler that finishes by itself (50 ms) and reads the signal at the end",
    handlerTimeout: "1m",
    handler: async (ctx, seen) => {
      await delay(50);
      seen.reason = ctx.signal.aborted ? ctx.signal.reason : undefined;
    },
    end: waitThenStop,
    want: { aborted: false },
  },
];

describe("ctx.signal: a handler the consumer gives up on is told so", () => {
  for (const c of CASES) {
    it(`given ${c.given}`, async () => {
      // A connection of its own, so the case that closes it leaves the suite's connection alone.
      const nc = await connect({ servers: suite.server.url, reconnect: false });
      try {
        const events = createEventClient(nc, consumeRegistry({ maxDeliver: 3, ackWait: "5s" }), { source: "handler-signal" });
        await events.publish("position.admitted@1", admittedPayload(1), { queue_id: "q" });
        const seen: Seen = { abortedAfterMs: undefined, reason: undefined };
        let started = false;
        let ended = false;
        const running = await events.consume(
          "analytics-processor",
          {
            "position.admitted": async (_e: unknown, ctx: MessageContext) => {
              if (started) return; // a redelivery after the attempt under test
              started = true;
              try {
                await c.handler(ctx, seen);
              } finally {
                ended = true;
              }
            },
          },
          { handlerTimeout: c.handlerTimeout, retry: { backoff: ["5s"] } },
        );
        await waitFor(() => started, 5_000, () => "the handler started");
        await c.end(running, () => nc.close());
        await waitFor(() => ended, 5_000, () => "the handler ended");

        if (!c.want.aborted) {
          expect(seen.reason).toBeUndefined();
          return;
        }
        expect(seen.reason, "signal.reason").toBeInstanceOf(c.want.reason!);
        if (c.want.message) expect((seen.reason as Error).message).toMatch(c.want.message);
        if (c.want.withinMs) expect(seen.abortedAfterMs).toBeLessThan(c.want.withinMs);
      } finally {
        if (!nc.isClosed()) await nc.close();
      }
    });
  }
});
