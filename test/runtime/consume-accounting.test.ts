/**
 * Accounting: every published message ends either handled or in the dead-letter stream, each
 * where it belongs, and every dead letter carries its original bytes and complete headers.
 *
 * Published into POSITION_EVENTS for analytics-processor (max_deliver 3):
 *  - N valid events (some 1.0, some 1.1, some of a minor the package does not know: 1.3);
 *  - events whose handler fails k (1 or 2) times, then succeeds;
 *  - events whose handler always fails (dead-lettered after the 3rd delivery: max-deliver);
 *  - poison: bad JSON, JSON that is no object, a schema-invalid payload, an invalid envelope,
 *    an unknown type, an unknown major (dead-lettered at once, on the 1st delivery).
 */
import { headers } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { DLQ_HEADER, bodyBytes, listDeadLetters, REQUIRED_DLQ_HEADERS, type MessageContext } from "../../runtime/src/index.js";
import { admittedEnvelope, encoder, waitFor } from "../support/consume.js";
import { consumeSuite } from "../support/consume-suite.js";
import { admittedPayload } from "../support/registry.js";

const suite = consumeSuite({ source: "accounting", registry: { maxDeliver: 3 } });

const SUBJECT = "waitingroom.position.admitted.v1";

interface Poison {
  label: string;
  body: Uint8Array;
  subject?: string;
  reason: string;
}

function poisonMessages(): Poison[] {
  const json = (value: unknown) => encoder.encode(JSON.stringify(value));
  return [
    { label: "bad JSON", body: encoder.encode('{"id": "broken", '), reason: "undecodable" },
    { label: "a JSON array", body: json([1, 2, 3]), reason: "undecodable" },
    {
      // A lenient decoder would read it as U+FFFD( and hand the handler a token nobody sent.
      label: "an envelope with invalid UTF-8 (C3 28) in a string",
      body: new Uint8Array([...json(admittedEnvelope(5, { queue_id: "q-" })).subarray(0, -1), ...encoder.encode(',"tenant":"'), 0xc3, 0x28, ...encoder.encode('"}')]),
      reason: "undecodable",
    },
    {
      label: "payload missing session_id",
      body: json(admittedEnvelope(1, { data: { position_id: "p", wait_time_seconds: 1 } })),
      reason: "invalid",
    },
    { label: "envelope without queue_id", body: json({ ...admittedEnvelope(2), queue_id: undefined }), reason: "invalid" },
    {
      label: "an unknown type",
      subject: "waitingroom.position.teleported.v1",
      body: json(admittedEnvelope(3, { type: "position.teleported" })),
      reason: "unknown-type",
    },
    { label: "an unknown major", body: json(admittedEnvelope(4, { version: "7.0" })), reason: "unknown-type" },
  ];
}

