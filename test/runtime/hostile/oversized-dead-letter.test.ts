/**
 * Hostile input, consume side: a poison message too big to copy. A dead letter is normally the
 * original bytes plus Dlq-* headers; for a message near max_payload, or with headers near
 * JetStream's 64 KiB header limit, that copy can never be stored as one message. Such a message
 * must still end in the dead-letter stream, at once, written in parts that hold the original
 * (its headers in the parts' bodies), and the consumer must move on. Reference dead letters (no
 * body, the original's stream and sequence: what earlier runtimes wrote) already in a
 * dead-letter stream still replay by fetching the original from its stream, or say clearly why
 * they cannot. Against a real nats-server started with max_payload 256 KiB.
 */
import { createHash } from "node:crypto";
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { bodyBytes, DLQ_HEADER, formatDeadLetters, listDeadLetters, replayDeadLetters, type DeadLetter } from "../../../runtime/src/index.js";
import { admittedEnvelope, encoder, sleep, waitFor } from "../../support/consume.js";
import { consumeSuite } from "../../support/consume-suite.js";
import { writeReferenceDeadLetter } from "../../support/reference-dead-letter.js";
import { admittedPayload } from "../../support/registry.js";

const MAX_PAYLOAD = 256 * 1024;
const suite = consumeSuite({
  source: "oversized",
  registry: { maxDeliver: 2 },
  server: { config: `max_payload: ${MAX_PAYLOAD}\n` },
});

const SUBJECT = "waitingroom.position.admitted.v1";
/** The original's body: max_payload less room for its own Nats-Msg-Id header. */
const NEAR_LIMIT = MAX_PAYLOAD - 200;
/** Header bytes an original may carry under JetStream's limit (65 535), leaving no room for Dlq-*. */
const NEAR_HEADER_LIMIT = 65_000;

