/**
 * How far V8 lets a heap grow past what survived its last full collection before it collects
 * again. Left to itself, on a machine with memory to spare it picks a factor of up to four
 * (throughput first). A generate run makes hundreds of MB of short-lived text (types, pages,
 * validator code) from a much smaller live set, so its peak was mostly garbage: at 5000 events
 * ~200 MB live against 700–930 MB in use before the main thread's next full collection, and a
 * peak that swung by 300 MiB between runs with the timing of that collection. A factor of 2
 * keeps the peak near twice what is live, for about the same CPU (docs/performance.md, "Memory:
 * the heap's growth bounded").
 *
 * V8's flags are the process's: worker threads started afterwards grow by the same factor. A
 * factor the user gave node (`--heap-growing-percent=…`) is left as it is.
 */
import { setV8FlagUnlessGiven } from "./v8-flag.js";

export const HEAP_GROWING_PERCENT = 100;

/** Sets the factor, unless node was given one; what it set (undefined: nothing). */
export function boundHeapGrowth(): string | undefined {
  return setV8FlagUnlessGiven("heap-growing-percent", HEAP_GROWING_PERCENT);
}
