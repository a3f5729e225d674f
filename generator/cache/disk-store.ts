/**
 * The cache on disk: entries grouped in packs, `<dir>/<kind>/<created>-<pid>-<random>.pack`, each a
 * run of records: a one-line header (format, kind, key, length and sha256 of the payload), then
 * the payload. An entry is served only when its header names the kind and key asked for and the
 * payload hashes to the recorded digest, so a truncated, corrupted or misplaced record is a miss,
 * never wrong output.
 *
 * What a run sets goes into one new pack per kind (cache/pack-file.ts): kept in memory up to a
 * budget, then appended to a temporary file, which flush() renames into place, so concurrent runs
 * sharing a cache directory see a whole pack or none, a run never holds all it set in its heap, and a cold run of a large registry creates a handful of files instead of one per
 * entry (thousands of small files cost a cold run more than the work they saved; see
 * docs/performance.md). Packs are never modified: a kind holding more than MAX_PACKS of them, or
 * a damaged one, is compacted into one new pack by the next flush.
 *
 * The cache is an optimisation: any I/O error reading or writing it is a miss or a skipped write,
 * never a failed generate.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { digest } from "../base/hash.js";
import { SPARE_FOLDER } from "./output-spare.js";
import { closePack, PackWriter, readPayload, readPayloadText, scanPack, touch, type Pack, type Slot } from "./pack-file.js";

export interface CacheStats {
  hits: Record<string, number>;
  misses: Record<string, number>;
  writes: number;
  /** Records found but refused: unreadable header, wrong key, wrong length or digest. */
  rejected: number;
  /** Packs whose headers were read from disk (a pack this process wrote is known without). */
  scanned: number;
}


/** Entries not used for this long are deleted by prune() and dropped by compaction. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;
/** A hit refreshes its pack's time when it is older than this (far below MAX_AGE_MS). */
const TOUCH_AFTER_MS = 24 * 3600 * 1000;
/** Above this many packs, a kind is compacted: each edit run adds a small one. */
const MAX_PACKS = 8;
/**
 * What a run sets waits in memory up to this many characters per kind, then goes to the run's
 * pack on disk: a cold run of 5000 events sets ~140 MB of entries, which held until flush() were
 * a seventh of its peak memory. A megabyte, not more: what a kind sets during the compile (the
 * validators, the catalog's pages) is then written while the main thread waits for the workers,
 * not by the flush at the end of the run, where every millisecond is the run's.
 */
const SPILL_CHARS = 1024 * 1024;

interface KindIndex {
  packs: Pack[];
  slots: Map<string, Slot>;
  /** A record could not be read or was refused: the next flush rewrites the kind without it. */
  damaged: boolean;
}

export class CacheStore {
  readonly stats: CacheStats = { hits: {}, misses: {}, writes: 0, rejected: 0, scanned: 0 };
  /** Set by this run and still in memory, by kind. */
  private readonly pending = new Map<string, Map<string, string>>();
  /** How many characters `pending` holds, by kind. */
  private readonly pendingChars = new Map<string, number>();
  /** This run's pack of each kind that has spilled: what it set beyond the memory budget, on disk until flush(). */
  private readonly writers = new Map<string, PackWriter>();
  /** Keys served or set by this run, by kind: kept by compaction, never pruned by this run. */
  private readonly used = new Map<string, Set<string>>();
  private readonly indexes = new Map<string, KindIndex>();
  /** Kinds whose folder this run listed (a flush starts a new run). */
  private readonly listed = new Set<string>();

  /**
   * This run marks the entries served from memory as used (markUsed): never for a store of one
   * process's run, which serves nothing from memory; a long-lived process's store sets it
   * (remembering-store.ts), and the layers above ask it before keeping an entry by its key.
   */
  marking = false;

  /** `clock`: the time of day the store reads as now (tests stand a week's watch session for it). */
  constructor(
    readonly dir: string,
    protected readonly clock: () => number = Date.now,
  ) {}

