/**
 * Listing and replaying dead letters: after the handler is fixed, replayed dead letters are
 * handled and leave the DLQ; a replay is removed from the DLQ only once the original stream acked
 * it; filters by event, consumer and time.
 */
import { headers } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { formatDeadLetters, formatReplayResult, listDeadLetters, replayDeadLetters } from "../../runtime/src/index.js";
import { admittedEnvelope, encoder, waitFor } from "../support/consume.js";
import { consumeSuite } from "../support/consume-suite.js";
import { readStream } from "../support/jetstream.js";

const suite = consumeSuite({ source: "replay", registry: { maxDeliver: 2 } });

const TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/** Publishes `count` events a broken handler will fail on, plus one unknown-type poison. */
async function deadLetterSome(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const h = headers();
    h.set("traceparent", TRACE);
    const env = admittedEnvelope(i, { id: `evt-${i}` });
    await suite.events.js.publish("waitingroom.position.admitted.v1", encoder.encode(JSON.stringify(env)), { msgID: `evt-${i}`, headers: h });
  }
  const alien = admittedEnvelope(99, { id: "alien", type: "position.teleported" });
  await suite.events.js.publish("waitingroom.position.teleported.v1", encoder.encode(JSON.stringify(alien)), { msgID: "alien" });
  const broken = await suite.events.consume(
    "analytics-processor",
    {
      "position.admitted": () => {
        throw new Error("database unreachable");
      },
    },
    { retry: { backoff: ["10ms"] } },
  );
  await waitFor(async () => (await suite.jsm.streams.info("DEAD_LETTER_QUEUE")).state.messages === count + 1, 10_000);
  await broken.stop();
}

describe("dlq list", () => {
  it("lists every dead letter with its reason, oldest first, and filters by event, consumer and time", async () => {
    await deadLetterSome(3);
    const all = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(all.map((d) => d.reason).sort()).toEqual(["max-deliver", "max-deliver", "max-deliver", "unknown-type"]);
    expect(all.map((d) => d.seq)).toEqual([...all.map((d) => d.seq)].sort((a, b) => a - b));
    expect(all.find((d) => d.reason === "max-deliver")).toMatchObject({
      consumer: "analytics-processor",
      event: "position.admitted",
      eventVersion: "1.1",
      deliveryCount: 2,
      error: "database unreachable",
      subject: "waitingroom.position.admitted.v1",
    });

    expect(await listDeadLetters(suite.jsm, suite.events.registry, { event: "position.teleported" })).toHaveLength(1);
    expect(await listDeadLetters(suite.jsm, suite.events.registry, { consumer: "audit-archiver" })).toHaveLength(0);
    expect(await listDeadLetters(suite.jsm, suite.events.registry, { consumer: "analytics-processor", limit: 2 })).toHaveLength(2);
    expect(await listDeadLetters(suite.jsm, suite.events.registry, { since: "1h" })).toHaveLength(4);
    expect(await listDeadLetters(suite.jsm, suite.events.registry, { since: new Date(Date.now() + 60_000) })).toHaveLength(0);

    const text = formatDeadLetters(all);
    expect(text).toMatch(/#\d+ {2}\S+ {2}analytics-processor {2}max-deliver {2}position.admitted 1.1 {2}POSITION_EVENTS #\d+ {2}deliveries 2/);
    expect(text).toContain("database unreachable");
    expect(text).toContain('unknown event type "position.teleported"');
    expect(text).toMatch(/4 dead letter\(s\)\.$/);
  });

  it("says so when there are none", async () => {
    expect(await listDeadLetters(suite.jsm, suite.events.registry)).toEqual([]);
    expect(formatDeadLetters([])).toBe("No dead letters.");
  });
});

describe("dlq replay", () => {
  it("replays to the original subject; the fixed handler handles them and they leave the DLQ", async () => {
    await deadLetterSome(3);
    const before = (await suite.jsm.streams.info("POSITION_EVENTS")).state.last_seq;

    const result = await replayDeadLetters(suite.nc, suite.events.registry, { event: "position.admitted" });
    expect(result.ok).toBe(true);
    expect(result.replayed).toHaveLength(3);
    expect(formatReplayResult(result)).toMatch(/3 replayed and removed from the dead-letter stream, 0 failed\.$/);

    // Only the unknown-type poison is left.
    const left = await listDeadLetters(suite.jsm, suite.events.registry);
    expect(left.map((d) => d.event)).toEqual(["position.teleported"]);

    // The replays are the original bytes and headers, on the original subject, in the original stream.
    const replays = (await readStream(suite.jsm, "POSITION_EVENTS")).filter((m) => m.seq > before);
    expect(replays).toHaveLength(3);
    for (const m of replays) {
      expect(m.subject).toBe("waitingroom.position.admitted.v1");
      expect(m.header.get("traceparent")).toBe(TRACE);
      expect(m.header.get("Nats-Msg-Id")).toMatch(/^replay:DEAD_LETTER_QUEUE:\d+:\d+$/);
      expect([...m.header.keys()].some((k) => k.startsWith("Dlq-"))).toBe(false);
    }

    const handled: string[] = [];
    const fixed = await suite.events.consume("analytics-processor", {
      "position.admitted": (e: { id: string }) => void handled.push(e.id),
    });
    await waitFor(() => handled.length === 3, 10_000);
    await fixed.stop();
    expect(handled.sort()).toEqual(["evt-0", "evt-1", "evt-2"]);
    expect((await listDeadLetters(suite.jsm, suite.events.registry)).length).toBe(1);

    // Nothing matches any more: a second replay does nothing.
    const again = await replayDeadLetters(suite.nc, suite.events.registry, { event: "position.admitted" });
    expect(again.replayed).toHaveLength(0);
  });

  it("a dry run publishes and removes nothing", async () => {
    await deadLetterSome(2);
    const result = await replayDeadLetters(suite.nc, suite.events.registry, { dryRun: true });
    expect(result.replayed).toHaveLength(3);
    expect(formatReplayResult(result)).toMatch(/^Dry run: 3 would replay, 0 failed\.$/m);
    expect((await listDeadLetters(suite.jsm, suite.events.registry)).length).toBe(3);
  });

  it("keeps a dead letter whose replay the stream did not ack", async () => {
    await deadLetterSome(1);
    await suite.jsm.streams.delete("POSITION_EVENTS");
    const result = await replayDeadLetters(suite.nc, suite.events.registry, { event: "position.admitted", retry: { deadlineMs: 500 } });
    expect(result.ok).toBe(false);
    expect(result.replayed).toHaveLength(0);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]?.error.message).toMatch(/No stream captures subject "waitingroom.position.admitted.v1"/);
    expect((await listDeadLetters(suite.jsm, suite.events.registry)).length).toBe(2);
  });
});
