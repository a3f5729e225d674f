/**
 * The cache on disk: entries grouped in packs, `<dir>/<kind>/<created>-<pid>-<random>.pack`, each a
 * run of records: a one-line header (format, kind, key, length and sha256 of the payload), then
 * the payload. An entry is served only when its header names the kind and key asked for and the
 * payload hashes to the recorded digest, so a truncated, corrupted or misplaced record is a miss,
 * never wrong output.
 *
 * A run keeps what it sets in memory and writes it with flush(): one new pack per kind, written to
 * a temporary file and renamed into place, so concurrent runs sharing a cache directory see a whole
 * pack or none, and a cold run of a large registry creates a handful of files instead of one per
 * entry (thousands of small files cost a cold run more than the work they saved; see
 * docs/performance.md). Packs are never modified: a kind holding more than MAX_PACKS of them, or
 * a damaged one, is compacted into one new pack by the next flush.
 *
 * The cache is an optimisation: any I/O error reading or writing it is a miss or a skipped write,
 * never a failed generate.
 */
import { closeSync, existsSync, fstatSync, futimesSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { CACHE_FORMAT } from "./fingerprint.js";
import { digest } from "../base/hash.js";

export interface CacheStats {
  hits: Record<string, number>;
  misses: Record<string, number>;
  writes: number;
  /** Records found but refused: unreadable header, wrong key, wrong length or digest. */
  rejected: number;
  /** Packs whose headers were read from disk (a pack this process wrote is known without). */
  scanned: number;
}

interface Header {
  format: number;
  kind: string;
  key: string;
  bytes: number;
  sha256: string;
}

/** Where a record's payload lies. */
interface Slot {
  pack: Pack;
  offset: number;
  header: Header;
}

interface Pack {
  path: string;
  /** When it was written (its name), which compaction reads as the age of its records. */
  created: number;
  /** When it was last used (its time on disk), which prune() reads. */
  mtimeMs: number;
  touched: boolean;
  /** Open from the first read of its headers until flush(): a hit costs one read, not three calls. */
  fd?: number;
}

interface KindIndex {
  packs: Pack[];
  slots: Map<string, Slot>;
  /** A record could not be read or was refused: the next flush rewrites the kind without it. */
  damaged: boolean;
}

/** Entries not used for this long are deleted by prune() and dropped by compaction. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;
/** A hit refreshes its pack's time when it is older than this (far below MAX_AGE_MS). */
const TOUCH_AFTER_MS = 24 * 3600 * 1000;
/** Above this many packs, a kind is compacted: each edit run adds a small one. */
const MAX_PACKS = 8;
/** A header line is far shorter; a longer one is damage. */
const HEADER_MAX_BYTES = 1024;
/** How much of a pack scanPack reads at a time (at least a header's worth). */
const SCAN_WINDOW_BYTES = 64 * 1024;

export class CacheStore {
  readonly stats: CacheStats = { hits: {}, misses: {}, writes: 0, rejected: 0, scanned: 0 };
  /** Set by this run and not flushed yet, by kind. */
  private readonly pending = new Map<string, Map<string, string>>();
  /** Keys served or set by this run, by kind: kept by compaction, never pruned by this run. */
  private readonly used = new Map<string, Set<string>>();
  private readonly indexes = new Map<string, KindIndex>();
  /** Kinds whose folder this run listed (a flush starts a new run). */
  private readonly listed = new Set<string>();

  constructor(readonly dir: string) {}

  private check(kind: string, key: string): void {
    if (!/^[a-z][a-z0-9-]*$/.test(kind) || !/^[0-9a-f]{64}$/.test(key)) throw new Error(`internal: bad cache entry name ${kind}/${key}`);
  }

  get(kind: string, key: string): string | undefined {
    this.check(kind, key);
    const value = this.pending.get(kind)?.get(key) ?? this.readSlot(kind, key);
    const counter = value === undefined ? this.stats.misses : this.stats.hits;
    counter[kind] = (counter[kind] ?? 0) + 1;
    if (value !== undefined) usedOf(this.used, kind).add(key);
    return value;
  }

  /**
   * The digest (sha256) of an entry's payload as its header records it, without reading the
   * payload: for a caller that needs the content only when the output does not hold it already
   * (write/output-dir.ts's `reuse`), and then asks get(). Counted as a hit, the entry as used.
   */
  storedDigest(kind: string, key: string): string | undefined {
    this.check(kind, key);
    const pending = this.pending.get(kind)?.get(key);
    if (pending !== undefined) return digest(pending);
    const slot = this.index(kind).slots.get(key);
    const counter = slot === undefined ? this.stats.misses : this.stats.hits;
    counter[kind] = (counter[kind] ?? 0) + 1;
    if (slot === undefined) return undefined;
    usedOf(this.used, kind).add(key);
    if (!slot.pack.touched && Date.now() - slot.pack.mtimeMs > TOUCH_AFTER_MS) touch(slot.pack);
    return slot.header.sha256;
  }

  set(kind: string, key: string, value: string): void {
    this.check(kind, key);
    let entries = this.pending.get(kind);
    if (!entries) this.pending.set(kind, (entries = new Map()));
    entries.set(key, value);
    usedOf(this.used, kind).add(key);
    this.stats.writes++;
  }

  /** Every key stored on disk for `kind` (tests and diagnostics). */
  keys(kind: string): Set<string> {
    return new Set(this.index(kind).slots.keys());
  }

  /**
   * Writes what this run set, one pack per kind; compacts a kind that holds too many packs or a
   * damaged one; prunes when due. Callable repeatedly (a watching process flushes after each run).
   */
  flush(now = Date.now()): void {
    const kinds = new Set([...this.pending.keys(), ...[...this.indexes].filter(([, index]) => index.damaged).map(([kind]) => kind)]);
    for (const kind of kinds) {
      const index = this.index(kind);
      if (index.damaged || index.packs.length + 1 > MAX_PACKS) this.compact(kind, index, now);
      else this.writePack(kind, [...(this.pending.get(kind) ?? [])].map(([key, value]) => [key, Buffer.from(value, "utf8")]), now, index);
      this.pending.delete(kind);
    }
    // The indexes are kept (a watching process does not read every header again after each save);
    // their files are closed, so another run's compaction can remove them meanwhile (readSlot).
    for (const index of this.indexes.values()) for (const pack of index.packs) closePack(pack);
    this.listed.clear();
    this.prune(now);
  }

  private readSlot(kind: string, key: string): string | undefined {
    const index = this.index(kind);
    const slot = index.slots.get(key);
    if (!slot) return undefined;
    const payload = readPayload(slot);
    if (payload === undefined && !existsSync(slot.pack.path)) {
      // Compacted away by another run since this process read the headers: read them again.
      this.indexes.delete(kind);
      this.listed.delete(kind);
      return this.index(kind).slots.has(key) ? this.readSlot(kind, key) : undefined;
    }
    if (payload === undefined || digest(payload) !== slot.header.sha256) {
      this.stats.rejected++;
      index.slots.delete(key);
      index.damaged = true;
      return undefined;
    }
    if (!slot.pack.touched && Date.now() - slot.pack.mtimeMs > TOUCH_AFTER_MS) touch(slot.pack);
    return payload.toString("utf8");
  }

  /**
   * The headers of every pack of `kind`, read once per process (payloads are read when asked
   * for). A later run of the same process lists the folder again and reads only the packs other
   * runs added; when one it knew is gone (compacted), it reads the kind again.
   */
  private index(kind: string): KindIndex {
    let index = this.indexes.get(kind);
    if (index && this.listed.has(kind)) return index;
    this.listed.add(kind);
    const folder = join(this.dir, kind);
    const names = listPacks(folder);
    if (index) {
      const listedPaths = new Set(names.map((name) => join(folder, name)));
      if (index.packs.some((pack) => !listedPaths.has(pack.path))) index = undefined;
    }
    if (!index) {
      index = { packs: [], slots: new Map(), damaged: false };
      this.indexes.set(kind, index);
    }
    const known = new Set(index.packs.map((pack) => pack.path));
    for (const name of names) {
      const path = join(folder, name);
      if (known.has(path)) continue;
      try {
        const pack: Pack = { path, created: Number(name.split("-")[0]), mtimeMs: statSync(path).mtimeMs, touched: false };
        index.packs.push(pack);
        this.stats.scanned++;
        if (!scanPack(pack, kind, index.slots)) {
          index.damaged = true;
          this.stats.rejected++;
        }
      } catch {
        // removed by another run's compaction since it was listed: its records are elsewhere now
      }
    }
    return index;
  }

  /**
   * One pack holding what this run set, what it read, and every other record younger than a
   * week (by when its pack was written), each checked against its digest; then the old packs go.
   */
  private compact(kind: string, index: KindIndex, now: number): void {
    const records = new Map<string, Buffer>();
    const used = this.used.get(kind);
    for (const [key, slot] of index.slots) {
      if (!used?.has(key) && now - slot.pack.created > MAX_AGE_MS) continue;
      const payload = readPayload(slot);
      if (payload !== undefined && digest(payload) === slot.header.sha256) records.set(key, payload);
    }
    for (const [key, value] of this.pending.get(kind) ?? []) records.set(key, Buffer.from(value, "utf8"));
    const old = index.packs;
    const fresh: KindIndex = { packs: [], slots: new Map(), damaged: false };
    if (!this.writePack(kind, [...records], now, fresh)) {
      this.indexes.delete(kind);
      this.listed.delete(kind);
      return;
    }
    this.indexes.set(kind, fresh);
    for (const pack of old) {
      closePack(pack);
      try {
        rmSync(pack.path, { force: true });
      } catch {
        // in use elsewhere (Windows): the next compaction removes it
      }
    }
  }

  /** Writes one pack of `records`; its slots are added to `index`, which then knows it without reading it. */
  private writePack(kind: string, records: Array<[string, Buffer]>, now: number, index: KindIndex): boolean {
    if (records.length === 0) return true;
    const folder = join(this.dir, kind);
    const name = `${now}-${process.pid}-${Math.random().toString(36).slice(2, 10)}.pack`;
    const tmp = join(folder, `${name}.tmp`);
    const pack: Pack = { path: join(folder, name), created: now, mtimeMs: now, touched: false };
    const slots: Slot[] = [];
    try {
      mkdirSync(folder, { recursive: true });
      const fd = openSync(tmp, "w");
      try {
        let offset = 0;
        for (const [key, payload] of records) {
          const header: Header = { format: CACHE_FORMAT, kind, key, bytes: payload.length, sha256: digest(payload) };
          offset += writeSync(fd, JSON.stringify(header) + "\n");
          slots.push({ pack, offset, header });
          offset += writeSync(fd, payload);
        }
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, pack.path);
      index.packs.push(pack);
      for (const slot of slots) index.slots.set(slot.header.key, slot);
      return true;
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing more to do: the entries are simply not cached
      }
      return false;
    }
  }

  /**
   * Deletes packs this run did not use and nobody used for a week (hits refresh a pack's time),
   * temporary files left by a crashed run, and folders of an older layout. At most once an hour
   * per cache directory.
   */
  prune(now = Date.now()): number {
    const marker = join(this.dir, "last-prune");
    try {
      if (now - statSync(marker).mtimeMs < PRUNE_EVERY_MS) return 0;
    } catch {
      // no marker yet
    }
    let removed = 0;
    for (const index of this.indexes.values()) for (const pack of index.packs) closePack(pack);
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(marker, new Date(now).toISOString() + "\n");
      for (const kind of readdirSync(this.dir, { withFileTypes: true })) {
        if (!kind.isDirectory()) continue;
        const usedPacks = new Set([...(this.indexes.get(kind.name)?.slots.values() ?? [])].filter((s) => this.used.get(kind.name)?.has(s.header.key)).map((s) => s.pack.path));
        for (const entry of readdirSync(join(this.dir, kind.name), { withFileTypes: true })) {
          const path = join(this.dir, kind.name, entry.name);
          if (entry.isDirectory()) {
            rmSync(path, { recursive: true, force: true });
            removed++;
            continue;
          }
          if (usedPacks.has(path)) continue;
          const age = now - statSync(path).mtimeMs;
          if (age > MAX_AGE_MS || (entry.name.endsWith(".tmp") && age > PRUNE_EVERY_MS)) {
            rmSync(path, { force: true });
            removed++;
          }
        }
      }
    } catch {
      // pruning is housekeeping: a failure leaves entries behind, nothing else
    }
    return removed;
  }
}

