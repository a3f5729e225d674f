/** A worker module for worker-pool.test.ts: answers how many other jobs this thread held when the job started. */
let inFlight = 0;

export async function handle(waitMs: number): Promise<number> {
  const others = inFlight++;
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  inFlight--;
  return others;
}
