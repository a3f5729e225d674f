/**
 * Paired rounds of two sides measured in short interleaved segments, for figures that must
 * resolve a few percent on a loaded machine (the tracing section: tracing on against off).
 *
 * A round is `segments` runs of each side, in the order A B B A A B ... (roundOrder per segment,
 * starting the other way in odd rounds), each side's segments summed into the round's pair. A
 * burst of outside load, a flush of the server or a major collection of the client's heap lasts
 * tens to hundreds of milliseconds: with one long run per side per round it fell on one side
 * only and moved that round's ratio by tens of percent; spread over ten segments per side it
 * falls on both sides' segments alike. Each side's client CPU time is kept too
 * (`process.cpuUsage`, user + system): what the client spends per unit of work, which other
 * processes' load moves far less than the wall time. And its main thread's alone where the
 * system tells it (bench/main-thread-cpu-clock.ts): the process's figure also holds V8's helper
 * threads, whose work for one segment's garbage runs on into the next segment, the other side's;
 * an A/A run's median of the process's ratios moved 0.960–1.032 between runs, the main thread's
 * 0.990–0.999.
 *
 * The heap is not collected between segments: a full collection before each segment (tried)
 * left both sides ~50% more CPU per message and ~30% less throughput than without it, a measure
 * of a freshly collected heap rather than of publishing.
 */
import { roundOrder, type Pair } from "./figures.js";
import { mainThreadCpuClock } from "./main-thread-cpu-clock.js";

export interface InterleavedPairs {
  /** Per round: units of work per second of wall time, each side's segments summed. */
  rate: Pair[];
  /** Per round: the client's CPU microseconds per unit of work, all its threads. */
  cpu: Pair[];
  /** Per round: the client's main thread's CPU microseconds per unit of work; undefined off Linux. */
  mainThreadCpu: Pair[] | undefined;
}

export interface InterleavedOptions {
  rounds: number;
  segments: number;
  /** Units of work one segment of either side does (messages published). */
  units: number;
  baseline: () => Promise<unknown>;
  subject: () => Promise<unknown>;
  /** Before each round, outside the timing (purging the stream both sides publish to). */
  beforeRound?: () => Promise<unknown>;
}

export async function interleavedPairs(options: InterleavedOptions): Promise<InterleavedPairs> {
  const { rounds, segments, units, baseline, subject, beforeRound } = options;
  const rate: Pair[] = [];
  const cpu: Pair[] = [];
  const mainClock = mainThreadCpuClock();
  const mainThreadCpu: Pair[] = [];
  for (let round = 0; round < rounds; round++) {
    await beforeRound?.();
    const spent = { baseline: { ms: 0, cpuUs: 0, mainUs: 0 }, subject: { ms: 0, cpuUs: 0, mainUs: 0 } };
    for (let segment = 0; segment < segments; segment++) {
      for (const side of roundOrder(round + segment, ["baseline", "subject"] as const)) {
        const cpuStart = process.cpuUsage();
        const mainStart = mainClock?.() ?? 0;
        const started = performance.now();
        await (side === "baseline" ? baseline : subject)();
        spent[side].ms += performance.now() - started;
        spent[side].mainUs += (mainClock?.() ?? 0) - mainStart;
        const used = process.cpuUsage(cpuStart);
        spent[side].cpuUs += used.user + used.system;
      }
    }
    const total = segments * units;
    rate.push({ baseline: total / (spent.baseline.ms / 1000), subject: total / (spent.subject.ms / 1000) });
    cpu.push({ baseline: spent.baseline.cpuUs / total, subject: spent.subject.cpuUs / total });
    mainThreadCpu.push({ baseline: spent.baseline.mainUs / total, subject: spent.subject.mainUs / total });
  }
  return { rate, cpu, mainThreadCpu: mainClock ? mainThreadCpu : undefined };
}
