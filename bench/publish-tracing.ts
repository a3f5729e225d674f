/**
 * The cost of OpenTelemetry support when nobody traces: a client with `@opentelemetry/api`
 * installed (it is, in this repository) and no SDK registered, against a client with tracing off,
 * which publishes exactly as a runtime without the API does. Issue 15: >= 0.98x.
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { createEvents } from "@waitingroom/events";
import { alternatePairs, pairedFigure, type Figure } from "./figures.js";
import { rate } from "./publish.js";

const data = { position_id: "pos-550e8400-e29b-41d4-a716", session_id: "sess-a1b2c3d4-e5f6-7890", wait_time_seconds: 300, queue_length_after: 1522 };

export async function benchPublishTracing(nc: NatsConnection, quick: boolean): Promise<Figure[]> {
  const untraced = createEvents(nc, { source: "bench", tracing: false });
  const traced = createEvents(nc, { source: "bench" });
  await untraced.ensureStreams({ replicas: 1 });
  const jsm = await jetstreamManager(nc);
  const rounds = quick ? 3 : 11;
  const sequential = quick ? 500 : 10000;
  const windowed = quick ? 3000 : 20000;
  const window = 256;
  const off = () => untraced.publishPositionAdmitted(data, { queue_id: "q" });
  const on = () => traced.publishPositionAdmitted(data, { queue_id: "q" });
  await rate(500, 64, off);
  await rate(500, 64, on);
  await jsm.streams.purge("POSITION_EVENTS");

  // Each round's ratio of its own pair, then their median (pairedRatio): the two sides of a round
  // share the server's state (the stream's size, the disk's flushes), which moves a windowed
  // publish's rate by ±10% over the rounds, more than the 2% measured.
  const seq = await alternatePairs(rounds, () => rate(sequential, 1, off), () => rate(sequential, 1, on));
  await jsm.streams.purge("POSITION_EVENTS");
  const win = await alternatePairs(rounds, () => rate(windowed, window, off), () => rate(windowed, window, on));
  await jsm.streams.purge("POSITION_EVENTS");
  const target = { op: ">=" as const, ratio: 0.98 };
  return [
    pairedFigure("publish sequential, @opentelemetry/api without SDK (tracing on / off)", seq, "msg/s", target),
    pairedFigure(`publish windowed ${window}, @opentelemetry/api without SDK (tracing on / off)`, win, "msg/s", target),
  ];
}
