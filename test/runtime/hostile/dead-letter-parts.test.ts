/**
 * Hostile input, consume side: a poison message too big to copy into one dead letter, on a stream
 * whose term removes it (workqueue, interest retention). The dead letter must hold the original
 * itself, in parts, so that nothing is lost: the original is gone from its stream, and replay
 * brings it back byte for byte, headers included, from the parts alone. Against a real
 * nats-server started with max_payload 256 KiB.
 */
import { DeliverPolicy, DiscardPolicy, type StoredMsg } from "@nats-io/jetstream";
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { headersWireSize } from "../../../runtime/src/dlq/parts.js";
import { describe, expect, it } from "vitest";
import { createDeadLetterWriter, formatDeadLetters, isTooLargeToStore, listDeadLetters, replayDeadLetters, sha256Hex, type DeadLetter } from "../../../runtime/src/index.js";
import { admittedEnvelope, encoder, waitFor } from "../../support/consume.js";
import { consumeSuite, type ConsumeSuite } from "../../support/consume-suite.js";
import { readStream } from "../../support/jetstream.js";

const MAX_PAYLOAD = 256 * 1024;
const SUBJECT = "waitingroom.position.admitted.v1";
const TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/** A schema-invalid JSON envelope of exactly `size` bytes (padded in its payload). */
function invalidEnvelopeOfSize(size: number): Uint8Array {
  const env = admittedEnvelope(0);
  const data = env["data"] as Record<string, unknown>;
  data["padding"] = "";
  data["padding"] = "x".repeat(size - JSON.stringify(env).length);
  return encoder.encode(JSON.stringify(env));
}

function headersOf(entries: Record<string, string>): MsgHdrs {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(entries)) h.set(k, v);
  return h;
}

export interface PoisonCase {
  given: string;
  body: () => Uint8Array;
  headers: () => MsgHdrs;
  want: { parts: number };
}

export const POISON: PoisonCase[] = [
  {
    given: "an invalid envelope of max_payload - 200 bytes",
    body: () => invalidEnvelopeOfSize(MAX_PAYLOAD - 200),
    headers: () => headersOf({ traceparent: TRACE }),
    want: { parts: 2 },
  },
  {
    given: "an invalid envelope with 65,000 bytes of headers (JetStream's limit is 64 KiB)",
    body: () => invalidEnvelopeOfSize(400),
    headers: () => headersOf({ traceparent: TRACE, "X-Padding": "h".repeat(65_000) }),
    want: { parts: 1 },
  },
];

/** Publishes the cases, consumes until each is dead-lettered; returns the originals by sequence. */
export async function deadLetterPoison(suite: ConsumeSuite, cases: readonly PoisonCase[]) {
  const originals = new Map<number, { c: PoisonCase; body: Uint8Array; headers: MsgHdrs }>();
  for (const c of cases) {
    const [body, headers] = [c.body(), c.headers()];
    const ack = await suite.js.publish(SUBJECT, body, { headers });
    originals.set(ack.seq, { c, body, headers });
  }
  const errors: Error[] = [];
  const running = await suite.events.consume("analytics-processor", { "position.admitted": () => undefined }, { onError: (e) => void errors.push(e) });
  await waitFor(
    () => running.stats().deadLettered === cases.length,
    15_000,
    () => `${cases.length} dead letters (errors: ${errors.map((e) => e.message).join("; ")})`,
  );
  await running.stop();
  return originals;
}

function describeLetter(letter: DeadLetter) {
  return { parts: letter.parts?.count, complete: letter.parts?.missing.length === 0, reason: letter.reason };
}

