/**
 * The cache store of a long-lived process (`generate --watch`): every entry it read or wrote in
 * the last run is also kept in memory, so the next run takes it from there instead of reading and
 * verifying the file again. Entries are keyed by the digest of their whole input, so a kept value
 * is never stale; what the latest run did not use is let go, so memory stays one run's worth.
 */
import { CacheStore } from "./disk-store.js";

export class RememberingStore extends CacheStore {
  private lastRun = new Map<string, string>();
  private thisRun = new Map<string, string>();

  override get(kind: string, key: string): string | undefined {
    const name = `${kind}/${key}`;
    const kept = this.thisRun.get(name) ?? this.lastRun.get(name);
    if (kept !== undefined) {
      this.thisRun.set(name, kept);
      return kept;
    }
    const value = super.get(kind, key);
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
  }
}
