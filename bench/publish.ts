/**
 * Publish throughput: the generated helper against a hand-written JSON.stringify + js.publish
 * doing the same work (envelope, Nats-Msg-Id, expected stream), with the same in-flight window;
 * the at-most-once path against raw nc.publish; and validation + envelope against JSON.parse.
 */
import { randomUUID } from "node:crypto";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { createEvents, registry } from "@waitingroom/events";
import { buildEnvelope } from "@jetschema/runtime";
import { alternate, figure, reported, type Figure } from "./figures.js";

const data = { position_id: "pos-550e8400-e29b-41d4-a716", session_id: "sess-a1b2c3d4-e5f6-7890", wait_time_seconds: 300, queue_length_after: 1522 };
const subject = "waitingroom.position.admitted.v1";

/** Messages per second of `n` calls of `one`, at most `w` in flight. */
export async function rate(n: number, w: number, one: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: w }, worker));
  return n / ((performance.now() - started) / 1000);
}

export async function benchPublish(nc: NatsConnection, quick: boolean): Promise<Figure[]> {
  const events = createEvents(nc, { source: "bench" });
  await events.ensureStreams({ replicas: 1 });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const rounds = quick ? 3 : 7;
  // The acked-publish figures sit within a few percent of 1 and one round moves by ±10% on the
  // shared machine, so their medians take more rounds than the others.
  const ackedRounds = quick ? 3 : 11;
  const windowed = quick ? 3000 : 20000;
  // About a second per round at one publish in flight (3000 was ~0.3 s: adjacent rounds of the
  // same side differed by up to 20% on the shared machine, more than the 5% being measured).
  const sequential = quick ? 500 : 10000;
  const window = 256;

  // The hand-written equivalent of one helper publish.
  const rawPublish = () => {
    const id = randomUUID();
    const body = JSON.stringify({ id, version: "1.1", type: "position.admitted", timestamp: new Date().toISOString(), source: "bench", data });
    const h = headers();
    h.set("Nats-Msg-Id", id);
    h.set("Content-Type", "application/json");
    return js.publish(subject, body, { msgID: id, headers: h, expect: { streamName: "POSITION_EVENTS" } });
  };
  const helperPublish = () => events.publishPositionAdmitted(data);

  const purge = () => jsm.streams.purge("POSITION_EVENTS");

  const figures: Figure[] = [];
  await rate(500, 64, rawPublish); // warm up connection, JIT and the stream
  await rate(500, 64, helperPublish);
  await purge();

  const seq = await alternate(ackedRounds, () => rate(sequential, 1, rawPublish), () => rate(sequential, 1, helperPublish));
  figures.push(figure("publish sequential (helper / raw js.publish)", seq.subject, seq.baseline, "msg/s", ">=", 0.95));
  await purge();

  const win = await alternate(ackedRounds, () => rate(windowed, window, rawPublish), () => rate(windowed, window, helperPublish));
  figures.push(figure(`publish windowed ${window} in flight (helper / raw js.publish)`, win.subject, win.baseline, "msg/s", ">=", 0.95));
  await purge();

  const many = await alternate(
    ackedRounds,
    () => rate(windowed, window, rawPublish),
    async () => {
      const items = Array.from({ length: windowed }, () => ({ key: "position.admitted@1" as const, data }));
      const started = performance.now();
      const results = await events.publishMany(items, { window });
      if (results.some((r) => !r.ok)) throw new Error("publishMany failed in the benchmark");
      return windowed / ((performance.now() - started) / 1000);
    },
  );
  figures.push(figure(`publishMany window ${window} (helper / raw js.publish)`, many.subject, many.baseline, "msg/s", ">=", 0.95));
  await purge();

  // At-most-once: system.health goes over core NATS.
  const health = { service: "bench", status: "healthy" as const, checks: [{ name: "nats", status: "healthy" as const, latency_ms: 1 }] };
  const coreN = quick ? 20000 : 200000;
  const core = await alternate(
    rounds,
    async () => {
      const started = performance.now();
      for (let i = 0; i < coreN; i++) {
        const id = randomUUID();
        const h = headers();
        h.set("Nats-Msg-Id", id);
        nc.publish("waitingroom.system.health.v1", JSON.stringify({ id, version: "1.0", type: "system.health", timestamp: new Date().toISOString(), source: "bench", data: health }), { headers: h });
      }
      await nc.flush();
      return coreN / ((performance.now() - started) / 1000);
    },
    async () => {
      const started = performance.now();
      for (let i = 0; i < coreN; i++) void events.publishSystemHealth(health);
      await nc.flush();
      return coreN / ((performance.now() - started) / 1000);
    },
  );
  figures.push(figure("at-most-once publish (helper / raw nc.publish)", core.subject, core.baseline, "msg/s", ">=", 0.8));
  await jsm.streams.purge("SYSTEM_EVENTS");

  // CPU cost per event: validate + envelope, against JSON.parse of the same event.
  const event = registry.events["position.admitted@1"]!;
  const validate = event.validators["1.1"]!;
  const serialized = JSON.stringify({ id: randomUUID(), version: "1.1", type: "position.admitted", timestamp: new Date().toISOString(), source: "bench", queue_id: "q", data });
  const cpuN = quick ? 100000 : 500000;
  /** Seconds per event: JSON.parse of the event (baseline) against validate + envelope (+ encode). */
  const cpuCost = (encode: boolean) =>
    alternate(
      rounds,
      async () => {
        const started = performance.now();
        let sink = 0;
        for (let i = 0; i < cpuN; i++) sink += (JSON.parse(serialized) as { data: unknown }).data ? 1 : 0;
        if (sink !== cpuN) throw new Error("unreachable");
        return (performance.now() - started) / cpuN;
      },
      async () => {
        const started = performance.now();
        let sink = 0;
        for (let i = 0; i < cpuN; i++) {
          if (!validate(data)) throw new Error("invalid");
          const built = buildEnvelope(registry.envelope, event, { data, source: "bench", context: { queue_id: "q" } });
          sink += (!encode || JSON.stringify(built.envelope).length > 0) && built.issues.length === 0 ? 1 : 0;
        }
        if (sink !== cpuN) throw new Error("unreachable");
        return (performance.now() - started) / cpuN;
      },
    );
  const cpu = await cpuCost(false);
  figures.push(figure("validate + envelope per event (cost / JSON.parse of the event)", cpu.subject * 1e6, cpu.baseline * 1e6, "ns", "<=", 1.0));
  const cpuEncode = await cpuCost(true);
  // Context, not a target: issue 3 asks for validate + envelope <= JSON.parse; JSON.stringify of
  // the envelope alone costs about 1.5x the JSON.parse baseline.
  figures.push(reported("validate + envelope + JSON encode per event (cost / JSON.parse of it)", cpuEncode.subject * 1e6, cpuEncode.baseline * 1e6, "ns", "JSON.stringify of the envelope alone is ~1.5x the baseline"));
  return figures;
}