describe.each(["workqueue", "interest"] as const)("a %s stream: an oversized poison message is dead-lettered in parts", (retention) => {
  const suite = consumeSuite({
    source: `parts-${retention}`,
    registry: { maxDeliver: 2, positionRetention: retention },
    server: { config: `max_payload: ${MAX_PAYLOAD}\n` },
  });

  it("the term removes the original; the parts hold it; replay brings it back byte for byte, headers included", async () => {
    const originals = await deadLetterPoison(suite, POISON);

    // The term removed every original from its stream: the dead letter is all there is.
    expect((await suite.jsm.streams.info("POSITION_EVENTS")).state.messages).toBe(0);

    const letters = await listDeadLetters(suite.jsm, suite.events.registry);
    const got = Object.fromEntries(letters.map((l) => [originals.get(l.streamSequence)?.c.given, describeLetter(l)]));
    expect(got).toEqual(Object.fromEntries(POISON.map((c) => [c.given, { ...c.want, complete: true, reason: "invalid" }])));
    for (const letter of letters) {
      const { body } = originals.get(letter.streamSequence)!;
      expect(letter.parts?.bodySize).toBe(body.length);
      expect(letter.omittedOriginal).toBeUndefined();
    }

    const before = (await suite.jsm.streams.info("POSITION_EVENTS")).state.last_seq;
    const result = await replayDeadLetters(suite.nc, suite.events.registry);
    expect(result.failed.map((f) => f.error.message)).toEqual([]);
    expect(result.replayed).toHaveLength(POISON.length);

    const replays = (await readStream(suite.jsm, "POSITION_EVENTS")).filter((m) => m.seq > before);
    expect(replays).toHaveLength(POISON.length);
    for (const { deadLetter, ack } of result.replayed) {
      const { body, headers } = originals.get(deadLetter.streamSequence)!;
      const copy = replays.find((m) => m.seq === ack!.seq)!;
      expect(copy.subject).toBe(SUBJECT);
      expect(sha256Hex(copy.data)).toBe(sha256Hex(body));
      for (const key of headers.keys()) expect([key, copy.header.values(key)]).toEqual([key, headers.values(key)]);
      expect([...copy.header.keys()].filter((k) => k.startsWith("Dlq-"))).toEqual([]);
    }
    // Every part left the dead-letter stream.
    expect((await suite.jsm.streams.info("DEAD_LETTER_QUEUE")).state.messages).toBe(0);
  });
});

