import type { JetStreamManager } from "@nats-io/jetstream";
import type { Msg } from "@nats-io/transport-node";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createEventClient,
  NoStreamError,
  PublishError,
  ValidationError,
  type EventClient,
  type PublishAck,
} from "../../runtime/src/index.js";
import { messageCount, readStream } from "../support/jetstream.js";
import { admittedPayload, testRegistry } from "../support/registry.js";
import { useJetStream } from "../support/use-jetstream.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

const nats = useJetStream();
let events: EventClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  events = createEventClient(nats.nc, testRegistry(), { source: "waitingroom-api" });
  await events.ensureStreams({ replicas: 1 });
  jsm = await events.jsm();
});

/** Collects every core message on the namespace while `action` runs, to prove what was (not) sent. */
async function sentDuring(action: () => Promise<unknown>): Promise<Msg[]> {
  const seen: Msg[] = [];
  const sub = nats.nc.subscribe("waitingroom.>", { callback: (_err, msg) => void seen.push(msg) });
  await nats.nc.flush();
  await action().catch(() => undefined);
  await nats.nc.flush();
  await new Promise((r) => setTimeout(r, 50));
  sub.unsubscribe();
  return seen;
}

describe("publish: round trip through JetStream", () => {
  it("stores the exact envelope and payload, with id, content type and trace headers", async () => {
    const time = new Date("2025-01-02T03:04:05.678Z");
    const ack = (await events.publish(
      "position.admitted@1",
      { ...admittedPayload(1), priority: "vip" },
      { queue_id: "concert-tickets", tenant: "acme" },
      {
        id: "evt-round-trip-1",
        time,
        correlationId: "corr-1",
        causationId: "cause-1",
        traceparent: TRACEPARENT,
        tracestate: "vendor=abc",
      },
    )) as PublishAck;

    expect(ack).toEqual({ id: "evt-round-trip-1", stream: "POSITION_EVENTS", seq: expect.any(Number), duplicate: false });
    const stored = await jsm.streams.getMessage("POSITION_EVENTS", { seq: ack.seq });
    expect(stored?.subject).toBe("waitingroom.position.admitted.v1");
    expect(stored?.json()).toEqual({
      id: "evt-round-trip-1",
      type: "position.admitted",
      version: "1.1",
      source: "waitingroom-api",
      timestamp: "2025-01-02T03:04:05.678Z",
      correlation_id: "corr-1",
      causation_id: "cause-1",
      specversion: "1.0",
      queue_id: "concert-tickets",
      tenant: "acme",
      data: { ...admittedPayload(1), priority: "vip" },
    });
    expect(stored?.header.get("Nats-Msg-Id")).toBe("evt-round-trip-1");
    expect(stored?.header.get("Content-Type")).toBe("application/json");
    expect(stored?.header.get("traceparent")).toBe(TRACEPARENT);
    expect(stored?.header.get("tracestate")).toBe("vendor=abc");
  });

  it("generates a UUID id and the current time, and sends no trace headers unless given", async () => {
    const before = Date.now();
    const ack = (await events.publish("position.admitted@1", admittedPayload(2), { queue_id: "q" })) as PublishAck;
    expect(ack.id).toMatch(UUID);
    const stored = await jsm.streams.getMessage("POSITION_EVENTS", { seq: ack.seq });
    const envelope = stored?.json<Record<string, unknown>>();
    expect(envelope?.["id"]).toBe(ack.id);
    expect(Date.parse(String(envelope?.["timestamp"]))).toBeGreaterThanOrEqual(before - 1);
    expect(envelope).not.toHaveProperty("tenant");
    expect(envelope).not.toHaveProperty("correlation_id");
    expect(stored?.header.get("Nats-Msg-Id")).toBe(ack.id);
    expect(stored?.header.has("traceparent")).toBe(false);
  });

  it("routes each event to its own stream", async () => {
    const ack = await events.publish("audit.recorded@1", { action: "login", actor: "a@example.com" }, { queue_id: "q" });
    expect(ack).toMatchObject({ stream: "AUDIT_EVENTS", duplicate: false });
  });
});

