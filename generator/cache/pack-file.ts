/**
 * One pack file of the cache (cache/disk-store.ts): a run of records, each a one-line header
 * (format, kind, key, length and sha256 of the payload) then the payload. Reading its headers and
 * payloads, and writing one: a PackWriter appends records to a temporary file as a run sets them
 * and renames it into place when the run flushes, so other runs see a whole pack or none.
 *
 * A pack ends with one more record, its index (key INDEX_KEY, which no entry has: entry keys are
 * 64 hex digits): every other record's key, digest, offset and length, one fixed-width line each,
 * then a trailer giving where the index record's header starts. A reader reads the tail, then the
 * index, checked against its digest, instead of parsing every header of the pack (an edit reads
 * ~7000 headers of five kinds to serve ~40 records of two of them, and the digests of ~2000);
 * a pack whose index is missing or does not check is read header by header, as before.
 */
import { closeSync, fstatSync, futimesSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync, writevSync } from "node:fs";
import { join } from "node:path";
import { CACHE_FORMAT } from "./fingerprint.js";
import { digest } from "../base/hash.js";

/** The key of a pack's index record. */
const INDEX_KEY = "index";
/** The index record's payload ends with this, then where its header starts (INDEX_OFFSET_DIGITS digits), then a newline. */
const TRAILER_MARK = "\njetschema-pack-index ";
const INDEX_OFFSET_DIGITS = 16;
const TRAILER_BYTES = TRAILER_MARK.length + INDEX_OFFSET_DIGITS + 1;
/** One index line: key, space, sha256, space, offset and length as INDEX_NUMBER_DIGITS digits each (space between), newline. */
const INDEX_NUMBER_DIGITS = 16;
const INDEX_LINE_CHARS = 64 + 1 + 64 + 1 + INDEX_NUMBER_DIGITS + 1 + INDEX_NUMBER_DIGITS + 1;
const HEX_64 = /^[0-9a-f]{64}$/;

/** A header line is far shorter; a longer one is damage. */
const HEADER_MAX_BYTES = 1024;
/** How much of a pack scanPack reads at a time (at least a header's worth). */
const SCAN_WINDOW_BYTES = 64 * 1024;

export interface Header {
  format: number;
  kind: string;
  key: string;
  bytes: number;
  sha256: string;
}

/** Where a record's payload lies. */
export interface Slot {
  pack: Pack;
  offset: number;
  header: Header;
}

export interface Pack {
  path: string;
  /** When it was written (its name), which compaction reads as the age of its records. */
  created: number;
  /** When it was last used (its time on disk), which prune() reads. */
  mtimeMs: number;
  /** Open from the first read of its headers until flush(): a hit costs one read, not three calls. */
  fd?: number;
}

/**
 * A pack being written: records appended to `<name>.pack.tmp` (which listings skip), readable
 * through `slots` meanwhile; finish() renames it to its final name, dated by the run's flush.
 * Any I/O error leaves the writer failed: what it held is simply not cached.
 */
export class PackWriter {
  readonly slots = new Map<string, Slot>();
  private readonly pack: Pack;
  private readonly tmp: string;
  private offset = 0;
  private failed = false;

  constructor(
    private readonly folder: string,
    private readonly kind: string,
  ) {
    const now = Date.now();
    this.tmp = join(folder, `${packName(now)}.tmp`);
    this.pack = { path: this.tmp, created: now, mtimeMs: now };
  }

  /**
   * False when the pack could not be written (the records are then not cached). The records go to
   * the file a batch at a time, headers and payloads in one write: a cold run appends thousands of
   * records, and two writes each were thousands of system calls on its main thread.
   */
  append(records: Iterable<[string, Buffer]>): boolean {
    if (this.failed) return false;
    try {
      let batch: Buffer[] = [];
      let batchBytes = 0;
      const write = () => {
        const bytes = writeAll(this.open(), batch, batchBytes);
        this.offset += bytes;
        batch = [];
        batchBytes = 0;
      };
      for (const [key, payload] of records) {
        const header: Header = { format: CACHE_FORMAT, kind: this.kind, key, bytes: payload.length, sha256: digest(payload) };
        const line = Buffer.from(JSON.stringify(header) + "\n", "utf8");
        this.slots.set(key, { pack: this.pack, offset: this.offset + batchBytes + line.length, header });
        batch.push(line, payload);
        batchBytes += line.length + payload.length;
        if (batchBytes >= WRITE_BATCH_BYTES) write();
      }
      if (batch.length > 0) write();
      return true;
    } catch {
      this.discard();
      return false;
    }
  }

  /** The temporary file, created on the first record (a kind with nothing to write leaves no file). */
  private open(): number {
    if (this.pack.fd === undefined) {
      mkdirSync(this.folder, { recursive: true });
      this.pack.fd = openSync(this.tmp, "w+");
    }
    return this.pack.fd;
  }