function usedOf(used: Map<string, Set<string>>, kind: string): Set<string> {
  let keys = used.get(kind);
  if (!keys) used.set(kind, (keys = new Set()));
  return keys;
}

/** Finished packs, oldest first, so a record written later wins over an older one of the same key. */
function listPacks(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => /^\d+-\d+-[a-z0-9]+\.pack$/.test(name))
      .sort((a, b) => Number(a.split("-")[0]) - Number(b.split("-")[0]) || a.localeCompare(b));
  } catch {
    return [];
  }
}

/**
 * Reads the headers of a pack into `slots`, skipping over payloads; false when a record is damaged
 * (what comes after it cannot be found, so the pack ends there).
 */
function scanPack(pack: Pack, kind: string, slots: Map<string, Slot>): boolean {
  const fd = (pack.fd = openSync(pack.path, "r"));
  {
    const size = fstatSync(fd).size;
    // Read ahead: a pack of small records (AsyncAPI sections, pages) has thousands of headers, read
    // a window at a time rather than one read each.
    const buf = Buffer.allocUnsafe(SCAN_WINDOW_BYTES);
    let window = { start: 0, length: 0 };
    let offset = 0;
    while (offset < size) {
      if (offset + HEADER_MAX_BYTES > window.start + window.length && window.start + window.length < size) {
        window = { start: offset, length: readSync(fd, buf, 0, SCAN_WINDOW_BYTES, offset) };
      }
      const at = offset - window.start;
      const line = buf.subarray(at, Math.min(window.length, at + HEADER_MAX_BYTES));
      const nl = line.indexOf(0x0a);
      if (nl < 0) return false;
      let header: Header;
      try {
        header = JSON.parse(line.subarray(0, nl).toString("utf8")) as Header;
      } catch {
        return false;
      }
      const start = offset + nl + 1;
      if (header.format !== CACHE_FORMAT || header.kind !== kind || !Number.isInteger(header.bytes) || header.bytes < 0 || start + header.bytes > size || typeof header.key !== "string") return false;
      slots.set(header.key, { pack, offset: start, header });
      offset = start + header.bytes;
    }
    return true;
  }
}

function closePack(pack: Pack): void {
  if (pack.fd === undefined) return;
  try {
    closeSync(pack.fd);
  } catch {
    // closed already
  }
  pack.fd = undefined;
}

function readPayload(slot: Slot): Buffer | undefined {
  try {
    const fd = (slot.pack.fd ??= openSync(slot.pack.path, "r"));
    const buf = Buffer.allocUnsafe(slot.header.bytes);
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, slot.offset + read);
      if (n === 0) return undefined;
      read += n;
    }
    return buf;
  } catch {
    return undefined;
  }
}

/** A hit moves its pack's time to now, which prune() reads as "last used". */
function touch(pack: Pack): void {
  pack.touched = true;
  try {
    const now = new Date();
    futimesSync((pack.fd ??= openSync(pack.path, "r")), now, now);
  } catch {
    // a read-only cache still serves hits
  }
}
