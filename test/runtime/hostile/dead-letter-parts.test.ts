/**
 * Hostile input, consume side: a poison message too big to copy into one dead letter, on a stream
 * whose term removes it (workqueue, interest retention). The dead letter must hold the original
 * itself, in parts, so that nothing is lost: the original is gone from its stream, and replay
 * brings it back byte for byte, headers included, from the parts alone. Against a real
 * nats-server started with max_payload 256 KiB.
 */
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { listDeadLetters, replayDeadLetters, sha256Hex, type DeadLetter } from "../../../runtime/src/index.js";
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
    async () => (await listDeadLetters(suite.jsm, suite.events.registry)).length === cases.length && running.stats().inFlight === 0,
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
