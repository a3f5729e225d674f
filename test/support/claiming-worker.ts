/** A worker module for worker-pool.test.ts: waits, then says which thread ran the job and when it ended; a negative wait throws. */
import { threadId } from "node:worker_threads";

export async function handle(waitMs: number): Promise<{ threadId: number; endedAt: number }> {
  if (waitMs < 0) throw new RangeError(`cannot wait ${waitMs} ms`);
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  return { threadId, endedAt: Date.now() };
}