describe("publish: deduplication by event id", () => {
  it("reports duplicate: true for the same id inside the window and stores it once", async () => {
    const first = (await events.publish("position.admitted@1", admittedPayload(3), { queue_id: "q" }, { id: "evt-dup-1" })) as PublishAck;
    const count = await messageCount(jsm, "POSITION_EVENTS");
    const again = (await events.publish("position.admitted@1", admittedPayload(3), { queue_id: "q" }, { id: "evt-dup-1" })) as PublishAck;

    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ id: "evt-dup-1", stream: "POSITION_EVENTS", duplicate: true });
    expect(await messageCount(jsm, "POSITION_EVENTS")).toBe(count);
  });
});

describe("publish: validation before sending", () => {
  it("throws ValidationError naming the JSON pointers, and sends nothing", async () => {
    const count = await messageCount(jsm, "POSITION_EVENTS");
    let error: unknown;
    const sent = await sentDuring(async () => {
      try {
        await events.publish(
          "position.admitted@1",
          { position_id: "pos-x", wait_time_seconds: -5, extra: true },
          { queue_id: "q" },
        );
      } catch (err) {
        error = err;
      }
    });

    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.event).toBe("position.admitted");
    expect(v.version).toBe("1.1");
    expect(v.target).toBe("data");
    expect(v.issues).toEqual(
      expect.arrayContaining([
        { pointer: "/session_id", keyword: "required", message: "is required" },
        { pointer: "/wait_time_seconds", keyword: "minimum", message: "must be >= 0" },
        { pointer: "/extra", keyword: "additionalProperties", message: "is not allowed by the schema" },
      ]),
    );
    expect(v.message).toContain("/wait_time_seconds must be >= 0 (minimum)");
    expect(v.message).toContain("/session_id is required (required)");
    expect(sent).toHaveLength(0);
    expect(await messageCount(jsm, "POSITION_EVENTS")).toBe(count);
  });

  // What passes the schema but JSON would send otherwise (envelope/json-faithful.ts): refused, nothing sent.
  it.each([
    { given: "Infinity, which JSON sends as null", payload: { wait_time_seconds: Infinity }, context: { queue_id: "q" }, target: "data", pointer: "/wait_time_seconds" },
    { given: "a payload with toJSON(), sent as what it returns", payload: Object.defineProperty({}, "toJSON", { value: () => ({ position_id: "sent instead" }) }), context: { queue_id: "q" }, target: "data", pointer: "" },
  ])("refuses $given, and sends nothing", async ({ payload, context, target, pointer }) => {
    const count = await messageCount(jsm, "POSITION_EVENTS");
    let error: unknown;
    const sent = await sentDuring(async () => {
      // Copied onto the payload with its descriptors: a non-enumerable toJSON stays one (no schema sees it).
      const data = Object.defineProperties(admittedPayload(5), Object.getOwnPropertyDescriptors(payload));
      error = await events.publish("position.admitted@1", data, context).catch((e: unknown) => e);
    });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).target).toBe(target);
    expect((error as ValidationError).issues.map((i) => i.pointer)).toContain(pointer);
    expect(sent).toHaveLength(0);
    expect(await messageCount(jsm, "POSITION_EVENTS")).toBe(count);
  });

  it("points inside nested values and at formats", async () => {
    const err = await events
      .publish("audit.recorded@1", { action: 42, actor: "not-an-email" }, { queue_id: "q" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => `${i.pointer} ${i.keyword}`).sort()).toEqual([
      "/action type",
      "/actor format",
    ]);
  });

  it("rejects a missing required context field as an envelope error", async () => {
    const err = await events.publish("position.admitted@1", admittedPayload(4), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).target).toBe("envelope");
    expect((err as ValidationError).issues).toContainEqual({ pointer: "/queue_id", keyword: "required", message: "is required" });
  });

  it("rejects unknown context keys and a different value for a const context field", async () => {
    const err = await events
      .publish("position.admitted@1", admittedPayload(5), { queue_id: "q", colour: "red", specversion: "2.0" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const pointers = (err as ValidationError).issues.map((i) => `${i.pointer} ${i.keyword}`);
    expect(pointers).toEqual(expect.arrayContaining(["/colour context", "/specversion const"]));
    expect((err as ValidationError).message).toContain("context properties: specversion, queue_id, tenant");
  });

  it("rejects an unknown event key, listing the known ones", async () => {
    await expect(events.publish("position.admited@1", {}, { queue_id: "q" })).rejects.toThrow(
      /Unknown event "position.admited@1".*position.admitted@1/,
    );
  });
});

