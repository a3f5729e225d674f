/**
 * The cost of OpenTelemetry support when nobody traces: a client with `@opentelemetry/api`
 * installed (it is, in this repository) and no SDK registered, against a client with tracing off,
 * which publishes exactly as a runtime without the API does. Issue 15: >= 0.98x.
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { createEvents } from "@waitingroom/events";
import { pairedFigure, type Figure } from "./figures.js";
import { interleavedPairs } from "./interleaved.js";
import { rate } from "./publish.js";

const data = { position_id: "pos-550e8400-e29b-41d4-a716", session_id: "sess-a1b2c3d4-e5f6-7890", wait_time_seconds: 300, queue_length_after: 1522 };

export async function benchPublishTracing(nc: NatsConnection, quick: boolean): Promise<Figure[]> {
  const untraced = createEvents(nc, { source: "bench", tracing: false });
  const traced = createEvents(nc, { source: "bench" });
  await untraced.ensureStreams({ replicas: 1 });
  const jsm = await jetstreamManager(nc);
  const purge = () => jsm.streams.purge("POSITION_EVENTS");
  const rounds = quick ? 3 : 11;
  const window = 256;
  const off = () => untraced.publishPositionAdmitted(data, { queue_id: "q" });
  const on = () => traced.publishPositionAdmitted(data, { queue_id: "q" });
  await rate(500, 64, off);
  await rate(500, 64, on);

  // Each side publishes as many messages per round as before (10 000 one at a time, 20 000 with
  // 256 in flight), now in ten interleaved segments, the stream purged before each round
  // (bench/interleaved.ts, docs/performance.md "Bench fairness and precision").
  // Each round's ratio of its own pair, then their median (pairedRatio).
  // After the purge, one untimed segment of each side: the first run after a purge took up to 21%
  // longer than the round's others (median over 20 rounds: 1.000–1.214 in five runs, 1.068 the
  // middle one), and it fell on one side per round; after an untimed run, 0.964–1.071 in three
  // (docs/performance.md, "Tracing on / off, tenth round").
  const measure = (segments: number, units: number, inFlight: number) =>
    interleavedPairs({
      rounds,
      segments,
      units,
      baseline: () => rate(units, inFlight, off),
      subject: () => rate(units, inFlight, on),
      beforeRound: async () => {
        await purge();
        await rate(units, inFlight, off);
        await rate(units, inFlight, on);
      },
    });
  const seq = await measure(quick ? 2 : 10, quick ? 250 : 1000, 1);
  const win = await measure(quick ? 3 : 10, quick ? 1000 : 2000, window);
  await purge();
  const target = { op: ">=" as const, ratio: 0.98 };
  const cpuNote = "client CPU (user+sys) per message, for context";
  // The main thread's alone: the process's figure also holds V8's helper threads, whose work for
  // one segment runs on into the next, the other side's (bench/interleaved.ts).
  const mainNote = "client main-thread CPU per message, steadier than the process's";
  const mainRows = (name: string, pairs: typeof seq.mainThreadCpu) => (pairs ? [pairedFigure(name, pairs, "µs", undefined, mainNote)] : []);
  return [
    pairedFigure("publish sequential, @opentelemetry/api without SDK (tracing on / off)", seq.rate, "msg/s", target),
    pairedFigure(`publish windowed ${window}, @opentelemetry/api without SDK (tracing on / off)`, win.rate, "msg/s", target),
    pairedFigure("publish sequential, client CPU per message (tracing on / off)", seq.cpu, "µs", undefined, cpuNote),
    pairedFigure(`publish windowed ${window}, client CPU per message (tracing on / off)`, win.cpu, "µs", undefined, cpuNote),
    ...mainRows("publish sequential, client main-thread CPU per message (tracing on / off)", seq.mainThreadCpu),
    ...mainRows(`publish windowed ${window}, client main-thread CPU per message (tracing on / off)`, win.mainThreadCpu),
  ];
}
