/**
 * `jetschema dlq list|replay` with dead letters too big to copy as one message (a nats-server
 * with max_payload 128 KiB, bodies 300 bytes short of it), dead-lettered in parts by the
 * generated package's consume(), beside a reference dead letter as earlier runtimes wrote one.
 * `list` shows each as one dead letter (text and `--json`), an incomplete set as such; `replay`
 * joins the parts, replays the reference from its stream, and refuses the incomplete set, exit 1,
 * leaving its part in place.
 */
import { createEvents } from "@waitingroom/events";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { waitFor } from "../support/consume.js";
import { readStream } from "../support/jetstream.js";
import { writeReferenceDeadLetter } from "../support/reference-dead-letter.js";
import { useJetStream } from "../support/use-jetstream.js";

const MAX_PAYLOAD = 128 * 1024;
const SUBJECT = "waitingroom.position.admitted.v1";
const BODY_SIZE = MAX_PAYLOAD - 300 + 11;

const nats = useJetStream({ server: { config: `max_payload: ${MAX_PAYLOAD}\n` } });
let events: ReturnType<typeof createEvents>;
const bodies: string[] = [];
let referenceSeq = 0;

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "jetschema", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(async () => {
  expect((await run("streams", "apply", "--server", nats.server.url, "--replicas", "1")).code).toBe(0);
  events = createEvents(nats.nc, { source: "dlq-oversized-cli" });
  for (const n of [1, 2, 3]) {
    bodies.push(`{ not json ${String(n).repeat(MAX_PAYLOAD - 300)}`);
    await events.js.publish(SUBJECT, new TextEncoder().encode(bodies.at(-1)!));
  }
  const running = await events.consume("analytics-processor", { "position.admitted": () => undefined });
  await waitFor(() => running.stats().deadLettered === 3, 10_000);
  await running.stop();
  // Part 2 of the third dead letter goes missing.
  const jsm = await events.jsm();
  const parts = await readStream(jsm, "DEAD_LETTER_QUEUE");
  await jsm.streams.deleteMessage("DEAD_LETTER_QUEUE", parts[5]!.seq);
  // A reference dead letter (no copy) to an original still in its stream.
  const body = new TextEncoder().encode(bodies[0]);
  const seq = (await events.js.publish(SUBJECT, body)).seq;
  referenceSeq = await writeReferenceDeadLetter(events.js, { subject: SUBJECT, stream: "POSITION_EVENTS", seq, body });
});

describe("jetschema dlq with dead letters too big to copy as one message", () => {
  it("list shows one dead letter for all its parts, an incomplete set as such, and a reference", async () => {
    const r = await run("dlq", "list", "--server", nats.server.url);
    expect(r.code).toBe(0);
    const size = "original in 2 parts, " + BODY_SIZE + " bytes";
    expect(r.out.split("\n").filter((l) => l.startsWith("    original"))).toEqual([
      `    ${size}`,
      `    ${size}`,
      `    ${size}: INCOMPLETE, part(s) 2 of 2 missing; not replayable`,
      expect.stringMatching(new RegExp(`^    original not copied \\(${BODY_SIZE} bytes, sha256 [0-9a-f]{12}…\\): see POSITION_EVENTS #4$`)),
    ]);
    expect(r.out).toMatch(/^#1 .*\n.*\n.*\n#3 .*\n.*\n.*\n#5 .*\n.*\n.*\n#7 /);
    expect(r.out).toMatch(/4 dead letter\(s\)\.$/);

    const rows = (await run("dlq", "list", "--server", nats.server.url, "--json")).out.split("\n").map((l) => JSON.parse(l));
    expect(rows.map((row) => [row.seq, row.reason, row.body.length, row.parts?.count, row.parts?.seqs, row.parts?.missing, row.omittedOriginal?.size])).toEqual([
      [1, "undecodable", BODY_SIZE, 2, [1, 2], [], undefined],
      [3, "undecodable", BODY_SIZE, 2, [3, 4], [], undefined],
      [5, "undecodable", 0, 2, [5], [2], undefined],
      [referenceSeq, "undecodable", 0, undefined, undefined, undefined, BODY_SIZE],
    ]);
    expect([rows[0].body, rows[1].body]).toEqual([bodies[0], bodies[1]]);
    expect(rows[0].parts).toMatchObject({ size: BODY_SIZE, bodySize: BODY_SIZE, headersSize: 0, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(rows[2].parts.problem).toBe("part(s) 2 of 2 missing");
  });

  it("replay joins the parts and fetches the reference's original; the incomplete set fails, exit 1, and stays", async () => {
    const jsm = await events.jsm();
    const r = await run("dlq", "replay", "--server", nats.server.url);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual([
      expect.stringMatching(/^replayed: #1 \? -> waitingroom\.position\.admitted\.v1 \(POSITION_EVENTS #\d+\)$/),
      expect.stringMatching(/^replayed: #3 \? -> waitingroom\.position\.admitted\.v1 \(POSITION_EVENTS #\d+\)$/),
      expect.stringMatching(/^replayed: #7 \? -> waitingroom\.position\.admitted\.v1 \(POSITION_EVENTS #\d+\)$/),
      "failed: #5 ?: dead letter #5 (original in 2 parts) cannot be replayed: part(s) 2 of 2 missing; every part stays",
      "3 replayed and removed from the dead-letter stream, 1 failed.",
    ]);
    expect((await readStream(jsm, "DEAD_LETTER_QUEUE")).map((m) => m.seq)).toEqual([5]);
    const replayed = (await readStream(jsm, "POSITION_EVENTS")).slice(-3).map((m) => new TextDecoder().decode(m.data));
    expect(replayed).toEqual([bodies[0], bodies[1], bodies[0]]);
  });
});
