/** A worker module for worker-pool.test.ts: after waiting `waitMs`, which thread ran the job and the heap limits it was started with. */
import { resourceLimits, threadId } from "node:worker_threads";

export async function handle(waitMs: number): Promise<{ threadId: number; maxYoungGenerationSizeMb?: number }> {
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  return { threadId, ...resourceLimits };
}
