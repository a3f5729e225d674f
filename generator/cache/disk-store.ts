/**
 * The cache on disk: one file per entry, `<dir>/<kind>/<2 hex>/<key>`, holding a one-line header
 * (format, kind, key, length and sha256 of the payload) and the payload. An entry is served only
 * when its header names the key asked for and the payload hashes to the recorded digest, so a
 * truncated, corrupted or misplaced file is a miss, never wrong output.
 *
 * Writes go to a temporary file renamed into place: concurrent runs sharing a cache directory see
 * a whole entry or none. The cache is an optimisation: any I/O error reading or writing it is a
 * miss or a skipped write, never a failed generate.
 */
import { closeSync, fstatSync, futimesSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { CACHE_FORMAT } from "./fingerprint.js";
import { digest } from "../base/hash.js";

export interface CacheStats {
  hits: Record<string, number>;
  misses: Record<string, number>;
  writes: number;
  /** Entries found but refused: unreadable header, wrong key, wrong length or digest. */
  rejected: number;
}

interface Header {
  format: number;
  kind: string;
  key: string;
  bytes: number;
  sha256: string;
}

/** Entries not used for this long are deleted by prune(), at most once an hour. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;
/** A hit refreshes an entry's time when it is older than this (far below MAX_AGE_MS). */
const TOUCH_AFTER_MS = 24 * 3600 * 1000;

export class CacheStore {
  readonly stats: CacheStats = { hits: {}, misses: {}, writes: 0, rejected: 0 };
  /** Entry files read or written by this run: never pruned by it. */
  private readonly used = new Set<string>();

  constructor(readonly dir: string) {}

  private pathOf(kind: string, key: string): string {
    if (!/^[a-z][a-z0-9-]*$/.test(kind) || !/^[0-9a-f]{64}$/.test(key)) throw new Error(`internal: bad cache entry name ${kind}/${key}`);
    return join(this.dir, kind, key.slice(0, 2), key);
  }

  get(kind: string, key: string): string | undefined {
    const path = this.pathOf(kind, key);
    const value = this.read(path, kind, key);
    const counter = value === undefined ? this.stats.misses : this.stats.hits;
    counter[kind] = (counter[kind] ?? 0) + 1;
    if (value !== undefined) this.used.add(path);
    return value;
  }

  private read(path: string, kind: string, key: string): string | undefined {
    let buf: Buffer;
    try {
      buf = readEntry(path);
    } catch {
      return undefined;
    }
    const nl = buf.indexOf(0x0a);
    try {
      if (nl < 0) throw new Error("no header");
      const header = JSON.parse(buf.subarray(0, nl).toString("utf8")) as Header;
      const payload = buf.subarray(nl + 1);
      if (header.format !== CACHE_FORMAT || header.kind !== kind || header.key !== key || header.bytes !== payload.length || header.sha256 !== digest(payload)) {
        throw new Error("mismatch");
      }
      return payload.toString("utf8");
    } catch {
      this.stats.rejected++;
      try {
        unlinkSync(path);
      } catch {
        // another run may have replaced or removed it already
      }
      return undefined;
    }
  }

  set(kind: string, key: string, value: string): void {
    const path = this.pathOf(kind, key);
    const payload = Buffer.from(value, "utf8");
    const header: Header = { format: CACHE_FORMAT, kind, key, bytes: payload.length, sha256: digest(payload) };
    const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      mkdirSync(join(this.dir, kind, key.slice(0, 2)), { recursive: true });
      const fd = openSync(tmp, "w");
      try {
        writeSync(fd, JSON.stringify(header) + "\n");
        writeSync(fd, payload);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
      this.used.add(path);
      this.stats.writes++;
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing more to do: the entry is simply not cached
      }
    }
  }

  /**
   * Deletes entries this run did not use and nobody used for a week (hits refresh the time),
   * plus temporary files left by a crashed run. Runs at most once an hour per cache directory.
   */
  prune(now = Date.now()): number {
    const marker = join(this.dir, "last-prune");
    try {
      if (now - statSync(marker).mtimeMs < PRUNE_EVERY_MS) return 0;
    } catch {
      // no marker yet
    }
    let removed = 0;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(marker, new Date(now).toISOString() + "\n");
      for (const kind of readdirSync(this.dir, { withFileTypes: true })) {
        if (!kind.isDirectory()) continue;
        for (const fan of readdirSync(join(this.dir, kind.name))) {
          const folder = join(this.dir, kind.name, fan);
          for (const name of readdirSync(folder)) {
            const path = join(folder, name);
            if (this.used.has(path)) continue;
            const age = now - statSync(path).mtimeMs;
            if (age > MAX_AGE_MS || (name.includes(".tmp-") && age > PRUNE_EVERY_MS)) {
              rmSync(path, { force: true });
              removed++;
            }
          }
        }
      }
    } catch {
      // pruning is housekeeping: a failure leaves entries behind, nothing else
    }
    return removed;
  }
}

/**
 * An entry's bytes; its modification time, which prune() reads as "last used", is moved to now
 * when it is older than a day (a hit refreshes it; refreshing it on every hit was a system call
 * for each of the thousands of entries an edit of a large registry reads).
 */
function readEntry(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const stat = fstatSync(fd);
    const buf = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buf, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const now = Date.now();
    if (now - stat.mtimeMs > TOUCH_AFTER_MS) {
      try {
        futimesSync(fd, new Date(now), new Date(now));
      } catch {
        // a read-only cache still serves hits
      }
    }
    return read === stat.size ? buf : buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
