/**
 * Batch publish with a bounded window: at most `window` publishes (each with its own retries)
 * await their acks at once, so a large batch neither floods the server nor waits one ack at a time.
 * Every item gets a result in input order; one item's failure never hides or stops the others.
 */
import type { PublishManyItem, PublishManyResult, PublishResult } from "./types.js";

export interface PublishManyOptions {
  /** Maximum acks in flight (default 256). */
  window?: number;
}

export const DEFAULT_WINDOW = 256;

export async function publishMany(
  publishOne: (item: PublishManyItem) => Promise<PublishResult>,
  items: readonly PublishManyItem[],
  options: PublishManyOptions = {},
): Promise<PublishManyResult[]> {
  const window = options.window ?? DEFAULT_WINDOW;
  if (!Number.isInteger(window) || window < 1) {
    throw new RangeError(`Invalid publishMany window ${window}: expected an integer >= 1`);
  }
  const results = new Array<PublishManyResult>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, ack: await publishOne(items[index] as PublishManyItem) };
      } catch (err) {
        results[index] = { ok: false, error: err instanceof Error ? err : new Error(String(err)) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, items.length) }, worker));
  return results;
}
