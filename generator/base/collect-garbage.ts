/**
 * A full collection of the calling thread's heap, now. V8 collects when a heap has grown by its
 * factor (base/heap-growth.ts) or when the thread goes idle; a caller that knows a burst of
 * allocation has just ended, and that another heap is about to grow beside this one, collects
 * first, so the two do not stand at their highest together.
 *
 * node exposes `gc` only when started with --expose-gc; the flag set now applies to contexts made
 * afterwards, so the function comes from a new context and the program's global scope stays as it
 * was (worker threads started later find a `gc` of their own; the flag changes nothing else).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | undefined;

/**
 * Collects when the heap in use is above `minUsedMiB`, and says whether it did: a collection costs
 * in proportion to what is live, so below some size the memory it frees is not worth its time.
 */
export function collectGarbageAbove(minUsedMiB: number): boolean {
  if (process.memoryUsage().heapUsed <= minUsedMiB * 2 ** 20) return false;
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
  return true;
}
