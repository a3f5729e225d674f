/**
 * Wall time per pipeline stage, for `jetschema generate --timings`: where a slow run spends its
 * time, without a profiler. Stages that overlap (formatting on worker threads while the main
 * thread emits) are timed as the main thread waits for them.
 */
export class StageTimings {
  private readonly started = performance.now();
  private last = this.started;
  readonly laps: Array<{ stage: string; ms: number }> = [];

  /** Ends the stage running since the previous lap. */
  lap(stage: string): void {
    const now = performance.now();
    this.laps.push({ stage, ms: now - this.last });
    this.last = now;
  }

  report(): string {
    const total = this.last - this.started;
    const rows = this.laps.map(({ stage, ms }) => `  ${stage.padEnd(28)} ${Math.round(ms).toString().padStart(7)} ms`);
    return [...rows, `  ${"total".padEnd(28)} ${Math.round(total).toString().padStart(7)} ms`].join("\n");
  }
}
