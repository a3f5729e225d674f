/**
 * `jetschema dlq list|replay` against a real nats-server: dead letters made by the generated
 * package's consume() (schemas/, analytics-processor: max_deliver 3) are listed with their reason,
 * filtered, and replayed to their original subject; once the handler is fixed they are handled
 * and have left the DLQ.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createEvents } from "@waitingroom/events";
import { main } from "../../generator/cli/main.js";
import { startNatsServer } from "../support/nats-server.js";
import { useJetStream } from "../support/use-jetstream.js";

const nats = useJetStream();
let events: ReturnType<typeof createEvents>;

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "jetschema", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function until(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const admitted = (n: number) => ({ position_id: `pos-${n}`, session_id: `sess-${n}`, wait_time_seconds: 30, queue_length_after: 10 });
const dlqCount = async () => (await (await events.jsm()).streams.info("DEAD_LETTER_QUEUE")).state.messages;

beforeAll(async () => {
  expect((await run("streams", "apply", "--server", nats.server.url, "--replicas", "1")).code).toBe(0);
  events = createEvents(nats.nc, { source: "dlq-cli-test" });
  for (let i = 0; i < 3; i++) await events.publishPositionAdmitted(admitted(i), { queue_id: "q" });
  await events.publishPositionExpired({ position_id: "pos-9", reason: "heartbeat_timeout", wait_time_seconds: 1, queue_length_after: 1 });
  nats.nc.publish("waitingroom.position.admitted.v1", new TextEncoder().encode("{ broken"));
  const broken = await events.consume(
    "analytics-processor",
    {
      "position.admitted": () => {
        throw new Error("warehouse is down");
      },
      "position.expired": () => {
        throw new Error("warehouse is down");
      },
    },
    { retry: { backoff: ["10ms"] } },
  );
  await until(async () => (await dlqCount()) === 5);
  await broken.stop();
});

describe("jetschema dlq list", () => {
  it("shows every dead letter with its reason and error", async () => {
    const r = await run("dlq", "list", "--server", nats.server.url);
    expect(r.code).toBe(0);
    expect(r.out.match(/analytics-processor {2}max-deliver {2}position\.admitted 1\.1/g)).toHaveLength(3);
    expect(r.out).toMatch(/analytics-processor {2}max-deliver {2}position\.expired 1\.0 {2}POSITION_EVENTS #\d+ {2}deliveries 3/);
    expect(r.out).toMatch(/analytics-processor {2}undecodable {2}\? {2}POSITION_EVENTS #\d+ {2}deliveries 1/);
    expect(r.out).toContain("warehouse is down");
    expect(r.out).toContain("the body is not JSON");
    expect(r.out).toMatch(/5 dead letter\(s\)\.$/);
  });

  it("filters by event, consumer, time and count; --json prints one object per line", async () => {
    expect((await run("dlq", "list", "--server", nats.server.url, "--event", "position.expired")).out).toMatch(/1 dead letter\(s\)\.$/);
    expect((await run("dlq", "list", "--server", nats.server.url, "--consumer", "ops-monitor")).out).toBe("No dead letters.");
    expect((await run("dlq", "list", "--server", nats.server.url, "--since", "2999-01-01T00:00:00Z")).out).toBe("No dead letters.");
    expect((await run("dlq", "list", "--server", nats.server.url, "--since", "1h", "--limit", "2")).out).toMatch(/2 dead letter\(s\)\.$/);
    const json = await run("dlq", "list", "--server", nats.server.url, "--json", "--event", "position.admitted");
    const rows = json.out.split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ consumer: "analytics-processor", reason: "max-deliver", deliveryCount: 3, subject: "waitingroom.position.admitted.v1" });
    expect(rows[0]).toMatchObject({ bodyEncoding: "utf-8", headers: { "Dlq-Reason": expect.any(String), "Dlq-Event": "position.admitted" } });
    expect(JSON.parse(rows[0]!["body"] as string)).toMatchObject({ type: "position.admitted", data: { position_id: "pos-0" } });
  });

  it("rejects a bad --since, --limit or --consumer with exit 2", async () => {
    expect((await run("dlq", "list", "--server", nats.server.url, "--since", "last tuesday")).err).toMatch(/Invalid --since "last tuesday"/);
    expect((await run("dlq", "list", "--server", nats.server.url, "--limit", "0")).code).toBe(2);
    const r = await run("dlq", "list", "--server", nats.server.url, "--consumer", "nobody");
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown consumer");
  });

  it.each([
    ["dlq", "list", "--prefix", "bad prefix"],
    ["dlq", "replay", "--prefix", "x>"],
    ["streams", "diff", "--prefix", "a.b*"],
  ])("rejects a bad --prefix with exit 2, one line and no stack trace: %s %s %s %s", async (...args) => {
    const r = await run(...args, "--server", nats.server.url);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^--prefix: Invalid subjectPrefix .*: use dot-separated tokens/);
    expect(r.err).not.toContain("\n");
    expect(r.err).not.toContain("jetschema failed");
  });
});

describe("jetschema dlq on a server without the dead-letter stream", () => {
  it.each(["list", "replay"])("dlq %s says to create it (exit 1, no stack trace)", async (verb) => {
    const bare = await startNatsServer();
    try {
      const r = await run("dlq", verb, "--server", bare.url);
      expect(r.err).toBe("stream DEAD_LETTER_QUEUE (dlq in schemas/registry.json) does not exist on the server: create it with jetschema streams apply");
      expect(r.code).toBe(1);
    } finally {
      await bare.dispose();
    }
  });
});

describe("jetschema dlq replay", () => {
  it("--dry-run lists and changes nothing", async () => {
    const r = await run("dlq", "replay", "--server", nats.server.url, "--event", "position.admitted", "--dry-run");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Dry run: 3 would replay, 0 failed\.$/m);
    expect(await dlqCount()).toBe(5);
  });

  it("replays to the original subject; the fixed handler handles them; they left the DLQ", async () => {
    const r = await run("dlq", "replay", "--server", nats.server.url, "--event", "position.admitted", "--since", "1h");
    expect(r.code).toBe(0);
    expect(r.out.match(/^replayed: #\d+ position\.admitted -> waitingroom\.position\.admitted\.v1 \(POSITION_EVENTS #\d+\)$/gm)).toHaveLength(3);
    expect(r.out).toMatch(/3 replayed and removed from the dead-letter stream, 0 failed\.$/);
    expect(await dlqCount()).toBe(2);

    const handled: string[] = [];
    const fixed = await events.consume("analytics-processor", {
      "position.admitted": (e) => void handled.push(e.data.position_id),
    });
    await until(() => handled.length === 3);
    await fixed.stop();
    expect(handled.sort()).toEqual(["pos-0", "pos-1", "pos-2"]);
    const left = await run("dlq", "list", "--server", nats.server.url);
    expect(left.out).not.toContain("position.admitted 1.1");
    expect(left.out).toMatch(/2 dead letter\(s\)\.$/);
  });
});
