/**
 * The built-in middleware stays synchronous when everything inside it is (so the messages of one
 * read are handled in one tick and their acks share a socket write), and behaves exactly as
 * before when something inside is asynchronous or fails either way. No server: a fake JsMsg
 * records what would have been sent.
 */
import type { JsMsg } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { MessageContextImpl } from "../../runtime/src/consume/chain/context.js";
import { deadLetter } from "../../runtime/src/consume/middleware/dead-letter.js";
import { idempotency } from "../../runtime/src/consume/middleware/idempotency.js";
import { LruIdempotencyStore } from "../../runtime/src/consume/middleware/stores/lru.js";
import { metrics } from "../../runtime/src/consume/middleware/metrics.js";
import { retryBackoff } from "../../runtime/src/consume/middleware/retry-backoff.js";
import { PoisonMessageError } from "../../runtime/src/consume/chain/errors.js";
import { compose } from "../../runtime/src/consume/chain/compose.js";
import type { DeadLetterWriter } from "../../runtime/src/dlq/write-dead-letter.js";
import type { Handler, IdempotencyStore } from "../../runtime/src/consume/chain/types.js";

function fakeMessage(deliveryCount = 1) {
  const sent: string[] = [];
  const msg = {
    subject: "waitingroom.position.admitted.v1",
    info: { stream: "POSITION_EVENTS", streamSequence: 7, deliveryCount },
    ack: () => sent.push("ack"),
    nak: (delay?: number) => sent.push(`nak ${delay}`),
    term: () => sent.push("term"),
    working: () => sent.push("working"),
  } as unknown as JsMsg;
  return { msg, sent };
}

function context(deliveryCount = 1) {
  const { msg, sent } = fakeMessage(deliveryCount);
  return { ctx: new MessageContextImpl(msg, { consumer: "c", maxDeliver: 3, noAck: false }, Date.now()), sent };
}

const written: string[] = [];
const writer = {
  subject: "dlq.test",
  write: async (_ctx: unknown, reason: string) => {
    written.push(reason);
  },
} as unknown as DeadLetterWriter;

const hooks = { stopping: () => false, pause: async () => undefined, onError: () => undefined, confirmLimit: () => undefined };
const retry = retryBackoff({ backoffMs: [250], initialDelayMs: 1000, maxDelayMs: 60000 });
const events: string[] = [];
const chain = (handler: Handler) =>
  compose(
    [
      metrics({ onHandled: () => events.push("handled"), onFailed: () => events.push("failed"), onDeadLettered: () => events.push("dead-lettered") }),
      retry,
      deadLetter(writer, {}, hooks),
    ],
    handler,
  );

describe("consume chain: synchronous when the handler is", () => {
  it("returns no promise for a synchronous handler, and the handler has run", () => {
    const { ctx } = context();
    let ran = false;
    const result = chain(() => {
      ran = true;
    })(ctx);
    expect(result).toBeUndefined();
    expect(ran).toBe(true);
    expect(events.at(-1)).toBe("handled");
  });

  it("naks a synchronous failure with the backoff delay, synchronously", () => {
    const { ctx, sent } = context();
    const result = chain(() => {
      throw new Error("boom");
    })(ctx);
    expect(result).toBeUndefined();
    expect(sent).toEqual(["nak 250"]);
    expect(ctx.outcome).toBe("retry");
    expect((ctx.error as Error).message).toBe("boom");
    expect(events.at(-1)).toBe("failed");
  });

  it("dead-letters a synchronous poison failure (a publish: the chain becomes a promise)", async () => {
    const { ctx, sent } = context();
    const result = chain(() => {
      throw new PoisonMessageError("invalid", "bad payload");
    })(ctx);
    expect(result).toBeInstanceOf(Promise);
    await result;
    expect(written.at(-1)).toBe("invalid");
    expect(sent).toEqual(["term"]);
    expect(ctx.outcome).toBe("dead-lettered");
    expect(events.at(-1)).toBe("dead-lettered");
  });

  it("waits for an asynchronous handler and naks its rejection", async () => {
    const { ctx, sent } = context();
    const result = chain(async () => {
      await new Promise((r) => setTimeout(r, 1));
      throw new Error("later");
    })(ctx);
    expect(result).toBeInstanceOf(Promise);
    expect(sent).toEqual([]);
    await result;
    expect(sent).toEqual(["nak 250"]);
    expect(events.at(-1)).toBe("failed");
  });

  it("dead-letters on the last delivery (max-deliver) after an asynchronous failure", async () => {
    const { ctx, sent } = context(3);
    await chain(async () => {
      throw new Error("still failing");
    })(ctx);
    expect(written.at(-1)).toBe("max-deliver");
    expect(sent).toEqual(["term"]);
  });
});

describe("idempotency middleware: synchronous with a synchronous store", () => {
  const withStore = (store: IdempotencyStore, handler: Handler) =>
    compose([retry, idempotency({ store, key: () => "the-event" })], handler);

  it("handles, remembers and then skips a copy, all synchronously with the LRU store", () => {
    const store = new LruIdempotencyStore();
    let runs = 0;
    const first = context();
    expect(withStore(store, () => void runs++)(first.ctx)).toBeUndefined();
    expect(first.sent).toEqual([]); // left unsettled: the loop acks it
    const copy = context();
    expect(withStore(store, () => void runs++)(copy.ctx)).toBeUndefined();
    expect(copy.ctx.outcome).toBe("skipped");
    expect(copy.sent).toEqual(["ack"]);
    expect(runs).toBe(1);
  });

  it("does not remember a failed event", () => {
    const store = new LruIdempotencyStore();
    withStore(store, () => {
      throw new Error("boom");
    })(context().ctx);
    expect(store.has("the-event")).toBe(false);
  });

  it("goes through a promise with an asynchronous store, with the same outcome", async () => {
    const keys = new Set<string>();
    const store = { has: async (k: string) => keys.has(k), add: async (k: string) => void keys.add(k) };
    let runs = 0;
    const first = withStore(store, () => void runs++)(context().ctx);
    expect(first).toBeInstanceOf(Promise);
    await first;
    const copy = context();
    await withStore(store, () => void runs++)(copy.ctx);
    expect(copy.ctx.outcome).toBe("skipped");
    expect(runs).toBe(1);
  });
});