  private check(kind: string, key: string): void {
    if (!/^[a-z][a-z0-9-]*$/.test(kind) || !/^[0-9a-f]{64}$/.test(key)) throw new Error(`internal: bad cache entry name ${kind}/${key}`);
  }

  /** `absentIsMiss`: false for an entry that is absent by design most of the time (a delta): not found, it is not counted as missed. */
  get(kind: string, key: string, absentIsMiss = true): string | undefined {
    this.check(kind, key);
    const value = this.pending.get(kind)?.get(key) ?? this.readSpilled(kind, key) ?? this.readSlot(kind, key);
    if (value === undefined && !absentIsMiss) return undefined;
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
    const spilled = this.writers.get(kind)?.slots.get(key);
    if (spilled) return spilled.header.sha256;
    const slot = this.index(kind).slots.get(key);
    const counter = slot === undefined ? this.stats.misses : this.stats.hits;
    counter[kind] = (counter[kind] ?? 0) + 1;
    if (slot === undefined) return undefined;
    usedOf(this.used, kind).add(key);
    this.touchIfStale(slot.pack);
    return slot.header.sha256;
  }

  /**
   * The entry `kind`/`key` was used without being read (a long-lived process served it from
   * memory): as a hit, it is kept by compaction and this run's prune, and its pack's time is
   * refreshed when a day old, so no other run's prune takes it for unused.
   */
  markUsed(kind: string, key: string): void {
    usedOf(this.used, kind).add(key);
    const slot = this.index(kind).slots.get(key);
    if (slot) this.touchIfStale(slot.pack);
  }

  /** A pack last used (by its time) a day ago or more is touched: prune() reads its time as "last used". */
  private touchIfStale(pack: Pack): void {
    const now = this.clock();
    if (now - pack.mtimeMs > TOUCH_AFTER_MS) touch(pack, now);
  }

  set(kind: string, key: string, value: string): void {
    this.check(kind, key);
    let entries = this.pending.get(kind);
    if (!entries) this.pending.set(kind, (entries = new Map()));
    entries.set(key, value);
    usedOf(this.used, kind).add(key);
    this.stats.writes++;
    const chars = (this.pendingChars.get(kind) ?? 0) + value.length;
    this.pendingChars.set(kind, chars);
    if (chars > SPILL_CHARS) this.spill(kind);
  }

  /**
   * Everything this run set so far, appended to its packs (renamed into place by flush(), as
   * spilled records are): for a caller about to wait (generate waits for the compile workers), so
   * that the flush at the end of the run writes only what is set after.
   */
  writePending(): void {
    for (const kind of [...this.pending.keys()]) this.spill(kind);
  }

  /** What `kind` holds in memory, appended to this run's pack of it. */
  private spill(kind: string): void {
    let writer = this.writers.get(kind);
    if (!writer) this.writers.set(kind, (writer = new PackWriter(join(this.dir, kind), kind)));
    writer.append(this.takePending(kind));
  }

  /** The entries `kind` holds in memory, as payloads, let go by the store. */
  private takePending(kind: string): Array<[string, Buffer]> {
    const records = [...(this.pending.get(kind) ?? [])].map(([key, value]): [string, Buffer] => [key, Buffer.from(value, "utf8")]);
    this.pending.delete(kind);
    this.pendingChars.delete(kind);
    return records;
  }

  /** An entry this run set and spilled to its pack, checked against its digest as any record is. */
  private readSpilled(kind: string, key: string): string | undefined {
    const slot = this.writers.get(kind)?.slots.get(key);
    return slot && readPayloadText(slot);
  }

  /** Every key stored on disk for `kind` (tests and diagnostics). */
  keys(kind: string): Set<string> {
    return new Set(this.index(kind).slots.keys());
  }