async function runAccounting(concurrency: number) {
  const N = 120;
  const handled = new Map<string, number>();
  const attempts = new Map<string, number>();
  const versions = new Map<string, string | undefined>();
  // position_id → how many times its handler fails before succeeding (Infinity: always).
  const failures = new Map<string, number>();

  const valid: string[] = [];
  const flaky: string[] = [];
  const doomed: string[] = [];
  const published = new Map<string, Uint8Array>(); // event id → bytes, for everything published
  const expectedDead = new Map<string, string>(); // event id or label → reason

  for (let i = 0; i < N; i++) {
    const pos = `pos-${i}`;
    const version = i % 10 === 0 ? "1.0" : i % 10 === 1 ? "1.3" : "1.1";
    const data = version === "1.1" ? { ...admittedPayload(i), position_id: pos, priority: "vip" } : { ...admittedPayload(i), position_id: pos };
    if (i % 15 === 7) {
      failures.set(pos, 1 + (i % 2));
      flaky.push(pos);
    } else if (i % 25 === 11) {
      failures.set(pos, Number.POSITIVE_INFINITY);
      doomed.push(pos);
    } else {
      valid.push(pos);
    }
    const env = admittedEnvelope(i, { id: `evt-${pos}`, version, data });
    const body = encoder.encode(JSON.stringify(env));
    published.set(`evt-${pos}`, body);
    if (failures.get(pos) === Number.POSITIVE_INFINITY) expectedDead.set(`evt-${pos}`, "max-deliver");
    const h = headers();
    h.set("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    await suite.js.publish(SUBJECT, body, { msgID: `evt-${pos}`, headers: h });
  }
  const poison = poisonMessages();
  for (const p of poison) {
    await suite.js.publish(p.subject ?? SUBJECT, p.body, { msgID: `poison-${p.label}` });
    expectedDead.set(p.label, p.reason);
  }
  const total = N + poison.length;

  const outcomes: string[] = [];
  const running = await suite.events.consume(
    "analytics-processor",
    {
      "position.admitted": (event: { data: { position_id: string }; version: string }, ctx: MessageContext) => {
        const pos = event.data.position_id;
        const n = (attempts.get(pos) ?? 0) + 1;
        attempts.set(pos, n);
        if (n <= (failures.get(pos) ?? 0)) throw new Error(`handler failure ${n} for ${pos}`);
        handled.set(pos, (handled.get(pos) ?? 0) + 1);
        versions.set(pos, ctx.validatedAs);
      },
    },
    {
      concurrency,
      retry: { backoff: ["20ms"] },
      metrics: {
        onHandled: () => void outcomes.push("handled"),
        onDeadLettered: (_ctx, reason) => void outcomes.push(`dead:${reason}`),
        onFailed: () => void outcomes.push("failed"),
      },
    },
  );

  const dlqCount = async () => (await suite.jsm.streams.info("DEAD_LETTER_QUEUE")).state.messages;
  await waitFor(
    async () => handled.size + (await dlqCount()) >= total,
    30_000,
    () => `handled ${handled.size} + dead ${outcomes.filter((o) => o.startsWith("dead")).length} = ${total}`,
  );
  await running.stop();

  // Handled: every valid and flaky event exactly once (no redelivery happened in this run).
  expect([...handled.keys()].sort()).toEqual([...valid, ...flaky].sort());
  for (const [pos, count] of handled) expect(count, pos).toBe(1);
  for (const pos of flaky) expect(attempts.get(pos), pos).toBe((failures.get(pos) ?? 0) + 1);
  for (const pos of doomed) expect(attempts.get(pos), pos).toBe(3);
  // A message validates against its own minor; an unknown newer minor against the newest known.
  expect(versions.get("pos-0")).toBe("1.0");
  expect(versions.get("pos-1")).toBe("1.1"); // sent as 1.3
  expect(versions.get("pos-2")).toBe("1.1");

  // Dead letters: exactly the doomed events and the poison, each with its reason and bytes.
  const letters = await listDeadLetters(suite.jsm, suite.events.registry);
  expect(letters).toHaveLength(doomed.length + poison.length);
  expect(handled.size + letters.length).toBe(total);
  for (const letter of letters) {
    for (const name of REQUIRED_DLQ_HEADERS) expect(letter.headers[name], `${name} on #${letter.seq}`).toEqual(expect.any(String));
    expect(letter.consumer).toBe("analytics-processor");
    expect(letter.stream).toBe("POSITION_EVENTS");
    expect(letter.streamSequence).toBeGreaterThan(0);
    expect(letter.dlqSubject).toBe("waitingroom.dlq.analytics-processor");
    expect(Number.isNaN(letter.time.getTime())).toBe(false);
    expect(letter.error.length).toBeGreaterThan(0);
    const stored = await suite.jsm.streams.getMessage("POSITION_EVENTS", { seq: letter.streamSequence });
    expect(Buffer.from(bodyBytes(letter)).equals(Buffer.from(stored!.data)), `bytes of #${letter.seq}`).toBe(true);
    expect(letter.subject).toBe(stored!.subject);
  }
  const doomedLetters = letters.filter((l) => l.reason === "max-deliver");
  expect(doomedLetters.map((l) => l.eventId).sort()).toEqual(doomed.map((p) => `evt-${p}`).sort());
  for (const l of doomedLetters) {
    expect(l.deliveryCount).toBe(3);
    expect(l.error).toMatch(/handler failure 3/);
    expect(l.event).toBe("position.admitted");
    expect(l.headers["traceparent"]).toBe("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    expect(l.headers[DLQ_HEADER.msgId]).toBe(l.eventId);
    expect(Buffer.from(bodyBytes(l)).equals(Buffer.from(published.get(l.eventId!)!))).toBe(true);
  }
  const poisonLetters = letters.filter((l) => l.reason !== "max-deliver");
  expect(poisonLetters.map((l) => l.reason).sort()).toEqual(poison.map((p) => p.reason).sort());
  for (const l of poisonLetters) expect(l.deliveryCount, `${l.reason}: ${l.error}`).toBe(1);
  expect(poisonLetters.find((l) => l.reason === "invalid" && /session_id/.test(l.error))).toBeDefined();
  expect(poisonLetters.find((l) => l.reason === "invalid" && /queue_id/.test(l.error))).toBeDefined();
  expect(poisonLetters.find((l) => /position\.teleported/.test(l.error))?.subject).toBe("waitingroom.position.teleported.v1");

  // Nothing left behind on the server.
  const info = await suite.jsm.consumers.info("POSITION_EVENTS", "analytics-processor");
  expect(info.num_ack_pending).toBe(0);
  expect(info.num_pending).toBe(0);
  expect(running.stats()).toMatchObject({ handled: valid.length + flaky.length, deadLettered: letters.length });
  expect(outcomes.filter((o) => o === "handled")).toHaveLength(valid.length + flaky.length);
  expect(outcomes.filter((o) => o.startsWith("dead:"))).toHaveLength(letters.length);
}

describe("consume accounting: handled + dead-lettered = published", () => {
  it("with concurrency 1", async () => {
    await runAccounting(1);
  });

  it("with concurrency 8", async () => {
    await runAccounting(8);
  });
});
