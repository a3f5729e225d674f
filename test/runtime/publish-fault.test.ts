import { describe, expect, it } from "vitest";
import { createEventClient, PublishError, type PublishAck } from "../../runtime/src/index.js";
import { messageCount, readStream } from "../support/jetstream.js";
import { admittedPayload, testRegistry } from "../support/registry.js";
import { serverPerTest } from "../support/server-per-test.js";

const start = serverPerTest();

describe("publish under faults: server crash and restart", () => {
  it("completes a publishMany through a SIGKILL + restart, storing every event exactly once", async () => {
    const { server, nc } = await start();
    const events = createEventClient(nc, testRegistry(), {
      source: "fault-test",
      timeoutMs: 1_000,
      retry: { deadlineMs: 20_000, initialDelayMs: 20, maxDelayMs: 250 },
    });
    await events.ensureStreams({ replicas: 1 });
    const jsm = await events.jsm();
    const N = 2_000;
    const items = Array.from({ length: N }, (_, i) => ({
      key: "position.admitted@1",
      data: admittedPayload(i),
      context: { queue_id: "fault" },
    }));

    const started = Date.now();
    const batch = events.publishMany(items, { window: 64 });
    // Crash the server once part of the batch is stored, not before and not after.
    let storedAtCrash = 0;
    while ((storedAtCrash = await messageCount(jsm, "POSITION_EVENTS")) < 200) {
      await new Promise((r) => setTimeout(r, 2));
    }
    await server.kill();
    await new Promise((r) => setTimeout(r, 1_000));
    await server.restart();
    const results = await batch;

    expect(storedAtCrash).toBeLessThan(N);
    expect(Date.now() - started).toBeGreaterThan(1_000);
    const failures = results.filter((r) => !r.ok);
    expect(failures).toEqual([]);
    const ids = results.map((r) => (r.ok ? r.ack.id : ""));
    expect(new Set(ids).size).toBe(N);

    const stored = await readStream(jsm, "POSITION_EVENTS");
    expect(stored).toHaveLength(N);
    const storedIds = stored.map((m) => m.json<{ id: string }>().id);
    expect(new Set(storedIds).size).toBe(N);
    expect(new Set(storedIds)).toEqual(new Set(ids));
    // Each ack points at the message that holds its id.
    const bySeq = new Map(stored.map((m) => [m.seq, m.json<{ id: string }>().id]));
    for (const r of results) if (r.ok) expect(bySeq.get((r.ack as PublishAck).seq)).toBe(r.ack.id);
  }, 40_000);

  it("retries while the server is down, then throws PublishError with the cause at the deadline", async () => {
    const { server, nc } = await start();
    const events = createEventClient(nc, testRegistry(), {
      source: "fault-test",
      timeoutMs: 300,
      retry: { deadlineMs: 1_500, initialDelayMs: 20, maxDelayMs: 200 },
    });
    await events.ensureStreams({ replicas: 1 });
    await server.stop();

    const started = Date.now();
    const err = await events
      .publish("position.admitted@1", admittedPayload(1), { queue_id: "q" }, { id: "evt-down-1" })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;

    expect(err).toBeInstanceOf(PublishError);
    const pe = err as PublishError;
    expect(pe.name).toBe("PublishError");
    expect(pe.attempts).toBeGreaterThan(1);
    expect(pe.id).toBe("evt-down-1");
    expect(pe.subject).toBe("waitingroom.position.admitted.v1");
    expect(pe.cause).toBeInstanceOf(Error);
    expect(pe.message).toMatch(/failed after \d+ attempt\(s\).*retry deadline 1500 ms/);
    expect(elapsed).toBeGreaterThan(1_000);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("a publish started while the server is down succeeds once it is back", async () => {
    const { server, nc } = await start();
    const events = createEventClient(nc, testRegistry(), {
      source: "fault-test",
      timeoutMs: 500,
      retry: { deadlineMs: 10_000 },
    });
    await events.ensureStreams({ replicas: 1 });
    const jsm = await events.jsm();
    await server.kill();

    const pending = events.publish("position.admitted@1", admittedPayload(2), { queue_id: "q" }, { id: "evt-late-1" });
    await new Promise((r) => setTimeout(r, 700));
    await server.restart();

    await expect(pending).resolves.toMatchObject({ id: "evt-late-1", stream: "POSITION_EVENTS" });
    expect(await messageCount(jsm, "POSITION_EVENTS")).toBe(1);
  });
});

describe("publish under faults: a stalled server", () => {
  it("retries with the same msg id, so the stream stores the event once and the last ack is a duplicate", async () => {
    const { server, nc } = await start();
    const events = createEventClient(nc, testRegistry(), {
      source: "fault-test",
      timeoutMs: 250,
      retry: { deadlineMs: 10_000, initialDelayMs: 20, maxDelayMs: 100 },
    });
    await events.ensureStreams({ replicas: 1 });
    const jsm = await events.jsm();

    // While paused the server reads nothing: every attempt times out and is sent again.
    await server.pause();
    const pending = events.publish("position.admitted@1", admittedPayload(3), { queue_id: "q" }, { id: "evt-stall-1" });
    await new Promise((r) => setTimeout(r, 700));
    server.resume();
    const ack = (await pending) as PublishAck;

    // The first attempt was stored; the attempt that got an answer was recognised as its duplicate.
    expect(ack).toMatchObject({ id: "evt-stall-1", stream: "POSITION_EVENTS", seq: 1, duplicate: true });
    expect(await messageCount(jsm, "POSITION_EVENTS")).toBe(1);
  });
});
