/**
 * A full dead-letter stream, on a real nats-server. With `discard: "old"` (NATS's default) the
 * server makes room for a new dead letter by deleting the oldest: a dead letter is lost without
 * any error, which is why the lint rule "The dead-letter stream refuses dead letters rather than
 * discarding old ones" exists. With `discard: "new"` the server refuses the write: the runtime
 * does not ack or term the original (nak'ed, then held on its last delivery) and writes the dead
 * letter once there is room; every dead letter is kept. The refusal is not retried in place (the
 * handler's slot is not held): the consume side's nak and hold bring the message back. A per-subject limit deletes old dead
 * letters whatever `discard` says.
 */
import { describe, expect, it } from "vitest";
import { DeadLetterError, listDeadLetters, PublishError } from "../../runtime/src/index.js";
import { encoder, waitFor } from "../support/consume.js";
import { consumeSuite } from "../support/consume-suite.js";

const suite = consumeSuite({ source: "dlq-full", registry: { maxDeliver: 3, ackWait: "1s" } });

const SUBJECT = "waitingroom.position.admitted.v1";

/** Dead-letter stream limits of one dead letter: each case fills it with the first poison message; `kept`: the dead letters left. */
const cases: Array<{ given: { discard: "old" | "new"; limit: "max_msgs" | "max_msgs_per_subject" | "max_bytes"; perSubject?: true }; want: { kept: string[] } }> = [
  { given: { discard: "old", limit: "max_msgs" }, want: { kept: ["{ poison 2"] } },
  { given: { discard: "old", limit: "max_msgs_per_subject" }, want: { kept: ["{ poison 2"] } },
  { given: { discard: "new", limit: "max_msgs" }, want: { kept: ["{ poison 1", "{ poison 2"] } },
  { given: { discard: "new", limit: "max_bytes" }, want: { kept: ["{ poison 1", "{ poison 2"] } },
  // A per-subject limit deletes the subject's oldest message whatever `discard` says, unless
  // discard_new_per_subject is set too.
  { given: { discard: "new", limit: "max_msgs_per_subject" }, want: { kept: ["{ poison 2"] } },
  { given: { discard: "new", limit: "max_msgs_per_subject", perSubject: true }, want: { kept: ["{ poison 1", "{ poison 2"] } },
];

async function limitDeadLetterStream(given: (typeof cases)[number]["given"], bytesOfOne: number): Promise<void> {
  const dlq = await suite.jsm.streams.info("DEAD_LETTER_QUEUE");
  const limit = given.limit === "max_bytes" ? bytesOfOne : 1;
  const limited = { ...dlq.config, discard: given.discard, [given.limit]: limit } as typeof dlq.config;
  await suite.jsm.streams.update("DEAD_LETTER_QUEUE", limited);
  if (given.perSubject) await suite.jsm.streams.update("DEAD_LETTER_QUEUE", { ...limited, discard_new_per_subject: true });
}

async function bodies(): Promise<string[]> {
  return (await listDeadLetters(suite.jsm, suite.events.registry)).map((l) => l.body).sort();
}

describe("a full dead-letter stream", () => {
  for (const { given, want } of cases) {
    it(`discard "${given.discard}"${given.perSubject ? " per subject" : ""}, ${given.limit} reached: ${want.kept.length === 2 ? "the second dead letter waits for room, both kept" : "the first dead letter silently deleted"}`, async () => {
      const errors: Error[] = [];
      const running = await suite.events.consume("analytics-processor", {}, { retry: { backoff: ["50ms"] }, onError: (e) => void errors.push(e) });
      await suite.events.js.publish(SUBJECT, encoder.encode("{ poison 1"), { msgID: "poison-1" });
      await waitFor(async () => (await bodies()).length === 1, 10_000, () => "the first dead letter");
      const bytes = (await suite.jsm.streams.info("DEAD_LETTER_QUEUE")).state.bytes;
      await limitDeadLetterStream(given, bytes);

      await suite.events.js.publish(SUBJECT, encoder.encode("{ poison 2"), { msgID: "poison-2" });
      if (want.kept.length === 1) {
        await waitFor(() => running.stats().deadLettered === 2, 10_000, () => "the second dead letter");
        expect(errors).toEqual([]);
      } else {
        // Refused (retried as a transient failure, then nak'ed; held on the last delivery): never acked nor term'ed.
        await waitFor(() => errors.length >= 1, 20_000, () => "the refused dead letter reported");
        expect(errors.every((e) => e instanceof DeadLetterError)).toBe(true);
        expect(errors[0]?.message).toMatch(/could not be written to waitingroom\.dlq\.analytics-processor: .*exceeded.*not acked/);
        // Not retried in place until the dead-letter deadline: a full dead-letter stream frees no room by waiting.
        expect(errors.map((e) => (e.cause as PublishError).attempts)).toEqual(errors.map(() => 1));
        const consumer = await suite.jsm.consumers.info("POSITION_EVENTS", "analytics-processor");
        expect(consumer.num_ack_pending + consumer.num_pending).toBe(1);
        expect(running.stats().deadLettered).toBe(1);
        expect(await bodies()).toEqual(["{ poison 1"]);
        // Room made (the limit raised): the held message's dead letter is written, then it is term'ed.
        const dlq = await suite.jsm.streams.info("DEAD_LETTER_QUEUE");
        // (No per-subject limit left for discard_new_per_subject to apply to: the server asks to clear it too.)
        await suite.jsm.streams.update("DEAD_LETTER_QUEUE", { ...dlq.config, [given.limit]: -1, discard_new_per_subject: false } as typeof dlq.config);
        await waitFor(() => running.stats().deadLettered === 2, 30_000, () => "the second dead letter once there is room");
      }
      await running.stop();
      expect(await bodies()).toEqual(want.kept);
      expect((await suite.jsm.consumers.info("POSITION_EVENTS", "analytics-processor")).num_ack_pending).toBe(0);
      expect(running.stats()).toMatchObject({ deadLettered: 2, abandoned: 0 });
    }, 60_000);
  }
});
