/**
 * When V8 optimizes a function: once it has run through its interrupt budget (bytecode executed
 * since it was last looked at), TurboFan compiles it on V8's background threads. A short run (an
 * edit served mostly from the cache: under a second at 1000 events) ends before most of those
 * compiles pay back, and on two cores the threads doing them hold the core the main thread, the
 * run's critical path, waits for: an edit spent ~300 ms of CPU on them beside ~550 ms of its main
 * thread (docs/performance.md, "Optimizing later in a short run"). A budget eight times node 20's
 * default (67584) leaves the compiles to functions that stay hot.
 *
 * V8's flags are the process's, and this one holds for the rest of it (worker threads included):
 * the command line sets it once it knows its run is short, not a long cold run, which gains from
 * optimizing early. A budget the user gave node (`--interrupt-budget=…`) is left as it is.
 */
import { setFlagsFromString } from "node:v8";

export const SHORT_RUN_INTERRUPT_BUDGET = 8 * 67_584;

/** Raises the budget, unless node was given one; what it set (undefined: nothing). */
export function optimizeLater(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): string | undefined {
  if (execArgv.some((arg) => /^--interrupt[-_]budget(=|$)/.test(arg))) return undefined;
  const flag = `--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`;
  setFlags(flag);
  return flag;
}