  /** The pack under its final name (created `now`), its index last, its file closed; undefined when nothing was written or writing failed. */
  finish(now: number): Pack | undefined {
    if (this.failed || this.pack.fd === undefined) return undefined;
    const path = join(this.folder, packName(now));
    try {
      const payload = Buffer.from(indexText(this.slots.values(), this.offset), "latin1");
      const header: Header = { format: CACHE_FORMAT, kind: this.kind, key: INDEX_KEY, bytes: payload.length, sha256: digest(payload) };
      const line = Buffer.from(JSON.stringify(header) + "\n", "utf8");
      this.offset += writeAll(this.pack.fd, [line, payload], line.length + payload.length);
      closePack(this.pack);
      renameSync(this.tmp, path);
    } catch {
      this.discard();
      return undefined;
    }
    Object.assign(this.pack, { path, created: now, mtimeMs: now });
    return this.pack;
  }

  /** Drops what was written. */
  discard(): void {
    this.failed = true;
    this.slots.clear();
    closePack(this.pack);
    try {
      rmSync(this.tmp, { force: true });
    } catch {
      // left for prune(), which removes temporary files an hour old
    }
  }
}

/** How many bytes of records one write takes at most (besides the last record's). */
const WRITE_BATCH_BYTES = 1024 * 1024;

/**
 * `buffers` (`bytes` in all) written to `fd` at its position, whole; the bytes written. One
 * gathering write, not a copy of the batch into one buffer first (a cold run writes ~40 MB of
 * records); what a short write leaves is copied and written as before.
 */
function writeAll(fd: number, buffers: Buffer[], bytes: number): number {
  let written = writevSync(fd, buffers);
  if (written === bytes) return written;
  const whole = Buffer.concat(buffers, bytes);
  while (written < bytes) written += writeSync(fd, whole, written, bytes - written);
  return written;
}

/** The index of `slots` (records written before `at`, where the index record's header starts) as its record's payload. */
function indexText(slots: Iterable<Slot>, at: number): string {
  let text = "";
  const number = (n: number) => String(n).padStart(INDEX_NUMBER_DIGITS, "0");
  for (const { header, offset } of slots) {
    // Only a key an entry can have (a record read from a damaged pack may have another): the lines keep their width.
    if (HEX_64.test(header.key) && HEX_64.test(header.sha256)) text += `${header.key} ${header.sha256} ${number(offset)} ${number(header.bytes)}\n`;
  }
  return `${text}${TRAILER_MARK}${String(at).padStart(INDEX_OFFSET_DIGITS, "0")}\n`;
}

/**
 * The records of a pack from its index record, into `slots`; false when the pack has no index
 * that checks (no trailer, a header that is not the index's, a payload that does not hash to its
 * digest, a line out of form or pointing past the index), and then `slots` is left untouched.
 */
function readIndex(fd: number, size: number, pack: Pack, kind: string, slots: Map<string, Slot>): boolean {
  if (size < TRAILER_BYTES) return false;
  const tail = Buffer.allocUnsafe(TRAILER_BYTES);
  if (readSync(fd, tail, 0, TRAILER_BYTES, size - TRAILER_BYTES) !== TRAILER_BYTES) return false;
  const trailer = tail.toString("latin1");
  if (!trailer.startsWith(TRAILER_MARK) || !trailer.endsWith("\n")) return false;
  const at = Number(trailer.slice(TRAILER_MARK.length, -1));
  if (!Number.isSafeInteger(at) || at < 0 || at >= size - TRAILER_BYTES) return false;
  const record = Buffer.allocUnsafe(size - at);
  if (readSync(fd, record, 0, record.length, at) !== record.length) return false;
  const nl = record.indexOf(0x0a);
  if (nl < 0 || nl > HEADER_MAX_BYTES) return false;
  let header: Header;
  try {
    header = JSON.parse(record.toString("utf8", 0, nl)) as Header;
  } catch {
    return false;
  }
  const payload = record.subarray(nl + 1);
  if (payload.length < TRAILER_BYTES || !payload.subarray(payload.length - TRAILER_BYTES).equals(tail)) return false;
  if (header.format !== CACHE_FORMAT || header.kind !== kind || header.key !== INDEX_KEY || header.bytes !== payload.length || digest(payload) !== header.sha256) return false;
  const text = payload.toString("latin1", 0, payload.length - TRAILER_BYTES);
  if (text.length % INDEX_LINE_CHARS !== 0) return false;
  const found: Array<[string, Slot]> = [];
  for (let i = 0; i < text.length; i += INDEX_LINE_CHARS) {
    if (text[i + 64] !== " " || text[i + 129] !== " " || text[i + 130 + INDEX_NUMBER_DIGITS] !== " " || text[i + INDEX_LINE_CHARS - 1] !== "\n") return false;
    const key = text.slice(i, i + 64);
    const sha256 = text.slice(i + 65, i + 129);
    const offset = Number(text.slice(i + 130, i + 130 + INDEX_NUMBER_DIGITS));
    const bytes = Number(text.slice(i + 131 + INDEX_NUMBER_DIGITS, i + 131 + 2 * INDEX_NUMBER_DIGITS));
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(bytes) || offset < 0 || bytes < 0 || offset + bytes > at) return false;
    found.push([key, { pack, offset, header: { format: CACHE_FORMAT, kind, key, bytes, sha256 } }]);
  }
  for (const [key, slot] of found) slots.set(key, slot);
  return true;
}

