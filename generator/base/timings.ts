/**
 * Wall time and memory per pipeline stage, for `jetschema generate --timings`: where a slow or
 * large run spends its time and its memory, without a profiler. Stages that overlap (formatting
 * on worker threads while the main thread emits) are timed as the main thread waits for them.
 * Memory is sampled at the end of each stage: the V8 heap in use (main thread) and the process's
 * resident set (worker threads included); the total row gives the process's peak resident set.
 * A run with a cache also says what the cache served and what it missed (`cache`, filled by
 * generate-run.ts): whether a cache restored on another machine or path was of use.
 */
export class StageTimings {
  private readonly started = performance.now();
  private last = this.started;
  readonly laps: Array<{ stage: string; ms: number; heapMiB: number; rssMiB: number }> = [];
  cache?: CacheUse;
  /** The `stat` calls a watch made for this run while it waited out the burst of changes (generate-session.ts sweepAhead): their wall time, not in the total. */
  madeAheadMs?: number;

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
      ...(this.madeAheadMs !== undefined ? [row("stat calls made ahead", this.madeAheadMs, "  in the quiet wait, before the run: not in the total")] : []),
      ...(this.cache ? cacheReport(this.cache) : []),
    ].join("\n");
  }
}

/** What the cache gave one run: entries served and missed by kind, and the per-file checks it spared. */
export interface CacheUse {
  dir: string;
  served: Record<string, number>;
  missed: Record<string, number>;
  /** Registry files checked against their meta-schemas this run, of all it loaded; absent when nothing was loaded (a no-op run). */
  metaSchemaChecks?: { checked: number; files: number };
}

function cacheReport(use: CacheUse): string[] {
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const kinds = [...new Set([...Object.keys(use.served), ...Object.keys(use.missed)])].sort();
  const served = total(use.served);
  const lines = [`cache ${use.dir}: ${served} ${served === 1 ? "entry" : "entries"} served, ${total(use.missed)} missed`];
  if (use.metaSchemaChecks) {
    const { checked, files } = use.metaSchemaChecks;
    lines.push(`  registry files checked against their meta-schemas: ${checked} of ${files} (the others known valid from the cache)`);
  }
  lines.push(`  ${"entry kind".padEnd(28)} ${"served".padStart(10)}  ${"missed".padStart(10)}`);
  for (const kind of kinds) lines.push(`  ${kind.padEnd(28)} ${String(use.served[kind] ?? 0).padStart(10)}  ${String(use.missed[kind] ?? 0).padStart(10)}`);
  return lines;
}
