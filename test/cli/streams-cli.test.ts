/**
 * `jetschema streams diff|apply` against a real nats-server, with the flagship registry
 * (schemas/): diff shows what apply would do, --dry-run changes nothing, apply makes the server
 * match (and diff then says so), refused and impossible changes fail with exit 1.
 */
import { describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { freePort } from "../support/nats-server.js";
import { useJetStream } from "../support/use-jetstream.js";

const nats = useJetStream();
async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "jetschema", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function streamNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const name of nats.jsm.streams.names()) names.push(name);
  return names.sort();
}

describe("jetschema streams", () => {
  it("diff lists what would be created and exits 1 while the server differs", async () => {
    const r = await run("streams", "diff", "--server", nats.server.url, "--replicas", "1");
    expect(r.code).toBe(1);
    expect(r.out).toContain("stream POSITION_EVENTS: create");
    expect(r.out).toContain("    max_age: 7d");
    expect(r.out).toContain("consumer analytics-processor on stream POSITION_EVENTS: create");
    expect(r.out).toMatch(/Plan: 9 to create, 0 to update, 0 refused, 0 unchanged\.$/);
    expect(await streamNames()).toEqual([]);
  });

  it("apply --dry-run reports and changes nothing", async () => {
    const r = await run("streams", "apply", "--server", nats.server.url, "--replicas", "1", "--dry-run");
    expect(r.code).toBe(0);
    expect(r.out).toContain("would apply: stream DEAD_LETTER_QUEUE (create)");
    expect(r.out).toMatch(/Dry run: 9 would apply, 0 unchanged, 0 error\(s\), 0 skipped\.$/);
    expect(await streamNames()).toEqual([]);
  });

  it("apply refuses replicas 3 on a single server, naming the fix", async () => {
    const r = await run("streams", "apply", "--server", nats.server.url);
    expect(r.code).toBe(1);
    expect(r.err).toContain("stream POSITION_EVENTS: replicas 3 but the server has 1 node");
    expect(await streamNames()).toEqual([]);
  });

  it("apply creates everything; diff then finds nothing to do; a second apply changes nothing", async () => {
    const r = await run("streams", "apply", "--server", nats.server.url, "--replicas", "1");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/9 applied, 0 unchanged, 0 error\(s\), 0 skipped\.$/);
    expect(await streamNames()).toEqual(["DEAD_LETTER_QUEUE", "POSITION_EVENTS", "QUEUE_EVENTS", "SESSION_EVENTS", "SYSTEM_EVENTS"]);
    expect((await nats.jsm.consumers.info("SESSION_EVENTS", "notification-service")).config.max_deliver).toBe(5);

    const diff = await run("streams", "diff", "--server", nats.server.url, "--replicas", "1");
    expect(diff.code).toBe(0);
    expect(diff.out).toMatch(/Plan: 0 to create, 0 to update, 0 refused, 9 unchanged\.$/);
    const again = await run("streams", "apply", "--server", nats.server.url, "--replicas", "1");
    expect(again.out).toMatch(/0 applied, 9 unchanged/);
  });

  it("--prefix provisions the environment's own streams and consumers beside the others", async () => {
    const r = await run("streams", "diff", "--server", nats.server.url, "--replicas", "1", "--prefix", "prod");
    expect(r.code).toBe(1);
    expect(r.out).toContain("stream prod_POSITION_EVENTS: create\n");
    expect(r.out).toContain('    subjects: ["prod.waitingroom.position.*.v1","prod.waitingroom.position.*.v2"]');
    expect(r.out).toContain("consumer prod-notification-service on stream prod_SESSION_EVENTS: create");
    const apply = await run("streams", "apply", "--server", nats.server.url, "--replicas", "1", "--prefix", "prod");
    expect(apply.code).toBe(0);
    expect(await streamNames()).toEqual([
      "DEAD_LETTER_QUEUE",
      "POSITION_EVENTS",
      "QUEUE_EVENTS",
      "SESSION_EVENTS",
      "SYSTEM_EVENTS",
      "prod_DEAD_LETTER_QUEUE",
      "prod_POSITION_EVENTS",
      "prod_QUEUE_EVENTS",
      "prod_SESSION_EVENTS",
      "prod_SYSTEM_EVENTS",
    ]);
    expect((await run("streams", "diff", "--server", nats.server.url, "--replicas", "1")).code).toBe(0);
    expect((await run("streams", "diff", "--server", nats.server.url, "--replicas", "1", "--prefix", "prod")).code).toBe(0);
  });

  it("bad options and an unreachable server exit 2 with a message", async () => {
    expect((await run("streams", "diff", "--server", nats.server.url, "--replicas", "zero")).code).toBe(2);
    expect((await run("streams", "diff")).code).toBe(2);
    const down = await run("streams", "diff", "--server", `nats://127.0.0.1:${await freePort()}`);
    expect(down.code).toBe(2);
    expect(down.err).toMatch(/cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+/);
  });
});
