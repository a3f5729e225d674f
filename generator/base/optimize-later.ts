/**
 * When and how much V8 optimizes. Once a function has run through its interrupt budget (bytecode
 * executed since it was last looked at), TurboFan compiles it on V8's background threads. A
 * generate run compiles hundreds of functions so, many of which have done most of their work by
 * the time the compile lands, and on two cores the threads compiling them hold a core the main
 * thread or a compile worker waits for. Two flags make those compiles fewer and smaller:
 *
 * - four times node 20's default budget (67584) leaves the compiles to the functions that stay
 *   hot: an edit's CPU fell by a quarter, a cold run's wall by 6-10% (docs/performance.md,
 *   "Optimizing later");
 * - no inlining into what TurboFan compiles: each compile is a function's own graph, not its
 *   callees' as well; a cold run at 1000 events spent ~0.5-0.9 s less CPU on those threads, its
 *   wall 4-9% shorter, for code that runs a little slower (docs/performance.md, "Optimizing less").
 *
 * V8's flags are the process's, and these hold for the rest of it, worker threads included: only
 * the command line sets them, for `generate`. A flag the user gave node is left as it is.
 */
import { setV8FlagUnlessGiven } from "./v8-flag.js";

export const GENERATE_INTERRUPT_BUDGET = 4 * 67_584;

/** Raises the budget and turns TurboFan's inlining off, each unless node was given it; what it set. */
export function optimizeLater(): string[] {
  return [setV8FlagUnlessGiven("interrupt-budget", GENERATE_INTERRUPT_BUDGET), setV8FlagUnlessGiven("turbo-inlining", false)].filter((flag): flag is string => flag !== undefined);
}
