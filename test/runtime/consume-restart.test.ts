/**
 * A server restart (SIGKILL + start on the same port and store) while a consumer is busy: the
 * consume loop resumes by itself, without the service restarting anything, and every event is
 * handled (at least once; duplicates only for messages whose ack was lost in the crash).
 */
import { describe, expect, it } from "vitest";
import { createEventClient, type ConsumerStatus } from "../../runtime/src/index.js";
import { consumeRegistry, sleep, waitFor } from "../support/consume.js";
import { messageCount } from "../support/jetstream.js";
import { admittedPayload } from "../support/registry.js";
import { serverPerTest } from "../support/server-per-test.js";

const start = serverPerTest();

describe("consume through a server restart", () => {
  it("resumes by itself after a crash and restart; nothing is lost", async () => {
    const { server, nc } = await start();
    const events = createEventClient(nc, consumeRegistry({ ackWait: "2s" }), {
      source: "restart-test",
      timeoutMs: 1_000,
      retry: { deadlineMs: 20_000, initialDelayMs: 20, maxDelayMs: 250 },
    });
    await events.ensureStreams({ replicas: 1 });
    const jsm = await events.jsm();

    const N = 400;
    const first = await events.publishMany(
      Array.from({ length: N / 2 }, (_, i) => ({ key: "position.admitted@1", data: admittedPayload(i), context: { queue_id: "q" } })),
    );
    expect(first.every((r) => r.ok)).toBe(true);

    const seen = new Map<string, number>();
    const statuses: ConsumerStatus[] = [];
    const running = await events.consume(
      "analytics-processor",
      {
        "position.admitted": async (e: { data: { position_id: string } }) => {
          seen.set(e.data.position_id, (seen.get(e.data.position_id) ?? 0) + 1);
          await sleep(2);
        },
      },
      { retry: { backoff: ["50ms"] }, expires: 2_000, onStatus: (s) => void statuses.push(s) },
    );

    await waitFor(() => seen.size >= 50, 10_000, () => `50 handled before the crash (have ${seen.size})`);
    await server.kill();
    await sleep(500);
    await server.restart();

    // Published after the restart: only a consume loop that came back can see them.
    const second = await events.publishMany(
      Array.from({ length: N / 2 }, (_, i) => ({ key: "position.admitted@1", data: admittedPayload(N / 2 + i), context: { queue_id: "q" } })),
    );
    expect(second.every((r) => r.ok)).toBe(true);
    expect(await messageCount(jsm, "POSITION_EVENTS")).toBe(N);

    await waitFor(() => seen.size === N, 30_000, () => `all ${N} handled (have ${seen.size}; statuses ${JSON.stringify(statuses)})`);
    await waitFor(
      async () => (await jsm.consumers.info("POSITION_EVENTS", "analytics-processor")).num_ack_pending === 0,
      10_000,
      () => "no ack pending",
    );
    await running.stop();

    for (let i = 0; i < N; i++) expect(seen.get(`pos-${i}`), `pos-${i}`).toBeGreaterThanOrEqual(1);
    const info = await jsm.consumers.info("POSITION_EVENTS", "analytics-processor");
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
    // The service was told the connection went away and came back.
    expect(statuses.map((s) => s.type)).toEqual(expect.arrayContaining(["disconnected", "reconnected"]));
  }, 60_000);
});
