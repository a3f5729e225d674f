/**
 * In-memory idempotency store: the most recently processed `max` keys (default 10 000), each for
 * at most `ttlMs` (default: no expiry). Per process: a restarted or second instance does not see
 * it; use the KV store for that.
 */
import type { IdempotencyStore } from "../../chain/types.js";

export interface LruStoreOptions {
  max?: number;
  ttlMs?: number;
}

export class LruIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, number>();
  private readonly max: number;
  private readonly ttlMs: number;

  constructor(options: LruStoreOptions = {}) {
    this.max = options.max ?? 10_000;
    this.ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
    if (!Number.isInteger(this.max) || this.max < 1) throw new RangeError(`Invalid LRU max ${this.max}: expected an integer >= 1`);
  }

  has(key: string): boolean {
    const at = this.entries.get(key);
    if (at === undefined) return false;
    if (Date.now() - at > this.ttlMs) {
      this.entries.delete(key);
      return false;
    }
    // Refresh recency: Map keeps insertion order, so re-inserting moves the key to the end.
    this.entries.delete(key);
    this.entries.set(key, at);
    return true;
  }

  add(key: string): void {
    this.entries.delete(key);
    this.entries.set(key, Date.now());
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

export function lruStore(options?: LruStoreOptions): LruIdempotencyStore {
  return new LruIdempotencyStore(options);
}
