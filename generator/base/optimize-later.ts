/**
 * When V8 optimizes a function: once it has run through its interrupt budget (bytecode executed
 * since it was last looked at), TurboFan compiles it on V8's background threads. A generate run
 * compiles hundreds of functions so, many of which have done most of their work by the time the
 * compile lands, and on two cores the threads compiling them hold a core the main thread or a
 * compile worker waits for: an edit at 1000 events spent ~300 ms of CPU on them beside ~550 ms of
 * its main thread, a cold run ~1 s of ~12 s. Four times node 20's default budget (67584) leaves the
 * compiles to the functions that stay hot: an edit's CPU fell by a quarter, a cold run's wall by
 * 6-10% (docs/performance.md, "Optimizing later").
 *
 * V8's flags are the process's, and this one holds for the rest of it, worker threads included:
 * only the command line sets it, for `generate`. A budget the user gave node is left as it is.
 */
import { setV8FlagUnlessGiven } from "./v8-flag.js";

export const GENERATE_INTERRUPT_BUDGET = 4 * 67_584;

/** Raises the budget, unless node was given one; what it set (undefined: nothing). */
export function optimizeLater(): string | undefined {
  return setV8FlagUnlessGiven("interrupt-budget", GENERATE_INTERRUPT_BUDGET);
}