describe("publish: at-most-once events go over core NATS", () => {
  it("sends the envelope with headers and resolves with the id only", async () => {
    const received = new Promise<Msg>((resolve) => {
      const sub = nats.nc.subscribe("waitingroom.queue.heartbeat.v1", { max: 1, callback: (_e, m) => resolve(m) });
      void sub;
    });
    await nats.nc.flush();
    const ack = await events.publish("queue.heartbeat@1", { queue_length: 7 }, { queue_id: "q" }, { traceparent: TRACEPARENT });
    const msg = await received;

    expect(ack).toEqual({ id: expect.stringMatching(UUID) });
    expect(msg.json()).toMatchObject({ id: ack.id, type: "queue.heartbeat", version: "1.0", data: { queue_length: 7 } });
    expect(msg.headers?.get("Nats-Msg-Id")).toBe(ack.id);
    expect(msg.headers?.get("traceparent")).toBe(TRACEPARENT);
    // Not captured by any stream: nothing in JetStream changed.
    await expect(jsm.streams.find("waitingroom.queue.heartbeat.v1")).rejects.toThrow(/no stream matches subject/);
  });
});

describe("publish: a subject no stream captures", () => {
  const bare = useJetStream();

  it("fails at once with NoStreamError telling how to fix it, well under the retry deadline", async () => {
    const client = createEventClient(bare.nc, testRegistry(), { source: "t", retry: { deadlineMs: 10_000 } });
    const started = Date.now();
    const err = await client.publish("position.admitted@1", admittedPayload(6), { queue_id: "q" }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;

    expect(err).toBeInstanceOf(NoStreamError);
    expect((err as NoStreamError).subject).toBe("waitingroom.position.admitted.v1");
    expect((err as NoStreamError).attempts).toBe(1);
    expect((err as Error).message).toMatch(/No stream captures subject "waitingroom.position.admitted.v1"/);
    expect((err as Error).message).toContain("ensureStreams()");
    expect((err as Error).message).toContain("jetschema streams apply");
    expect(elapsed).toBeLessThan(5_000); // half the deadline: room for a loaded machine
  });
});

describe("publish: the stack traces nats.js captures per request", () => {
  /** A server that stops answering (paused in the test). */
  const stalled = useJetStream();

  it("are cut short while the request is built, and Error.stackTraceLimit stays as the application set it", async () => {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 37;
    try {
      await events.publish("position.admitted@1", admittedPayload(7), { queue_id: "q" });
      expect(Error.stackTraceLimit).toBe(37);
      // A server that stops answering: the publish times out with the error nats.js made when it
      // built the request (its stack cut short), as the cause of a PublishError with a full stack.
      try {
        const client = createEventClient(stalled.nc, testRegistry(), { source: "t", timeoutMs: 150, retry: { deadlineMs: 400 } });
        await client.ensureStreams({ replicas: 1 });
        await stalled.server.pause();
        const err = (await client.publish("position.admitted@1", admittedPayload(8), { queue_id: "q" }).catch((e: unknown) => e)) as Error;
        stalled.server.resume();
        expect(err).toBeInstanceOf(PublishError);
        expect(err.stack).toContain("PublishError");
        const frames = (stack: string | undefined) => (stack ?? "").split("\n").filter((l) => l.trimStart().startsWith("at ")).length;
        expect(err.cause).toBeInstanceOf(Error);
        expect(frames((err.cause as Error).stack)).toBeGreaterThan(0);
        expect(frames((err.cause as Error).stack)).toBeLessThanOrEqual(4);
        expect(Error.stackTraceLimit).toBe(37);
      } finally {
        stalled.server.resume();
      }
    } finally {
      Error.stackTraceLimit = before;
    }
  }, 20_000);
});
