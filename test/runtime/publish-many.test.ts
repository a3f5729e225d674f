import type { JetStreamManager } from "@nats-io/jetstream";
import { beforeAll, describe, expect, it } from "vitest";
import { createEventClient, NoStreamError, ValidationError, type EventClient } from "../../runtime/src/index.js";
import { publishMany } from "../../runtime/src/publish/publish-many.js";
import { messageCount } from "../support/jetstream.js";
import { admittedPayload, testRegistry } from "../support/registry.js";
import { useJetStream } from "../support/use-jetstream.js";

const nats = useJetStream();
let events: EventClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  events = createEventClient(nats.nc, testRegistry(), { source: "batch-test" });
  await events.ensureStreams({ replicas: 1 });
  jsm = await events.jsm();
});

describe("publishMany: per-item results", () => {
  it("publishes every valid item and reports each invalid one in place, in input order", async () => {
    const before = await messageCount(jsm, "POSITION_EVENTS");
    const items = Array.from({ length: 50 }, (_, i) => ({
      key: "position.admitted@1",
      data: i % 10 === 3 ? { position_id: `p${i}` } : admittedPayload(i),
      context: { queue_id: "q" },
      options: { id: `batch-${i}` },
    }));
    const results = await events.publishMany(items, { window: 8 });

    expect(results).toHaveLength(50);
    results.forEach((r, i) => {
      if (i % 10 === 3) {
        expect(r.ok).toBe(false);
        expect(!r.ok && r.error).toBeInstanceOf(ValidationError);
      } else {
        expect(r).toEqual({ ok: true, ack: expect.objectContaining({ id: `batch-${i}`, stream: "POSITION_EVENTS" }) });
      }
    });
    expect(await messageCount(jsm, "POSITION_EVENTS")).toBe(before + 45);
  });

  it("reports an item whose subject has no stream without failing the others", async () => {
    // A registry whose audit event points at a subject no stream captures.
    const registry = testRegistry();
    const audit = registry.events["audit.recorded@1"];
    if (!audit) throw new Error("test registry lacks audit.recorded@1");
    registry.events["audit.recorded@1"] = { ...audit, subject: "elsewhere.audit.v1", stream: undefined };
    const client = createEventClient(nats.nc, registry, { source: "batch-test" });

    const results = await client.publishMany([
      { key: "position.admitted@1", data: admittedPayload(1), context: { queue_id: "q" } },
      { key: "audit.recorded@1", data: { action: "x", actor: "a@example.com" }, context: { queue_id: "q" } },
      { key: "queue.heartbeat@1", data: { queue_length: 1 }, context: { queue_id: "q" } },
    ]);

    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(!results[1]?.ok && results[1]?.error).toBeInstanceOf(NoStreamError);
  });

  it("rejects a window below 1", async () => {
    await expect(events.publishMany([], { window: 0 })).rejects.toThrow(/window 0/);
  });
});

describe("publishMany: bounded window", () => {
  it("never has more than `window` publishes in flight, and uses the whole window", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await publishMany(
      async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        return { id: "x" };
      },
      Array.from({ length: 100 }, () => ({ key: "k", data: {} })),
      { window: 7 },
    );
    expect(results).toHaveLength(100);
    expect(peak).toBe(7);
  });
});
