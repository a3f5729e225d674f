/**
 * Room in each worker thread's old generation before V8 first collects it. A compile worker holds
 * ~15-25 MB from module to module (each module's ajv instance comes and goes), and with the
 * growth factor that base/heap-growth.ts bounds, V8 ran a full collection each time that doubled:
 * ~17 of them in a cold run at 1000 events, each with concurrent marking on V8's threads beside
 * the two busy ones. V8 never lowers an isolate's limit below its initial old generation, so with
 * 64 MB a worker collects at ~64 MB: 8 full collections. Paired cold runs at 1000 events took
 * ~3.5% less wall for ~17 MB more peak RSS; at 5000 events ~10-20 MB more (docs/performance.md,
 * "Room in the compile worker's old generation"). 128 MB took ~5% less wall but ~80 MB more
 * at both sizes, too near the 1 GiB budget at 5000.
 *
 * Only isolates created after it is set take it: the main thread's heap was sized at start-up
 * (`node --initial-old-space-size=…` sizes that one, and is then also the workers'). A value the
 * user gave node is left as it is.
 */
import { setV8FlagUnlessGiven } from "./v8-flag.js";

export const WORKER_OLD_GENERATION_MB = 64;

/** Sets the workers' initial old generation, unless node was given one; what it set (undefined: nothing). */
export function roomInWorkerOldGenerations(): string | undefined {
  return setV8FlagUnlessGiven("initial-old-space-size", WORKER_OLD_GENERATION_MB);
}
