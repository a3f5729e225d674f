/**
 * Wall time and memory per pipeline stage, for `jetschema generate --timings`: where a slow or
 * large run spends its time and its memory, without a profiler. Stages that overlap (formatting
 * on worker threads while the main thread emits) are timed as the main thread waits for them.
 * Memory is sampled at the end of each stage: the V8 heap in use (main thread) and the process's
 * resident set (worker threads included); the total row gives the process's peak resident set.
 */
export class StageTimings {
  private readonly started = performance.now();
  private last = this.started;
  readonly laps: Array<{ stage: string; ms: number; heapMiB: number; rssMiB: number }> = [];

  /** Ends the stage running since the previous lap. */
  lap(stage: string): void {
    const now = performance.now();
    const { heapUsed, rss } = process.memoryUsage();
    this.laps.push({ stage, ms: now - this.last, heapMiB: heapUsed / 2 ** 20, rssMiB: rss / 2 ** 20 });
    this.last = now;
  }

  report(): string {
    const total = this.last - this.started;
    const mib = (n: number) => `${Math.round(n).toString().padStart(6)} MiB`;
    const row = (stage: string, ms: number, memory: string) => `  ${stage.padEnd(28)} ${Math.round(ms).toString().padStart(7)} ms${memory}`;
    const peakRss = process.resourceUsage().maxRSS / 1024;
    return [
      `  ${"stage".padEnd(28)} ${"wall".padStart(10)}  ${"heap used".padStart(10)}  ${"rss".padStart(10)}`,
      ...this.laps.map(({ stage, ms, heapMiB, rssMiB }) => row(stage, ms, `  ${mib(heapMiB)}  ${mib(rssMiB)}`)),
      row("total", total, `  ${"".padStart(10)}  ${mib(peakRss)} peak`),
    ].join("\n");
  }
}