function packName(now: number): string {
  return `${now}-${process.pid}-${Math.random().toString(36).slice(2, 10)}.pack`;
}

/**
 * Reads the records of a pack into `slots`: from its index when it has one that checks, else
 * header by header, skipping over payloads; false when a record is damaged (what comes after it
 * cannot be found, so the pack ends there).
 */
export function scanPack(pack: Pack, kind: string, slots: Map<string, Slot>): boolean {
  const fd = (pack.fd = openSync(pack.path, "r"));
  {
    const size = fstatSync(fd).size;
    if (readIndex(fd, size, pack, kind, slots)) return true;
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
      // The index of a pack read header by header (its index did not check) is no entry.
      if (header.key !== INDEX_KEY) slots.set(header.key, { pack, offset: start, header });
      offset = start + header.bytes;
    }
    return true;
  }
}

export function closePack(pack: Pack): void {
  if (held?.pack === pack) held = undefined;
  if (pack.fd === undefined) return;
  try {
    closeSync(pack.fd);
  } catch {
    // closed already
  }
  pack.fd = undefined;
}

/** A record's payload, or undefined when it cannot be read whole or does not hash to its header's digest. */
export function readPayload(slot: Slot): Buffer | undefined {
  return readInto(slot, Buffer.allocUnsafe(slot.header.bytes));
}

/**
 * A record's payload as text (what a hit is served as), as readPayload checks it. Read into one
 * buffer kept for the process, not a buffer of its own: an edit reads ~2000 records of a few KB,
 * each above Node's pool size, and allocating a buffer for each showed as ~80 ms of its samples
 * under load. A record larger than SCRATCH_BYTES (the front end's entry, megabytes) gets its own,
 * so a long-lived process does not keep the largest it read.
 */
export function readPayloadText(slot: Slot): string | undefined {
  const bytes = slot.header.bytes;
  if (bytes > SCRATCH_BYTES) return readInto(slot, Buffer.allocUnsafe(bytes))?.toString("utf8");
  scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES);
  const next = held?.pack === slot.pack && slot.offset >= held.lastEnd && slot.offset - held.lastEnd <= NEXT_RECORD_GAP;
  if (!(held?.pack === slot.pack && slot.offset >= held.start && slot.offset + bytes <= held.start + held.length)) {
    // The record after the last one read: what follows it is read with it, up to the buffer's size.
    const length = readUpTo(slot.pack, next ? scratch : scratch.subarray(0, bytes), slot.offset, bytes);
    if (length === undefined) {
      held = undefined;
      return undefined;
    }
    held = { pack: slot.pack, start: slot.offset, length, lastEnd: 0 };
  }
  held.lastEnd = slot.offset + bytes;
  const payload = scratch.subarray(slot.offset - held.start, slot.offset - held.start + bytes);
  return digest(payload) === slot.header.sha256 ? payload.toString("utf8") : undefined;
}

const SCRATCH_BYTES = 256 * 1024;
let scratch: Buffer | undefined;
/**
 * What `scratch` holds: the bytes of `pack` from `start`, and where the last record read from it
 * ended. Records read one after another (an edit reads an event's entries in the order a cold run
 * wrote them, ~1000 of a few KB in a row) come from one read of the buffer's size instead of one
 * each; a record read out of order is read alone. A pack's bytes never change once written (a
 * pack being written is only appended to), and every record is checked against its digest
 * whichever read brought it.
 */
let held: { pack: Pack; start: number; length: number; lastEnd: number } | undefined;
/** At most this far after the last record read, a record is the next one (a header line lies between). */
const NEXT_RECORD_GAP = HEADER_MAX_BYTES;

/** `buf` filled from `pack` at `offset`, as far as the pack goes; how many bytes, or undefined when fewer than `least` could be read. */
function readUpTo(pack: Pack, buf: Buffer, offset: number, least: number): number | undefined {
  try {
    const fd = (pack.fd ??= openSync(pack.path, "r"));
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    return read >= least ? read : undefined;
  } catch {
    return undefined;
  }
}

/** `buf` (the payload's length) filled with the record's payload, or undefined when it cannot be read whole or does not hash to its header's digest. */
function readInto(slot: Slot, buf: Buffer): Buffer | undefined {
  return readUpTo(slot.pack, buf, slot.offset, buf.length) === buf.length && digest(buf) === slot.header.sha256 ? buf : undefined;
}

/**
 * A hit moves its pack's time to `now`, which prune() reads as "last used"; the pack records it
 * even when the file's time cannot be set (a read-only cache), so it is tried again a day later,
 * not on every hit.
 */
export function touch(pack: Pack, now: number): void {
  pack.mtimeMs = now;
  try {
    const seconds = now / 1000;
    futimesSync((pack.fd ??= openSync(pack.path, "r")), seconds, seconds);
  } catch {
    // a read-only cache still serves hits
  }
}