describe("dead letters in parts on a limits stream: part sizes, missing parts, idempotent writes", () => {
  const suite = consumeSuite({ source: "parts-limits", registry: { maxDeliver: 2 }, server: { config: `max_payload: ${MAX_PAYLOAD}\n` } });
  const nearLimit = POISON[0]!;

  async function dlqMessages() {
    return readStream(suite.jsm, "DEAD_LETTER_QUEUE");
  }

  it("a dead-letter stream with a small max_msg_size gets smaller parts; replay still gives the original back", async () => {
    const dlq = await suite.jsm.streams.info("DEAD_LETTER_QUEUE");
    await suite.jsm.streams.update("DEAD_LETTER_QUEUE", { ...dlq.config, max_msg_size: 40 * 1024 });
    const originals = await deadLetterPoison(suite, [nearLimit]);

    const stored = await dlqMessages();
    // Halved from ~254 KiB until a part fits in 40 KiB: parts of ~32 KiB; no part of a refused try is left.
    expect(stored).toHaveLength(9);
    for (const m of stored) expect(m.data.length + (m.header?.toString().length ?? 0)).toBeLessThanOrEqual(40 * 1024);
    const [letter] = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(letter?.parts).toMatchObject({ count: 9, missing: [], problem: undefined, seqs: stored.map((m) => m.seq) });

    const result = await replayDeadLetters(suite.nc, suite.events.registry);
    expect(result.ok).toBe(true);
    const { body } = originals.get(letter!.streamSequence)!;
    const copy = await suite.jsm.streams.getMessage("POSITION_EVENTS", { seq: result.replayed[0]!.ack!.seq });
    expect(sha256Hex(copy!.data)).toBe(sha256Hex(body));
    expect(copy!.header.get("traceparent")).toBe(TRACE);
    expect(await dlqMessages()).toEqual([]);
  });

  it("a set with a part missing is listed as incomplete and never replayed; every part stays", async () => {
    await deadLetterPoison(suite, POISON);
    const [first] = await dlqMessages();
    const partTwo = (await dlqMessages()).find((m) => m.header.get("Dlq-Letter-Id") === first!.header.get("Dlq-Letter-Id") && m.header.get("Dlq-Part-Index") === "2")!;
    await suite.jsm.streams.deleteMessage("DEAD_LETTER_QUEUE", partTwo.seq);

    const letters = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(letters.map((l) => [l.seq, l.parts?.missing, l.parts?.problem, l.body === ""])).toEqual([
      [first!.seq, [2], "part(s) 2 of 2 missing", true],
      [expect.any(Number), [], undefined, false],
    ]);
    expect(formatDeadLetters(letters)).toMatch(/original in 2 parts, \d+ bytes: INCOMPLETE, part\(s\) 2 of 2 missing; not replayable\n/);

    const left = (await dlqMessages()).length;
    const result = await replayDeadLetters(suite.nc, suite.events.registry);
    expect(result.replayed.map((r) => r.deadLetter.seq)).toEqual([letters[1]!.seq]);
    expect(result.failed.map((f) => f.error.message)).toEqual([
      `dead letter #${first!.seq} (original in 2 parts) cannot be replayed: part(s) 2 of 2 missing; every part stays`,
    ]);
    expect((await dlqMessages()).map((m) => m.seq)).toEqual([first!.seq]);
    expect(left).toBe(2);
  });

  /** The near-limit poison, published and delivered once: the source a dead letter is written from. */
  async function deliveredPoison() {
    const { seq } = await suite.js.publish(SUBJECT, nearLimit.body(), { headers: nearLimit.headers() });
    const consumer = await suite.js.consumers.get("POSITION_EVENTS", { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: seq });
    const msg = await consumer.next();
    expect(msg?.seq).toBe(seq);
    return { msg: msg!, consumer: "analytics-processor", descriptor: undefined, type: undefined, version: undefined, eventId: undefined };
  }

  function writer(maxPayload = () => suite.nc.info?.max_payload, deadlineMs = 5_000) {
    return createDeadLetterWriter(
      { js: suite.js, jsm: async () => suite.jsm, timeoutMs: 5_000, retry: { deadlineMs, initialDelayMs: 50, maxDelayMs: 500 }, maxPayload },
      suite.events.registry.dlq!,
      { namespace: "waitingroom", consumer: "analytics-processor", stream: "POSITION_EVENTS" },
      "",
    );
  }

  it("a write retried after it was stored stores every part once (msg ids within the duplicate window)", async () => {
    const source = await deliveredPoison();
    await writer().write(source, "invalid", new Error("first try"));
    await writer().write(source, "invalid", new Error("second try"));
    expect((await dlqMessages()).map((m) => [m.header.get("Dlq-Part-Index"), m.header.get("Dlq-Error")])).toEqual([
      ["1", "first try"],
      ["2", "first try"],
    ]);
  });

  // A full dead-letter stream that refuses new messages (discard "new") stores part 1 and refuses
  // part 2: the write fails, the original is kept, and the write is tried again once there is
  // room. Within the duplicate window part 1 is not stored twice; after it, it is. Either way
  // `list` shows one complete dead letter and replay removes every part it finds.
  const RETRIED: Array<{ given: string; waitPastWindow: boolean; want: { stored: number } }> = [
    { given: "tried again within the duplicate window", waitPastWindow: false, want: { stored: 2 } },
    { given: "tried again after the duplicate window (part 1 stored twice)", waitPastWindow: true, want: { stored: 3 } },
  ];
  it.each(RETRIED)("a write refused half-way by a full stream, $given: one complete dead letter; replay leaves no part", async ({ waitPastWindow, want }) => {
    const dlq = await suite.jsm.streams.info("DEAD_LETTER_QUEUE");
    await suite.jsm.streams.update("DEAD_LETTER_QUEUE", { ...dlq.config, discard: DiscardPolicy.New, max_msgs: 1, duplicate_window: 1_000_000_000 });
    const source = await deliveredPoison();
    const refused = await writer(undefined, 300).write(source, "invalid", new Error("poison")).then(() => undefined, (err: Error) => err);
    expect(refused?.message).toMatch(/maximum messages exceeded/);
    expect((await dlqMessages()).map((m) => m.header.get("Dlq-Part-Index"))).toEqual(["1"]);

    if (waitPastWindow) await new Promise((r) => setTimeout(r, 1_500));
    await suite.jsm.streams.update("DEAD_LETTER_QUEUE", { ...dlq.config, discard: DiscardPolicy.New, max_msgs: -1, duplicate_window: 1_000_000_000 });
    await writer().write(source, "invalid", new Error("poison"));
    const stored = await dlqMessages();
    expect(stored).toHaveLength(want.stored);

    const letters = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(letters.map((l) => [l.seq, l.parts?.count, l.parts?.missing, l.parts?.problem])).toEqual([[stored[0]!.seq, 2, [], undefined]]);
    expect(letters[0]!.parts?.seqs).toEqual(stored.map((m) => m.seq));
    const result = await replayDeadLetters(suite.nc, suite.events.registry);
    expect(result.failed.map((f) => f.error.message)).toEqual([]);
    expect(result.replayed).toHaveLength(1);
    expect(await dlqMessages()).toEqual([]);
  });

  it("a try refused half-way (part 10 two bytes larger than part 9) leaves none of its parts", async () => {
    // 25 KiB of max_payload makes 12 parts; parts 1 to 9 have the same size, part 10 two bytes
    // more ("10" in Dlq-Part-Index and in its msg id), so a max_msg_size of part 9's size refuses it.
    const maxPayload = () => 25 * 1024;
    await writer(maxPayload).write(await deliveredPoison(), "invalid", new Error("poison"));
    const sizeOf = (m: StoredMsg) => m.data.length + headersWireSize(m.header);
    const first = await dlqMessages();
    expect(first.map(sizeOf).slice(8, 10)).toEqual([sizeOf(first[0]!), sizeOf(first[0]!) + 2]);
    await suite.jsm.streams.purge("DEAD_LETTER_QUEUE");
    const dlq = await suite.jsm.streams.info("DEAD_LETTER_QUEUE");
    await suite.jsm.streams.update("DEAD_LETTER_QUEUE", { ...dlq.config, max_msg_size: sizeOf(first[8]!) });

    await writer(maxPayload).write(await deliveredPoison(), "invalid", new Error("poison"));
    const letters = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(letters.map((l) => [l.streamSequence, l.parts?.count, l.parts?.problem])).toEqual([[2, 22, undefined]]);
    expect(await dlqMessages()).toHaveLength(22);
  });

  const SIZES: Array<{ given: string; maxMsgSize: number; maxPayload?: number; want: number | RegExp }> = [
    { given: "a dead-letter stream without max_msg_size", maxMsgSize: -1, want: 2 },
    // Parts start at max_payload less ~1.4 KiB of headers (about 255 KiB) and are halved on each refusal.
    { given: "max_msg_size 100 KiB: parts of ~64 KiB", maxMsgSize: 100 * 1024, want: 5 },
    { given: "max_msg_size 10 KiB: parts of ~8 KiB", maxMsgSize: 10 * 1024, want: 33 },
    { given: "max_msg_size 5 KiB: parts of ~4 KiB would be 65, over the bound", maxMsgSize: 5 * 1024, want: /could not be stored even in parts \(at most 64, at least 1024 bytes each\): .*message size exceeds maximum/ },
    { given: "a connection whose max_payload leaves no room for a part", maxMsgSize: -1, maxPayload: 1024, want: /could not be stored even in parts .*: max_payload leaves -\d+ bytes for a part/ },
  ];
  it.each(SIZES)("$given → $want", async ({ maxMsgSize, maxPayload, want }) => {
    const dlq = await suite.jsm.streams.info("DEAD_LETTER_QUEUE");
    await suite.jsm.streams.update("DEAD_LETTER_QUEUE", { ...dlq.config, max_msg_size: maxMsgSize });
    const source = await deliveredPoison();
    const write = writer(maxPayload === undefined ? undefined : () => maxPayload).write(source, "invalid", new Error("poison"));
    if (typeof want === "number") {
      await write;
      expect((await listDeadLetters(suite.jsm, suite.events.registry)).map((l) => [l.parts?.count, l.parts?.problem])).toEqual([[want, undefined]]);
      expect((await dlqMessages()).length).toBe(want);
    } else {
      const error = await write.then(() => undefined, (err: Error) => err);
      expect(error?.message).toMatch(want);
      expect(isTooLargeToStore(error)).toBe(true);
      expect(await dlqMessages()).toEqual([]);
    }
  });

  it("--limit counts dead letters, not parts: the last one listed is gathered whole", async () => {
    await deadLetterPoison(suite, [nearLimit, nearLimit]);
    const [letter] = await listDeadLetters(suite.jsm, suite.events.registry, { limit: 1 });
    expect(letter?.parts).toMatchObject({ count: 2, missing: [], problem: undefined });
    expect(await listDeadLetters(suite.jsm, suite.events.registry, { limit: 2 })).toHaveLength(2);
  });
});
