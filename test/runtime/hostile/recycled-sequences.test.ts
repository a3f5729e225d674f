/**
 * A stream deleted and created again (to change what `streams apply` cannot change in place)
 * numbers its messages from 1 again. Dead letters and replays are deduplicated by ids built from
 * sequences, so those ids also carry the message's time: a new message at a sequence an earlier
 * one had must not be taken for its duplicate (term'ed, or deleted, and kept nowhere).
 */
import { describe, expect, it } from "vitest";
import { listDeadLetters, replayDeadLetters } from "../../../runtime/src/index.js";
import { encoder, waitFor } from "../../support/consume.js";
import { consumeSuite } from "../../support/consume-suite.js";

const SUBJECT = "waitingroom.position.admitted.v1";
const decoder = new TextDecoder();

describe("sequences used again after a stream is created again", () => {
  const suite = consumeSuite({ source: "recycled", registry: { maxDeliver: 3 } });

  /** Consumes until `count` dead letters are in the DLQ; their bodies, oldest first. */
  async function deadLetterBodies(count: number): Promise<string[]> {
    const running = await suite.events.consume("analytics-processor", {});
    await waitFor(async () => (await listDeadLetters(suite.jsm, suite.events.registry)).length >= count, 10_000, () => `${count} dead letter(s)`);
    await running.stop();
    return (await listDeadLetters(suite.jsm, suite.events.registry)).map((l) => l.body);
  }

  it("a new poison message at an old sequence gets its own dead letter", async () => {
    const first = await suite.js.publish(SUBJECT, encoder.encode("{ poison A"));
    expect(await deadLetterBodies(1)).toEqual(["{ poison A"]);

    await suite.jsm.streams.delete("POSITION_EVENTS");
    await suite.events.ensureStreams({ replicas: 1 });
    const second = await suite.js.publish(SUBJECT, encoder.encode("{ poison B"));
    expect(second.seq).toBe(first.seq);

    expect(await deadLetterBodies(2)).toEqual(["{ poison A", "{ poison B"]);
  }, 30_000);

  it("the replay of a new dead letter at an old dead-letter sequence is stored, not taken for a duplicate", async () => {
    await suite.js.publish(SUBJECT, encoder.encode("{ poison X"));
    await deadLetterBodies(1);
    const firstReplay = await replayDeadLetters(suite.nc, suite.events.registry);
    expect(firstReplay.replayed.map((r) => r.ack?.duplicate)).toEqual([false]);

    await suite.jsm.streams.delete("DEAD_LETTER_QUEUE");
    await suite.events.ensureStreams({ replicas: 1 });
    await suite.js.publish(SUBJECT, encoder.encode("{ poison Y"));
    // X's replay is back in the stream too: both are dead-lettered again, Y's letter at sequence 1.
    const bodies = await deadLetterBodies(2);
    expect(bodies).toContain("{ poison Y");
    const letters = await listDeadLetters(suite.jsm, suite.events.registry);
    const y = letters.find((l) => l.body === "{ poison Y")!;

    const before = (await suite.jsm.streams.info("POSITION_EVENTS")).state.last_seq;
    const replay = await replayDeadLetters(suite.nc, suite.events.registry, { limit: 10 });
    expect(replay.ok).toBe(true);
    const yAck = replay.replayed.find((r) => r.deadLetter.seq === y.seq)?.ack;
    expect(yAck?.duplicate).toBe(false);
    const stored = await suite.jsm.streams.getMessage("POSITION_EVENTS", { seq: yAck!.seq });
    expect(decoder.decode(stored!.data)).toBe("{ poison Y");
    expect((await suite.jsm.streams.info("POSITION_EVENTS")).state.last_seq).toBe(before + replay.replayed.length);
  }, 30_000);
});