/** A JSON envelope of exactly `size` bytes, padded in `pad` (a string field of the envelope or payload). */
function envelopeOfSize(size: number, pad: (env: Record<string, unknown>, text: string) => void): Uint8Array {
  const env = admittedEnvelope(0);
  pad(env, "");
  const base = JSON.stringify(env).length;
  pad(env, "x".repeat(size - base));
  const bytes = encoder.encode(JSON.stringify(env));
  expect(bytes.length).toBe(size);
  return bytes;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

interface Case {
  given: string;
  body: () => Uint8Array;
  headers?: () => MsgHdrs;
  want: { reason: string; deliveries: number; copy: "parts" | "full" };
}

const CASES: Case[] = [
  {
    given: "a schema-invalid envelope of max_payload - 200 bytes",
    body: () => envelopeOfSize(NEAR_LIMIT, (env, text) => void ((env["data"] as Record<string, unknown>)["padding"] = text)),
    want: { reason: "invalid", deliveries: 1, copy: "parts" },
  },
  {
    given: "a body of max_payload - 200 bytes that is not JSON",
    body: () => encoder.encode(`{"id": ${"9".repeat(NEAR_LIMIT - 8)}`),
    want: { reason: "undecodable", deliveries: 1, copy: "parts" },
  },
  {
    given: "a valid event of max_payload - 200 bytes whose handler always fails",
    body: () => envelopeOfSize(NEAR_LIMIT, (env, text) => void (env["tenant"] = `fail-${text}`)),
    want: { reason: "max-deliver", deliveries: 2, copy: "parts" },
  },
  {
    given: `an invalid envelope with ${NEAR_HEADER_LIMIT} bytes of headers (JetStream's limit is 64 KiB)`,
    body: () => encoder.encode(JSON.stringify(admittedEnvelope(1, { data: { position_id: "p" } }))),
    headers: () => {
      const h = natsHeaders();
      h.set("X-Padding", "h".repeat(NEAR_HEADER_LIMIT));
      return h;
    },
    want: { reason: "invalid", deliveries: 1, copy: "parts" },
  },
  {
    given: "a small invalid envelope (the usual full copy)",
    body: () => encoder.encode(JSON.stringify(admittedEnvelope(2, { data: { position_id: "p" } }))),
    headers: () => {
      const h = natsHeaders();
      h.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
      return h;
    },
    want: { reason: "invalid", deliveries: 1, copy: "full" },
  },
];

type Admitted = { id: string; tenant?: string };

/** Publishes every case and one valid event behind them; consumes until all are settled. */
async function deadLetterAll() {
  const originals = new Map<number, { c: Case; body: Uint8Array }>();
  for (const c of CASES) {
    const body = c.body();
    const ack = await suite.js.publish(SUBJECT, body, c.headers ? { headers: c.headers() } : {});
    originals.set(ack.seq, { c, body });
  }
  const last = await suite.events.publish("position.admitted@1", admittedPayload(7), { queue_id: "q" });
  const handled: string[] = [];
  const errors: Error[] = [];
  const running = await suite.events.consume(
    "analytics-processor",
    {
      "position.admitted": (e: Admitted) => {
        if (e.tenant?.startsWith("fail-")) throw new Error("downstream refuses it");
        handled.push(e.id);
      },
    },
    { retry: { backoff: ["20ms"] }, onError: (err) => void errors.push(err) },
  );
  await waitFor(
    () => handled.includes(last.id) && running.stats().deadLettered === CASES.length,
    15_000,
    () => `the valid event handled and ${CASES.length} dead letters (${errors.length} errors, first: ${errors[0]?.message})`,
  );
  await running.stop();
  return { originals, running, handled, errors, letters: await listDeadLetters(suite.jsm, suite.events.registry) };
}

function describeLetter(letter: DeadLetter) {
  const h = letter.headers;
  return {
    reason: letter.reason,
    deliveries: letter.deliveryCount,
    copy: letter.parts ? "parts" : "full",
  };
}

describe("a poison message too big to copy ends in the DLQ in parts; the consumer moves on", () => {
  it("dead-letters every case at once (or on its last delivery), and handles what comes after", async () => {
    const { originals, running, letters, handled } = await deadLetterAll();

    const got = Object.fromEntries(letters.map((l) => [originals.get(l.streamSequence)?.c.given, describeLetter(l)]));
    expect(got).toEqual(Object.fromEntries(CASES.map((c) => [c.given, c.want])));
    expect(handled).toHaveLength(1);
    expect(running.stats()).toMatchObject({ abandoned: 0, held: 0, inFlight: 0 });
    const info = await suite.jsm.consumers.info("POSITION_EVENTS", "analytics-processor");
    expect([info.num_pending, info.num_ack_pending]).toEqual([0, 0]);

    for (const letter of letters) {
      const { body, c } = originals.get(letter.streamSequence)!;
      const h = letter.headers;
      // Parts or a full copy alike: the original bytes and headers, and the facts.
      expect(Buffer.from(bodyBytes(letter)).equals(Buffer.from(body))).toBe(true);
      for (const key of c.headers?.().keys() ?? []) expect(h[key]).toBe(c.headers!().get(key));
      expect([letter.stream, letter.subject, letter.omittedOriginal]).toEqual(["POSITION_EVENTS", SUBJECT, undefined]);
      if (letter.parts) expect(letter.parts).toMatchObject({ bodySize: body.length, missing: [], problem: undefined });
    }
    expect(formatDeadLetters(letters)).toMatch(/original in [12] parts, \d+ bytes\n/);
  });

  /** An original too large to copy in POSITION_EVENTS, and a reference dead letter to it. */
  async function referenceToOriginal() {
    const body = CASES[1]!.body();
    const seq = (await suite.js.publish(SUBJECT, body)).seq;
    const dlqSeq = await writeReferenceDeadLetter(suite.js, { subject: SUBJECT, stream: "POSITION_EVENTS", seq, body });
    return { body, seq, dlqSeq };
  }

  it("replays a reference dead letter by fetching the original from its stream, digest checked", async () => {
    const { body, dlqSeq } = await referenceToOriginal();
    const [letter] = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(letter?.omittedOriginal).toMatchObject({ size: body.length, sha256: sha256(body) });
    expect(formatDeadLetters([letter!])).toMatch(/original not copied \(\d+ bytes, sha256 [0-9a-f]{12}…\): see POSITION_EVENTS #\d+/);

    const result = await replayDeadLetters(suite.nc, suite.events.registry);
    const replayed = result.replayed.find((r) => r.deadLetter.seq === dlqSeq);
    expect(replayed?.ack?.stream).toBe("POSITION_EVENTS");
    const copy = await suite.jsm.streams.getMessage("POSITION_EVENTS", { seq: replayed!.ack!.seq });
    expect(sha256(copy!.data)).toBe(sha256(body));
    expect(await listDeadLetters(suite.jsm, suite.events.registry)).toEqual([]);
  });

  it("refuses to replay a reference whose original is gone, says why, and keeps the dead letter", async () => {
    const { seq, dlqSeq } = await referenceToOriginal();
    await suite.jsm.streams.deleteMessage("POSITION_EVENTS", seq);

    const result = await replayDeadLetters(suite.nc, suite.events.registry);
    const failure = result.failed.find((f) => f.deadLetter.seq === dlqSeq);
    expect(failure?.error.message).toMatch(new RegExp(`holds no copy of its original .* POSITION_EVENTS #${seq} is no longer in its stream`));
    expect(result.ok).toBe(false);
    expect((await listDeadLetters(suite.jsm, suite.events.registry)).map((l) => l.seq)).toEqual([dlqSeq]);
  });

  it("never retries for ever a dead letter refused for its size even in the smallest parts: abandoned on the last delivery", async () => {
    // A dead-letter stream that stores nothing bigger than 64 bytes: no dead letter can ever fit.
    const dlq = await suite.jsm.streams.info("DEAD_LETTER_QUEUE");
    await suite.jsm.streams.update("DEAD_LETTER_QUEUE", { ...dlq.config, max_msg_size: 64 });
    await suite.js.publish(SUBJECT, CASES[4]!.body());
    const last = await suite.events.publish("position.admitted@1", admittedPayload(8), { queue_id: "q" });
    const handled: string[] = [];
    const errors: Error[] = [];
    const running = await suite.events.consume(
      "analytics-processor",
      { "position.admitted": (e: Admitted) => void handled.push(e.id) },
      { retry: { backoff: ["20ms"] }, onError: (err) => void errors.push(err) },
    );
    await waitFor(() => handled.includes(last.id) && running.stats().abandoned === 1, 10_000, () => JSON.stringify(running.stats()));
    await sleep(500); // nothing keeps retrying in the background
    expect(running.stats()).toMatchObject({ abandoned: 1, held: 0, deadLettered: 0 });
    const attempts = errors.filter((e) => /could not be written/.test(e.message)).length;
    expect(attempts).toBe(2); // one per delivery (max_deliver 2), none after
    expect(errors[0]!.message).toMatch(/message size exceeds maximum/);
    const stopStarted = Date.now();
    await running.stop();
    expect(Date.now() - stopStarted).toBeLessThan(5_000);
  });
});