  /**
   * Writes what this run set, one pack per kind; compacts a kind that holds too many packs or a
   * damaged one; prunes when due. Callable repeatedly (a watching process flushes after each run).
   */
  flush(now = this.clock()): void {
    const kinds = new Set([...this.pending.keys(), ...this.writers.keys(), ...[...this.indexes].filter(([, index]) => index.damaged).map(([kind]) => kind)]);
    for (const kind of kinds) {
      const index = this.index(kind);
      if (index.damaged || index.packs.length + 1 > MAX_PACKS) this.compact(kind, index, now);
      else {
        const writer = this.writers.get(kind) ?? new PackWriter(join(this.dir, kind), kind);
        writer.append(this.takePending(kind));
        addPack(index, writer.finish(now), writer.slots);
      }
      this.writers.delete(kind);
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
    const payload = readPayloadText(slot);
    if (payload === undefined && !existsSync(slot.pack.path)) {
      // Compacted away by another run since this process read the headers: read them again.
      this.indexes.delete(kind);
      this.listed.delete(kind);
      return this.index(kind).slots.has(key) ? this.readSlot(kind, key) : undefined;
    }
    if (payload === undefined) {
      this.stats.rejected++;
      index.slots.delete(key);
      index.damaged = true;
      return undefined;
    }
    this.touchIfStale(slot.pack);
    return payload;
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
        const pack: Pack = { path, created: Number(name.split("-")[0]), mtimeMs: statSync(path).mtimeMs };
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
   * The largest pack is left as it is while it holds more than all the others together (the
   * small packs each edit or save adds are merged into one beside it): a compaction then reads
   * what the last few runs wrote, not the whole kind (megabytes of pages and validators), and
   * a record is read again only each time the kind doubles.
   */
  private compact(kind: string, index: KindIndex, now: number): void {
    const records = new Map<string, Buffer>();
    const used = this.used.get(kind);
    const spilled = this.writers.get(kind);
    const base = index.damaged ? undefined : largerThanTheRest(index);
    // What this run spilled comes after the packs on disk, so its records win; it set them, so they are used.
    for (const [key, slot] of [...index.slots, ...(spilled?.slots ?? [])]) {
      if (slot.pack === base) continue;
      if (!used?.has(key) && now - slot.pack.created > MAX_AGE_MS) continue;
      const payload = readPayload(slot);
      if (payload !== undefined) records.set(key, payload);
    }
    spilled?.discard();
    for (const [key, payload] of this.takePending(kind)) records.set(key, payload);
    const old = index.packs.filter((pack) => pack !== base);
    const fresh: KindIndex = { packs: base ? [base] : [], slots: new Map([...index.slots].filter(([, slot]) => slot.pack === base)), damaged: false };
    const writer = new PackWriter(join(this.dir, kind), kind);
    writer.append(records);
    if (records.size > 0 && !addPack(fresh, writer.finish(now), writer.slots)) {
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

  /**
   * Deletes packs this run did not use and nobody used for a week (hits refresh a pack's time),
   * temporary files left by a crashed run, and folders of an older layout. At most once an hour
   * per cache directory.
   */
  prune(now = this.clock()): number {
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
        // The output's spare trees are no kind of entry: output-spare.ts removes them.
        if (!kind.isDirectory() || kind.name === SPARE_FOLDER) continue;
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

/** The pack whose records (those the index serves from it) outweigh all the other packs' together, if one does. */
function largerThanTheRest(index: KindIndex): Pack | undefined {
  const bytes = new Map<Pack, number>();
  let total = 0;
  for (const slot of index.slots.values()) {
    bytes.set(slot.pack, (bytes.get(slot.pack) ?? 0) + slot.header.bytes);
    total += slot.header.bytes;
  }
  const [largest, size] = [...bytes].reduce((a, b) => (b[1] > a[1] ? b : a), [undefined as Pack | undefined, -1]);
  return size > total - size ? largest : undefined;
}

/** A finished pack and its records into `index`, which then knows them without reading its headers; false when there is none. */
function addPack(index: KindIndex, pack: Pack | undefined, slots: Map<string, Slot>): boolean {
  if (!pack) return false;
  index.packs.push(pack);
  for (const [key, slot] of slots) index.slots.set(key, slot);
  return true;
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


