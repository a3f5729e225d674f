/**
 * CloudEvents binary content mode against a real nats-server: what a binary publish stores
 * (headers and body, byte for byte), consumers reading binary and structured messages through the
 * same handler, a mixed stream, malformed binary messages dead-lettered with their reason, a
 * replayed dead letter staying binary, a request in binary mode answered by a responder, and the
 * client's contentMode checks.
 */
import type { JetStreamManager, StoredMsg } from "@nats-io/jetstream";
import { headers, type MsgHdrs } from "@nats-io/transport-node";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEventClient, listDeadLetters, replayDeadLetters, type EventClient, type PublishAck } from "../../runtime/src/index.js";
import { admittedPayload, binaryHeaders, cloudEventsRegistry } from "../support/cloudevents-registry.js";
import { encoder, freshStreams, waitFor } from "../support/consume.js";
import { readStream } from "../support/jetstream.js";
import { testRegistry, withQueueLengthQuery } from "../support/registry.js";
import { useJetStream } from "../support/use-jetstream.js";

const SUBJECT = "waitingroom.position.admitted.v1";
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const CONTEXT = { subject: "res-42", metadata: { note: "Euro € 😀", tenant: "studio-ana" }, attempt: 2 };

const nats = useJetStream({ name: "cloudevents-binary" });
/** Publishes structured (the registry's default mode). */
let structured: EventClient;
/** The same registry, publishing in binary mode. */
let binary: EventClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  const registry = cloudEventsRegistry("structured", { maxDeliver: 2 });
  structured = createEventClient(nats.nc, registry, { source: "structured-publisher" });
  binary = createEventClient(nats.nc, registry, { source: "binary-publisher", contentMode: "binary" });
});

beforeEach(async () => {
  jsm = await freshStreams(structured);
});

/** The envelope fields a position.admitted 1.1 publish with CONTEXT and OPTIONS has, but for id, source and data. */
function envelopeFields(): Record<string, unknown> {
  return {
    type: "position.admitted",
    version: "1.1",
    time: "2025-06-01T09:00:00Z",
    correlationid: "req 7",
    causationid: "cmd-7",
    specversion: "1.0",
    subject: "res-42",
    datacontenttype: "application/json",
    metadata: CONTEXT.metadata,
    attempt: 2,
    // OPTIONS' trace context as the CloudEvents Distributed Tracing extension (the envelope allows it).
    traceparent: TRACEPARENT,
  };
}

/** Every header of a message, as `name → value`, without the ones the client adds for JetStream itself. */
function headerObject(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of h?.keys() ?? []) if (!key.startsWith("Nats-Expected-")) out[key] = h!.get(key);
  return out;
}

async function stored(ack: PublishAck): Promise<StoredMsg> {
  const msg = await jsm.streams.getMessage(ack.stream, { seq: ack.seq });
  if (!msg) throw new Error(`no message #${ack.seq} in ${ack.stream}`);
  return msg;
}

async function rawBinary(id: string, overrides: Record<string, string | undefined>, body: string | Uint8Array): Promise<void> {
  const h = headers();
  for (const [k, v] of Object.entries(binaryHeaders(id, overrides))) h.set(k, v);
  const data = typeof body === "string" ? encoder.encode(body) : body;
  await structured.js.publish(SUBJECT, data, { msgID: id, headers: h });
}

const OPTIONS = {
  time: "2025-06-01T09:00:00Z",
  correlationId: "req 7",
  causationId: "cmd-7",
  traceparent: TRACEPARENT,
};

