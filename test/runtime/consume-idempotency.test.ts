/**
 * The idempotency middleware and its stores: an event id already processed by this consumer is
 * acked and skipped; a failed or dead-lettered one is not remembered; LRU and KV stores.
 */
import { describe, expect, it } from "vitest";
import { kvKey, kvStore, LruIdempotencyStore, lruStore, replayDeadLetters } from "../../runtime/src/index.js";
import { admittedEnvelope, encoder, sleep, waitFor } from "../support/consume.js";
import { consumeSuite } from "../support/consume-suite.js";

const suite = consumeSuite({ source: "idempotency", registry: { maxDeliver: 2 } });

const SUBJECT = "waitingroom.position.admitted.v1";

/** The same event (same envelope id) published `copies` times under different msg ids. */
let copy = 0;
async function publishCopies(id: string, copies: number): Promise<void> {
  const body = encoder.encode(JSON.stringify(admittedEnvelope(1, { id })));
  for (let i = 0; i < copies; i++) await suite.events.js.publish(SUBJECT, body, { msgID: `${id}-copy-${++copy}` });
}

describe("idempotency middleware", () => {
  for (const [name, makeStore] of [
    ["LRU", () => lruStore()],
    ["KV", () => kvStore(suite.nc, { bucket: "jetschema_idempotency" })],
  ] as const) {
    it(`skips an event id already processed (${name} store), across consumer restarts for KV`, async () => {
      const store = makeStore();
      await publishCopies("evt-a", 3);
      await publishCopies("evt-b", 1);
      const handled: string[] = [];
      const skipped: string[] = [];
      const options = { idempotency: { store }, metrics: { onSkipped: (ctx: { eventId?: string | undefined }) => void skipped.push(ctx.eventId!) } };
      const running = await suite.events.consume("analytics-processor", { "position.admitted": (e: { id: string }) => void handled.push(e.id) }, options);
      await waitFor(() => handled.length + skipped.length === 4, 5_000);
      await running.stop();
      expect(handled).toEqual(["evt-a", "evt-b"]);
      expect(skipped).toEqual(["evt-a", "evt-a"]);

      if (name === "KV") {
        // A new consumer instance (a restarted service) with a new store object still knows.
        await publishCopies("evt-b", 1);
        const again = await suite.events.consume("analytics-processor", { "position.admitted": (e: { id: string }) => void handled.push(e.id) }, { ...options, idempotency: { store: kvStore(suite.nc) } });
        await waitFor(() => skipped.length === 3, 5_000);
        await again.stop();
        expect(handled).toEqual(["evt-a", "evt-b"]);
        expect((await suite.jsm.streams.info("KV_jetschema_idempotency")).state.messages).toBe(2);
      }
    });
  }

  it("does not remember a dead-lettered event: replayed after the fix, it is handled", async () => {
    const store = lruStore();
    await publishCopies("evt-c", 1);
    let broken = true;
    const handled: string[] = [];
    const running = await suite.events.consume(
      "analytics-processor",
      {
        "position.admitted": (e: { id: string }) => {
          if (broken) throw new Error("not yet");
          handled.push(e.id);
        },
      },
      { idempotency: { store }, retry: { backoff: ["10ms"] } },
    );
    await waitFor(async () => (await suite.jsm.streams.info("DEAD_LETTER_QUEUE")).state.messages === 1, 5_000);
    broken = false;
    await replayDeadLetters(suite.nc, suite.events.registry);
    await waitFor(() => handled.length === 1, 5_000);
    await running.stop();
    expect(handled).toEqual(["evt-c"]);
  });

  it("a copy arriving while the first is still running is put back, then skipped", async () => {
    await publishCopies("evt-d", 2);
    const handled: string[] = [];
    const skipped: string[] = [];
    const retried: string[] = [];
    const running = await suite.events.consume(
      "analytics-processor",
      {
        "position.admitted": async (e: { id: string }) => {
          await sleep(100);
          handled.push(e.id);
        },
      },
      {
        concurrency: 2,
        idempotency: { store: lruStore() },
        metrics: { onSkipped: (ctx) => void skipped.push(ctx.eventId!), onFailed: (ctx) => void retried.push(ctx.eventId!) },
      },
    );
    await waitFor(() => skipped.length === 1, 5_000);
    await running.stop();
    expect(handled).toEqual(["evt-d"]);
    expect(retried).toEqual(["evt-d"]);
  });
});

describe("idempotency stores", () => {
  it("LRU forgets the least recently used key beyond max, and keys older than ttlMs", async () => {
    const store = new LruIdempotencyStore({ max: 2 });
    store.add("a");
    store.add("b");
    expect(store.has("a")).toBe(true); // a is now the most recent
    store.add("c");
    expect([store.has("a"), store.has("b"), store.has("c")]).toEqual([true, false, true]);
    const short = new LruIdempotencyStore({ ttlMs: 20 });
    short.add("x");
    await sleep(40);
    expect(short.has("x")).toBe(false);
    expect(() => new LruIdempotencyStore({ max: 0 })).toThrow(RangeError);
  });

  it("KV keys: safe ids as they are, others base64url-encoded", () => {
    expect(kvKey("analytics-processor.550e8400-e29b-41d4-a716-446655440000")).toBe("analytics-processor.550e8400-e29b-41d4-a716-446655440000");
    expect(kvKey("c.id with spaces/and*stars")).toMatch(/^b64\.[A-Za-z0-9_-]+$/);
    expect(kvKey("c..x")).toMatch(/^b64\./);
  });
});
