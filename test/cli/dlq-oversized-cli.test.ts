/**
 * `jetschema dlq list|replay` with reference dead letters: poison messages too big to copy into
 * the dead-letter stream (a nats-server with max_payload 128 KiB, bodies 200 bytes short of it),
 * dead-lettered by the generated package's consume(). `list` says where each original is,
 * `--json` carries `omittedOriginal`, `replay` republishes an original read back from its stream
 * and fails, exit 1, naming why, for one that is gone.
 */
import { createEvents } from "@waitingroom/events";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { waitFor } from "../support/consume.js";
import { useJetStream } from "../support/use-jetstream.js";

const MAX_PAYLOAD = 128 * 1024;
const SUBJECT = "waitingroom.position.admitted.v1";

const nats = useJetStream({ server: { config: `max_payload: ${MAX_PAYLOAD}\n` } });
let events: ReturnType<typeof createEvents>;
const seqs: number[] = [];

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "jetschema", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(async () => {
  expect((await run("streams", "apply", "--server", nats.server.url, "--replicas", "1")).code).toBe(0);
  events = createEvents(nats.nc, { source: "dlq-oversized-cli" });
  for (const n of [1, 2]) {
    const body = new TextEncoder().encode(`{ not json ${String(n).repeat(MAX_PAYLOAD - 300)}`);
    seqs.push((await events.js.publish(SUBJECT, body)).seq);
  }
  const running = await events.consume("analytics-processor", { "position.admitted": () => undefined });
  const jsm = await events.jsm();
  await waitFor(async () => (await jsm.streams.info("DEAD_LETTER_QUEUE")).state.messages === 2, 10_000);
  await running.stop();
});

describe("jetschema dlq with dead letters too big to copy", () => {
  it("list shows where each original is; --json carries omittedOriginal", async () => {
    const r = await run("dlq", "list", "--server", nats.server.url);
    expect(r.code).toBe(0);
    for (const seq of seqs) {
      expect(r.out).toMatch(new RegExp(`original not copied \\(${MAX_PAYLOAD - 300 + 11} bytes, sha256 [0-9a-f]{12}…\\): see POSITION_EVENTS #${seq}`));
    }
    const rows = (await run("dlq", "list", "--server", nats.server.url, "--json")).out.split("\n").map((l) => JSON.parse(l));
    expect(rows.map((row) => [row.reason, row.body, row.omittedOriginal?.size])).toEqual([
      ["undecodable", "", MAX_PAYLOAD - 300 + 11],
      ["undecodable", "", MAX_PAYLOAD - 300 + 11],
    ]);
    expect(rows[0].omittedOriginal.why).toMatch(/max_payload size exceeded/);
  });

  it("replay republishes the original that is still there and fails, exit 1, for the one that is gone", async () => {
    const jsm = await events.jsm();
    await jsm.streams.deleteMessage("POSITION_EVENTS", seqs[1]!);
    const r = await run("dlq", "replay", "--server", nats.server.url);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^replayed: #\d+ \? -> waitingroom\.position\.admitted\.v1 \(POSITION_EVENTS #\d+\)$/m);
    expect(r.err).toMatch(new RegExp(`^failed: #\\d+ \\?: dead letter #\\d+ holds no copy of its original .*POSITION_EVENTS #${seqs[1]} is no longer in its stream`, "m"));
    expect(r.err).toMatch(/1 replayed and removed from the dead-letter stream, 1 failed\.$/);
    expect((await jsm.streams.info("DEAD_LETTER_QUEUE")).state.messages).toBe(1);
  });
});
