/**
 * The cache store of a long-lived process (`generate --watch`): every entry it read or wrote in
 * the last run is also kept in memory, so the next run takes it from there instead of reading and
 * verifying the file again. Entries are keyed by the digest of their whole input, so a kept value
 * is never stale; what the latest run did not use is let go, so memory stays one run's worth.
 *
 * An entry served from memory (here, or by a layer above that keeps what it made from entries,
 * through `keep`) is not read from disk, so nothing tells the disk it is still used: a watch
 * running for a week would see its packs pruned as unused by any other run. Once an hour a run
 * marks what it serves from memory as used (CacheStore.markUsed: a pack a day old is touched),
 * which costs a lookup per entry in that run only.
 */
import { CacheStore } from "./disk-store.js";

/** How often a run marks the entries it serves from memory as used. */
const MARK_EVERY_MS = 3600 * 1000;

export class RememberingStore extends CacheStore {
  private lastRun = new Map<string, string>();
  private thisRun = new Map<string, string>();
  private markedAt: number;

  constructor(dir: string, clock: () => number = Date.now) {
    super(dir, clock);
    this.markedAt = clock();
  }

  /** A run starts: it marks what it serves from memory when the last marking was an hour ago. */
  startRun(): void {
    this.marking = this.clock() - this.markedAt >= MARK_EVERY_MS;
    if (this.marking) this.markedAt = this.clock();
  }

  override get(kind: string, key: string, absentIsMiss = true): string | undefined {
    const name = `${kind}/${key}`;
    const kept = this.thisRun.get(name) ?? this.lastRun.get(name);
    if (kept !== undefined) {
      this.thisRun.set(name, kept);
      if (this.marking) this.markUsed(kind, key);
      return kept;
    }
    const value = super.get(kind, key, absentIsMiss);
    if (value !== undefined) this.thisRun.set(name, value);
    return value;
  }

  override set(kind: string, key: string, value: string): void {
    super.set(kind, key, value);
    this.thisRun.set(`${kind}/${key}`, value);
  }

  /** A run ended: what it used is kept for the next, the rest let go. */
  endRun(): void {
    this.lastRun = this.thisRun;
    this.thisRun = new Map();
    this.marking = false;
  }
}
