/**
 * Consume throughput: typed consume (decode + validate against the message's minor + route + ack)
 * against a raw consume() loop doing JSON.parse + ack, both reading the same stream contents
 * from a fresh durable consumer. And publish-to-handler latency at a fixed rate, typed against raw.
 */
import { randomUUID } from "node:crypto";
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { createEvents } from "@waitingroom/events";
import { alternate, figure, type Figure } from "./figures.js";

const STREAM = "POSITION_EVENTS";
const CONSUMER = "analytics-processor";
/** One decoder for the raw loops, as hand-written code would keep (not one per message). */
const decoder = new TextDecoder();
const data = { position_id: "pos-550e8400-e29b-41d4-a716", session_id: "sess-a1b2c3d4-e5f6-7890", wait_time_seconds: 300, queue_length_after: 1522 };

export async function benchConsume(nc: NatsConnection, quick: boolean): Promise<Figure[]> {
  const events = createEvents(nc, { source: "bench" });
  await events.ensureStreams({ replicas: 1 });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const n = quick ? 5000 : 30000;
  const rounds = quick ? 3 : 5;
  await jsm.streams.purge(STREAM);
  const results = await events.publishMany(Array.from({ length: n }, () => ({ key: "position.admitted@1" as const, data, context: { queue_id: "q" } })), { window: 512 });
  if (results.some((r) => !r.ok)) throw new Error("filling the stream failed");

  const raw = async () => {
    const name = `raw-${randomUUID().slice(0, 8)}`;
    await jsm.consumers.add(STREAM, { durable_name: name, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: "waitingroom.position.>" });
    const consumer = await js.consumers.get(STREAM, name);
    const started = performance.now();
    let seen = 0;
    const messages = await consumer.consume();
    for await (const m of messages) {
      const event = JSON.parse(decoder.decode(m.data)) as { type: string };
      if (event.type) m.ack();
      if (++seen === n) break;
    }
    const rate = n / ((performance.now() - started) / 1000);
    await messages.close();
    await jsm.consumers.delete(STREAM, name);
    return rate;
  };

  const typed = async () => {
    await jsm.consumers.delete(STREAM, CONSUMER).catch(() => undefined);
    await events.ensureStreams({ replicas: 1 });
    let seen = 0;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const started = performance.now();
    const running = await events.consume(CONSUMER, {
      "position.admitted": () => {
        if (++seen === n) done();
      },
    });
    await finished;
    const rate = n / ((performance.now() - started) / 1000);
    await running.stop();
    return rate;
  };

  await raw(); // warm-up of both paths
  await typed();
  const figures: Figure[] = [];
  const r = await alternate(rounds, raw, typed);
  figures.push(figure("typed consume (decode+validate+route+ack / raw consume+JSON.parse+ack)", r.subject, r.baseline, "msg/s", ">=", 0.9));
  figures.push(...(await latency(nc, events, quick)));
  return figures;
}

/**
 * Publish-to-handler latency at a fixed rate; p50 and p99, typed helper+consume vs raw. The
 * events of each side are sent in segments of one second, alternating typed/raw/raw/typed/...,
 * and pooled: a burst of load from elsewhere on the shared machine then falls on both sides alike
 * instead of on whichever ran second (a single typed-then-raw pass made p99 swing 1.2x-2.1x).
 * 12 000 events a side in 24 segments: a p99 of 3000 rests on each side's 30 largest samples, at
 * the knee of a tail of collector and scheduler stalls (p98 ~0.5 ms, p99.9 ~2-3 ms), and four
 * back-to-back runs of it read 0.80-1.20 with no code changed; of 12 000, 1.02-1.13
 * (docs/performance.md, "Bench fairness and precision").
 */
async function latency(nc: NatsConnection, events: ReturnType<typeof createEvents>, quick: boolean): Promise<Figure[]> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const rate = 500;
  const count = quick ? 500 : 12_000;
  const segments = quick ? 2 : 24;
  const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const paced = async (n: number, send: (i: number) => Promise<unknown>) => {
    const started = performance.now();
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(send(i));
    }
    await Promise.all(inFlight);
  };

  // Typed: helper publish -> typed consume.
  const typedRound = async (n: number, into: number[]) => {
    await jsm.streams.purge(STREAM);
    await jsm.consumers.delete(STREAM, CONSUMER).catch(() => undefined);
    await events.ensureStreams({ replicas: 1 });
    const sent = new Map<string, number>();
    let seen = 0;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const running = await events.consume(CONSUMER, {
      "position.admitted": (e) => {
        into.push(performance.now() - sent.get(e.id)!);
        if (++seen === n) done();
      },
    });
    await paced(n, async () => {
      const id = randomUUID();
      sent.set(id, performance.now());
      return events.publishPositionAdmitted(data, { queue_id: "q" }, { id });
    });
    await finished;
    await running.stop();
  };

  // Raw: js.publish -> consume() + JSON.parse + ack.
  const rawRound = async (n: number, into: number[]) => {
    await jsm.streams.purge(STREAM);
    const name = `raw-lat-${randomUUID().slice(0, 8)}`;
    await jsm.consumers.add(STREAM, { durable_name: name, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, filter_subject: "waitingroom.position.>" });
    const consumer = await js.consumers.get(STREAM, name);
    const sent = new Map<string, number>();
    let seen = 0;
    const messages = await consumer.consume();
    const reader = (async () => {
      for await (const m of messages) {
        const e = JSON.parse(decoder.decode(m.data)) as { id: string };
        into.push(performance.now() - sent.get(e.id)!);
        m.ack();
        if (++seen === n) break;
      }
    })();
    await paced(n, async () => {
      const id = randomUUID();
      sent.set(id, performance.now());
      const h = headers();
      h.set("Nats-Msg-Id", id);
      const body = JSON.stringify({ id, version: "1.1", type: "position.admitted", timestamp: new Date().toISOString(), source: "bench", queue_id: "q", data });
      return js.publish("waitingroom.position.admitted.v1", body, { msgID: id, headers: h, expect: { streamName: STREAM } });
    });
    await reader;
    await messages.close();
    await jsm.consumers.delete(STREAM, name);
  };

  const typedLat: number[] = [];
  const rawLat: number[] = [];
  for (let i = 0; i < segments; i++) {
    // ABBA: typed, raw, raw, typed, typed, raw, ...
    if (i % 2 === 0) {
      await typedRound(count / segments, typedLat);
      await rawRound(count / segments, rawLat);
    } else {
      await rawRound(count / segments, rawLat);
      await typedRound(count / segments, typedLat);
    }
  }

  const note = `${count} events at ${rate}/s each, in ${segments} alternating segments`;
  // Latency: lower is better; the "ratio" is typed/raw and reported against a loose bound.
  return [
    figure("publish-to-handler latency p50 (typed / raw)", percentile(typedLat, 50), percentile(rawLat, 50), "ms", "<=", 1.5, note),
    figure("publish-to-handler latency p99 (typed / raw)", percentile(typedLat, 99), percentile(rawLat, 99), "ms", "<=", 1.5, note),
  ];
}