describe("publish in binary mode", () => {
  it("stores the payload as the body and every other attribute as a ce- header", async () => {
    const payload = { ...admittedPayload(1), priority: "vip" };
    const ack = (await binary.publish("position.admitted@1", payload, CONTEXT, { ...OPTIONS, id: "evt-bin-1" })) as PublishAck;
    expect(ack).toEqual({ id: "evt-bin-1", stream: "POSITION_EVENTS", seq: expect.any(Number), duplicate: false });
    expect(binary.contentMode).toBe("binary");

    const msg = await stored(ack);
    expect(msg.subject).toBe(SUBJECT);
    expect(new TextDecoder().decode(msg.data)).toBe(JSON.stringify(payload));
    expect(headerObject(msg.header)).toEqual({
      "Nats-Msg-Id": "evt-bin-1",
      "Content-Type": "application/json",
      traceparent: TRACEPARENT,
      "ce-id": "evt-bin-1",
      "ce-type": "position.admitted",
      "ce-version": "1.1",
      "ce-source": "binary-publisher",
      "ce-time": "2025-06-01T09:00:00Z",
      "ce-correlationid": "req 7",
      "ce-causationid": "cmd-7",
      "ce-specversion": "1.0",
      "ce-subject": "res-42",
      "ce-datacontenttype": "application/json",
      // Non-string attributes travel as their JSON text; values as the SDKs send them, UTF-8 unencoded.
      "ce-metadata": '{"note":"Euro € 😀","tenant":"studio-ana"}',
      "ce-attempt": "2",
      // The trace context again, as the Distributed Tracing extension (trace-extension.test.ts).
      "ce-traceparent": TRACEPARENT,
    });
  });

  it("structured mode of a CloudEvents registry is marked application/cloudevents+json and has no ce- headers", async () => {
    const ack = (await structured.publish("position.admitted@1", admittedPayload(2), CONTEXT, { ...OPTIONS, id: "evt-str-1" })) as PublishAck;
    const msg = await stored(ack);
    expect(headerObject(msg.header)).toEqual({
      "Nats-Msg-Id": "evt-str-1",
      "Content-Type": "application/cloudevents+json",
      traceparent: TRACEPARENT,
    });
    expect(msg.json()).toEqual({ ...envelopeFields(), id: "evt-str-1", source: "structured-publisher", data: admittedPayload(2) });
  });

  it("validates payload and context before sending, as in structured mode", async () => {
    await expect(binary.publish("position.admitted@1", { ...admittedPayload(3), wait_time_seconds: -1 })).rejects.toThrow(/wait_time_seconds/);
    await expect(binary.publish("position.admitted@1", admittedPayload(3), { attempt: -1 })).rejects.toThrow(/attempt/);
    expect((await jsm.streams.info("POSITION_EVENTS")).state.messages).toBe(0);
  });

  it("deduplicates a retried binary publish by its event id", async () => {
    const first = (await binary.publish("position.admitted@1", admittedPayload(4), {}, { id: "evt-dup" })) as PublishAck;
    const again = (await binary.publish("position.admitted@1", admittedPayload(4), {}, { id: "evt-dup" })) as PublishAck;
    expect(again).toMatchObject({ seq: first.seq, duplicate: true });
  });
});

describe("consume either mode", () => {
  it("hands the same typed envelope to the handler for a binary and a structured message", async () => {
    await structured.publish("position.admitted@1", admittedPayload(5), CONTEXT, { ...OPTIONS, id: "evt-s" });
    await binary.publish("position.admitted@1", admittedPayload(5), CONTEXT, { ...OPTIONS, id: "evt-b" });
    const got: Record<string, unknown>[] = [];
    const running = await structured.consume("analytics-processor", { "position.admitted": (e) => void got.push(e) });
    await waitFor(() => got.length === 2, 10_000, () => `2 events (have ${got.length})`);
    await running.stop();

    const common = { ...envelopeFields(), data: admittedPayload(5) };
    expect(got).toEqual([
      { ...common, id: "evt-s", source: "structured-publisher" },
      { ...common, id: "evt-b", source: "binary-publisher" },
    ]);
    expect((await jsm.streams.info("DEAD_LETTER_QUEUE")).state.messages).toBe(0);
  });

  it("reads a mixed stream in order, validating each binary message against its own minor", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const client = i % 2 === 0 ? structured : binary;
      const ack = await client.publish("position.admitted@1", admittedPayload(i), { attempt: i }, { id: `mixed-${i}` });
      ids.push(ack.id);
    }
    // A binary 1.0 message from another producer (header names in other case, Content-Type instead
    // of ce-datacontenttype): read as 1.0, and fine without 1.1's optional field.
    const legacy = admittedPayload(9);
    await rawBinary("legacy-1.0", { "ce-version": undefined, "CE-Version": "1.0", "ce-datacontenttype": undefined, "Content-Type": "application/json" }, JSON.stringify(legacy));
    ids.push("legacy-1.0");

    const got: Array<{ id: string; version: string; attempt?: number; datacontenttype: string }> = [];
    const running = await structured.consume("analytics-processor", { "position.admitted": (e) => void got.push(e as never) });
    await waitFor(() => got.length === ids.length, 10_000, () => `${ids.length} events (have ${got.length})`);
    await running.stop();
    expect(got.map((e) => e.id)).toEqual(ids);
    expect(got.map((e) => e.attempt)).toEqual([0, 1, 2, 3, 4, 5, undefined]);
    expect(got.at(-1)).toMatchObject({ version: "1.0", datacontenttype: "application/json", data: legacy });
    expect((await jsm.streams.info("DEAD_LETTER_QUEUE")).state.messages).toBe(0);
  });
});

