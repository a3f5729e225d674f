/**
 * A consumer process killed with SIGKILL mid-batch (test/support/crash-consumer.ts, a separate
 * Node process): a new consumer receives every message the dead one had not acked
 * (at-least-once), and with the idempotency middleware (JetStream KV store) each event's effect
 * happens once even for events whose handler finished but whose ack never left the dead process.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { kvStore } from "../../runtime/src/index.js";
import { waitFor } from "../support/consume.js";
import { consumeSuite } from "../support/consume-suite.js";
import { admittedPayload } from "../support/registry.js";

const script = join(import.meta.dirname, "..", "support", "crash-consumer.ts");

const suite = consumeSuite({ source: "crash-test", registry: { ackWait: "1s" } });

// Beyond the shared set-up: a directory for the children's effect logs, and the child process of
// the running test, killed after each test even if the test failed before killing it.
let dir: string;
let child: ChildProcess | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "jetschema-crash-"));
});

afterEach(() => {
  child?.kill("SIGKILL");
  child = undefined;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function publish(count: number): Promise<string[]> {
  const results = await suite.events.publishMany(
    Array.from({ length: count }, (_, i) => ({ key: "position.admitted@1", data: admittedPayload(i), context: { queue_id: "q" } })),
  );
  return results.map((r) => {
    if (!r.ok) throw r.error;
    return r.ack.id;
  });
}

interface ChildMessage {
  type: "ready" | "held";
  ids?: string[];
}

function startChild(effects: string, env: Record<string, string>): { proc: ChildProcess; messages: ChildMessage[] } {
  const messages: ChildMessage[] = [];
  const proc = fork(script, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, NATS_URL: suite.server.url, EFFECTS_FILE: effects, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  proc.on("message", (m) => void messages.push(m as ChildMessage));
  child = proc;
  return { proc, messages };
}

async function sigkill(proc: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  proc.kill("SIGKILL");
  await exited;
}

function effectCounts(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of readFileSync(file, "utf8").split("\n").filter(Boolean)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** The new consumer, in this process: same effect, optional idempotency; returns when all is acked. */
async function finishWithNewConsumer(effects: string, ids: string[], idempotent: boolean) {
  const skipped: string[] = [];
  const running = await suite.events.consume(
    "analytics-processor",
    { "position.admitted": (e: { id: string }) => writeFileSync(effects, `${e.id}\n`, { flag: "a" }) },
    {
      concurrency: 4,
      ...(idempotent ? { idempotency: { store: kvStore(suite.nc) } } : {}),
      metrics: { onSkipped: (ctx) => void skipped.push(ctx.eventId as string) },
    },
  );
  await waitFor(
    async () => {
      const counts = effectCounts(effects);
      const info = await suite.jsm.consumers.info("POSITION_EVENTS", "analytics-processor");
      return ids.every((id) => counts.has(id)) && info.num_pending === 0 && info.num_ack_pending === 0;
    },
    20_000,
    () => `every event handled and acked (effects ${effectCounts(effects).size}/${ids.length})`,
  );
  await running.stop();
  return { skipped };
}

describe("a consumer process killed with SIGKILL", () => {
  it("mid-batch: a new consumer receives every unacked message (at-least-once)", async () => {
    const ids = await publish(300);
    const effects = join(dir, "effects-random.log");
    writeFileSync(effects, "");
    const { proc, messages } = startChild(effects, { CONCURRENCY: "4", HANDLER_MS: "5" });
    await waitFor(() => messages.some((m) => m.type === "ready"), 20_000, () => "the child consumer to start");
    await waitFor(() => effectCounts(effects).size >= 100, 20_000, () => "100 effects in the child");
    await sigkill(proc);

    const atKill = effectCounts(effects);
    expect(atKill.size).toBeLessThan(300); // killed mid-batch
    const before = await suite.jsm.consumers.info("POSITION_EVENTS", "analytics-processor");
    expect(before.num_ack_pending + before.num_pending).toBeGreaterThan(0);

    await finishWithNewConsumer(effects, ids, false);
    const counts = effectCounts(effects);
    for (const id of ids) expect(counts.get(id), id).toBeGreaterThanOrEqual(1);
    // Duplicates are possible only for events the dead process handled but had not acked.
    const duplicates = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    for (const id of duplicates) expect(atKill.has(id)).toBe(true);
  }, 60_000);

  for (const idempotent of [false, true]) {
    it(`after the effect, before the ack: ${idempotent ? "with idempotency each effect happens once" : "without idempotency the effect repeats"}`, async () => {
      const ids = await publish(60);
      const effects = join(dir, `effects-held-${idempotent}.log`);
      writeFileSync(effects, "");
      const { proc, messages } = startChild(effects, {
        CONCURRENCY: "4",
        HANDLER_MS: "1",
        HOLD: "4",
        HOLD_AFTER: "20",
        IDEMPOTENT: idempotent ? "1" : "0",
      });
      await waitFor(() => messages.some((m) => m.type === "held"), 20_000, () => "4 finished events held before their ack");
      const heldIds = messages.find((m) => m.type === "held")?.ids ?? [];
      expect(heldIds).toHaveLength(4);
      await sigkill(proc);

      const { skipped } = await finishWithNewConsumer(effects, ids, idempotent);
      const counts = effectCounts(effects);
      for (const id of ids) expect(counts.get(id), id).toBeGreaterThanOrEqual(1);
      if (idempotent) {
        for (const id of ids) expect(counts.get(id), id).toBe(1);
        // The held events came back and were recognised, not handled again.
        expect(skipped).toEqual(expect.arrayContaining(heldIds));
      } else {
        for (const id of heldIds) expect(counts.get(id), id).toBe(2);
      }
    }, 60_000);
  }
});
