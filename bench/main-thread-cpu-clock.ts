/**
 * The CPU time of the calling (main) thread alone, in microseconds, from the kernel's scheduler
 * statistics (`/proc/thread-self/schedstat`, Linux: nanoseconds on a core, exact rather than in
 * ticks); undefined where there is no such file.
 *
 * Why beside `process.cpuUsage()`: that one sums every thread of the process, and a fifth of a
 * publishing client's CPU is V8's helper threads (concurrent marking and sweeping, the optimizing
 * compiler), whose work for the garbage and code of one measured segment runs on into the next,
 * the other side's. The main thread's time is where a publish's own work runs and is paid as it
 * runs (docs/performance.md, "Tracing on / off, tenth round").
 */
import { readFileSync } from "node:fs";

const SCHEDSTAT = "/proc/thread-self/schedstat";

export function mainThreadCpuClock(): (() => number) | undefined {
  try {
    readFileSync(SCHEDSTAT, "utf8");
  } catch {
    return undefined;
  }
  return () => Number(readFileSync(SCHEDSTAT, "utf8").split(" ")[0]) / 1000;
}