describe("malformed binary messages go to the dead-letter stream", () => {
  it("dead-letters each with its reason, keeping its headers and body", async () => {
    const ok = JSON.stringify(admittedPayload(1));
    const cases: Array<{ id: string; overrides: Record<string, string | undefined>; body: string; reason: string; error: RegExp }> = [
      { id: "no-source", overrides: { "ce-source": undefined }, body: ok, reason: "undecodable", error: /without the required header ce-source/ },
      { id: "no-id-type", overrides: { "ce-id": undefined, "ce-type": undefined }, body: ok, reason: "undecodable", error: /required headers ce-id, ce-type/ },
      { id: "bad-body", overrides: {}, body: "{not json", reason: "undecodable", error: /the body \(the event's data\) is not JSON/ },
      { id: "bad-metadata", overrides: { "ce-metadata": "tenant=ana" }, body: ok, reason: "undecodable", error: /header ce-metadata is not JSON text/ },
      { id: "bad-percent", overrides: { "ce-subject": "100%C0%A0" }, body: ok, reason: "undecodable", error: /header ce-subject \("100%C0%A0"\) is not valid percent-encoded UTF-8/ },
      { id: "old-spec", overrides: { "ce-specversion": "0.3" }, body: ok, reason: "invalid", error: /invalid envelope .*\/specversion/ },
      { id: "new-field-in-1.0", overrides: { "ce-version": "1.0" }, body: JSON.stringify({ ...admittedPayload(1), priority: "vip" }), reason: "invalid", error: /invalid payload for position.admitted 1.0/ },
      { id: "unknown-type", overrides: { "ce-type": "position.teleported" }, body: ok, reason: "unknown-type", error: /unknown event type "position.teleported"/ },
    ];
    for (const c of cases) await rawBinary(c.id, c.overrides, c.body);

    const handled: string[] = [];
    const running = await structured.consume("analytics-processor", { "position.admitted": (e) => void handled.push(e.id as string) });
    await waitFor(async () => (await jsm.streams.info("DEAD_LETTER_QUEUE")).state.messages === cases.length, 10_000, () => `${cases.length} dead letters`);
    await running.stop();
    expect(handled).toEqual([]);

    const letters = await listDeadLetters(jsm, structured.registry);
    const byMsgId = new Map(letters.map((d) => [d.headers["Dlq-Msg-Id"], d]));
    for (const c of cases) {
      const d = byMsgId.get(c.id);
      expect(d, c.id).toBeDefined();
      expect(d!.reason, c.id).toBe(c.reason);
      expect(d!.error, c.id).toMatch(c.error);
      expect(d!.body, c.id).toBe(c.body);
      expect(d!.bodyEncoding, c.id).toBe("utf-8");
      // The event id of a binary message is its ce-id header, even when the rest cannot be decoded.
      expect(d!.eventId, c.id).toBe("ce-id" in c.overrides ? undefined : c.id);
      expect(d!.headers["ce-specversion"], c.id).toBe(c.overrides["ce-specversion"] ?? "1.0");
    }
  });

  it("a replayed dead letter is still a binary message, and is handled once the handler works", async () => {
    await binary.publish("position.admitted@1", admittedPayload(7), CONTEXT, { ...OPTIONS, id: "evt-replay" });
    const broken = await structured.consume(
      "analytics-processor",
      { "position.admitted": () => Promise.reject(new Error("database unreachable")) },
      { retry: { backoff: ["10ms"] } },
    );
    await waitFor(async () => (await jsm.streams.info("DEAD_LETTER_QUEUE")).state.messages === 1, 10_000, () => "the dead letter");
    await broken.stop();
    const before = (await jsm.streams.info("POSITION_EVENTS")).state.last_seq;

    const result = await replayDeadLetters(nats.nc, structured.registry, {});
    expect(result.ok).toBe(true);
    expect(result.replayed).toHaveLength(1);
    const replays = (await readStream(jsm, "POSITION_EVENTS")).filter((m) => m.seq > before);
    expect(replays).toHaveLength(1);
    const replay = replays[0]!;
    expect(new TextDecoder().decode(replay.data)).toBe(JSON.stringify(admittedPayload(7)));
    const h = headerObject(replay.header);
    expect(h).toMatchObject({ "ce-id": "evt-replay", "ce-specversion": "1.0", "ce-source": "binary-publisher", "ce-attempt": "2", "Content-Type": "application/json" });
    expect(Object.keys(h).some((k) => k.startsWith("Dlq-"))).toBe(false);

    const got: Record<string, unknown>[] = [];
    const fixed = await structured.consume("analytics-processor", { "position.admitted": (e) => void got.push(e) });
    await waitFor(() => got.length === 1, 10_000, () => "the replayed event");
    await fixed.stop();
    expect(got[0]).toMatchObject({ id: "evt-replay", source: "binary-publisher", metadata: CONTEXT.metadata, attempt: 2, data: admittedPayload(7) });
  });
});

describe("request-reply in binary mode", () => {
  it("a binary request reaches a responder as the same envelope; a malformed one is answered with an error", async () => {
    const registry = withQueueLengthQuery(cloudEventsRegistry("binary"));
    const requester = createEventClient(nats.nc, registry, { source: "asker", timeoutMs: 2000 });
    const server = createEventClient(nats.nc, registry, { source: "answerer", contentMode: "structured" });
    const seen: Record<string, unknown>[] = [];
    const responder = server.serve("queue.length@1", (e) => {
      seen.push(e);
      return { length: (e.data as { queue_id: string }).queue_id.length };
    });
    await expect(requester.request("queue.length@1", { queue_id: "concert" }, CONTEXT)).resolves.toMatchObject({ data: { length: 7 } });
    expect(seen[0]).toMatchObject({ type: "queue.length", source: "asker", specversion: "1.0", metadata: CONTEXT.metadata, attempt: 2, data: { queue_id: "concert" } });

    const h = headers();
    for (const [k, v] of Object.entries(binaryHeaders("req-bad", { "ce-type": "queue.length", "ce-version": "1.0", "ce-source": undefined }))) h.set(k, v);
    const reply = await nats.nc.request("waitingroom.query.queue.length", encoder.encode("{}"), { headers: h, timeout: 2000 });
    expect(reply.headers?.get("Jetschema-Error")).toMatch(/without the required header ce-source/);
    await responder.stop();
  });
});

describe("a reply in binary mode", () => {
  it("is read by the requester as the same envelope; an unreadable one is an invalid-reply error", async () => {
    const registry = withQueueLengthQuery(cloudEventsRegistry("structured"));
    const requester = createEventClient(nats.nc, registry, { source: "asker", timeoutMs: 2000 });
    let replyBody = JSON.stringify({ length: 7 });
    // A responder that is not jetschema, answering as a Go service following docs/interop.md's binary mode.
    const sub = nats.nc.subscribe("waitingroom.query.queue.length", {
      callback: (_err, msg) => {
        const request = JSON.parse(new TextDecoder().decode(msg.data)) as { id: string };
        const h = headers();
        for (const [k, v] of Object.entries(binaryHeaders("reply-1", { "ce-type": "queue.length", "ce-version": "1.0", "ce-causationid": request.id, "ce-correlationid": request.id }))) h.set(k, v);
        msg.respond(encoder.encode(replyBody), { headers: h });
      },
    });
    try {
      await expect(requester.request("queue.length@1", { queue_id: "concert" })).resolves.toMatchObject({ id: "reply-1", source: "hand-made", data: { length: 7 } });
      replyBody = "{";
      await expect(requester.request("queue.length@1", { queue_id: "concert" })).rejects.toMatchObject({ reason: "invalid-reply", message: expect.stringMatching(/cannot be read: .*the body \(the event's data\)/) });
    } finally {
      sub.unsubscribe();
    }
  });
});

describe("contentMode option", () => {
  it("defaults to the registry's envelope.cloudevents.mode", () => {
    expect(structured.contentMode).toBe("structured");
    expect(createEventClient(nats.nc, cloudEventsRegistry("binary"), { source: "x" }).contentMode).toBe("binary");
    expect(createEventClient(nats.nc, cloudEventsRegistry("binary"), { source: "x", contentMode: "structured" }).contentMode).toBe("structured");
  });

  it("refuses binary mode for an envelope that is not CloudEvents, and unknown modes", () => {
    expect(() => createEventClient(nats.nc, testRegistry(), { source: "x", contentMode: "binary" })).toThrow(/needs a CloudEvents envelope/);
    expect(createEventClient(nats.nc, testRegistry(), { source: "x" }).contentMode).toBe("structured");
    expect(() => createEventClient(nats.nc, cloudEventsRegistry(), { source: "x", contentMode: "text" as never })).toThrow(RangeError);
  });
});
