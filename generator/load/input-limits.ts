/**
 * Every JSON file jetschema reads (registry files, `validate` data) is bounded before it is parsed:
 * its size is checked before it is read, and its nesting depth and the keys of its largest object
 * in one pass over the text, without recursion, so a hostile file costs one scan, never a stack
 * overflow in a parser or an ajv compile, or gigabytes of memory. The defaults (docs/cli.md,
 * "Input limits") are far above any real registry; `limits` in registry.json raises them.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { formatBytes, parseSize } from "@jetschema/runtime/durations";
import { isNotUtf8, utf8Text } from "./utf8-text.js";

export interface InputLimits {
  /** Bytes of one file. */
  maxFileSize: number;
  /** Nesting of objects and arrays in one file (a schema's `properties` level counts two). */
  maxDepth: number;
  /** Keys of one object. */
  maxProperties: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = { maxFileSize: 16 * 1024 * 1024, maxDepth: 256, maxProperties: 10_000 };

/**
 * The most `limits.maxDepth` may raise nesting to (registry.schema.json's maximum says the same).
 * Past the default, ajv's compile of a schema overflows the stack first (400-600 levels), and is
 * reported as "Every schema compiles"; past ~1500 levels (node 20, items in items) so do
 * jetschema's own recursive walks of a file (counting its keys, the meta-schema's validator,
 * json-schema-traverse), which know no file to blame: a crash with a stack trace.
 */
export const MAX_DEPTH_CAP = 1000;

export const RULE_INPUT_LIMITS = "Every file is within the input limits";

const RAISE = "raise it with \"limits\" in registry.json (docs/cli.md#input-limits)";

/** `what`: what is over the limit, "the file" or (one NDJSON line of `validate`) "the line". */
export function sizeProblem(bytes: number, limits: InputLimits, what = "the file"): string | undefined {
  if (bytes <= limits.maxFileSize) return undefined;
  return `${what} is larger than the limit of ${formatBytes(limits.maxFileSize)} (limits.maxFileSize); ${RAISE}`;
}

/** The first limit the text exceeds, with the offset where it does; undefined when within. */
export function structureProblem(text: string, limits: InputLimits): { message: string; offset: number } | undefined {
  // Keys seen in each open object; -1 marks an open array.
  const open: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      open.push(c === 123 ? 0 : -1);
      if (open.length > limits.maxDepth) {
        const raise = limits.maxDepth >= MAX_DEPTH_CAP ? "the most it may be raised to" : RAISE;
        return { message: `objects and arrays nest deeper than the limit of ${limits.maxDepth} levels (limits.maxDepth); ${raise}`, offset: i };
      }
    } else if (c === 125 || c === 93) open.pop();
    else if (c === 58 && open.length > 0 && open[open.length - 1]! >= 0) {
      const keys = ++open[open.length - 1]!;
      if (keys > limits.maxProperties) {
        return { message: `an object has more than the limit of ${limits.maxProperties} properties (limits.maxProperties); ${RAISE}`, offset: i };
      }
    }
  }
  return undefined;
}

/** What each read fills before its bytes are copied out (one per thread: reads are synchronous). */
let readBuffer: Buffer | undefined;

/**
 * A file's bytes, read no further than `maxBytes` (+1 to know it is over): a device such as
 * /dev/zero or an endless pipe ends at the limit instead of filling the memory. `path` "-" is stdin.
 *
 * The bytes are a buffer of their own, exactly their size: a registry's files are kept for the
 * whole run (load/registry-files.ts), and a small buffer cut from node's shared 8 KiB pool keeps
 * its whole slab alive (18.7 MiB of files at 5000 events held 41.5 MiB). A file the first read
 * fills is sized by its stat and read straight into its own buffer (not in chunks joined after,
 * a second copy of every byte); one that grows meanwhile, or stdin, goes on in chunks.
 */
export function readBounded(path: string, maxBytes: number): { bytes: Buffer } | { tooLarge: true } {
  const fd = path === "-" ? 0 : openSync(path, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = (readBuffer ??= Buffer.allocUnsafeSlow(1 << 16));
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (err) {
        // A non-blocking stdin with nothing yet: wait for it rather than take it for the end.
        if ((err as NodeJS.ErrnoException).code === "EAGAIN") continue;
        if ((err as NodeJS.ErrnoException).code === "EOF") break;
        throw err;
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { tooLarge: true };
      if (chunks.length === 0 && n === chunk.length && fd !== 0) {
        const rest = restOfFile(fd, chunk, maxBytes);
        if (rest === "tooLarge") return { tooLarge: true };
        if (rest) {
          chunks.push(rest);
          total = rest.length;
          continue;
        }
      }
      chunks.push(ownCopy(chunk, n));
    }
    return { bytes: chunks.length === 0 ? Buffer.allocUnsafeSlow(0) : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/**
 * A file whose first read filled `first`, read whole into a buffer of its stat's size (the reads
 * after it go on from the end of that size); undefined when the stat says no more than `first`
 * (not a regular file, or a file that shrank): the caller reads on in chunks.
 */
function restOfFile(fd: number, first: Buffer, maxBytes: number): Buffer | "tooLarge" | undefined {
  const size = fstatSync(fd).size;
  if (size <= first.length) return undefined;
  if (size > maxBytes) return "tooLarge";
  const whole = Buffer.allocUnsafeSlow(size);
  first.copy(whole, 0, 0, first.length);
  let at = first.length;
  while (at < size) {
    const n = readSync(fd, whole, at, size - at, null);
    if (n === 0) break;
    at += n;
  }
  return at === size ? whole : ownCopy(whole, at);
}

/** The first `length` bytes of `from` in a buffer of their own, outside node's pool. */
function ownCopy(from: Buffer, length: number): Buffer {
  const own = Buffer.allocUnsafeSlow(length);
  from.copy(own, 0, 0, length);
  return own;
}

/**
 * The limits a registry sets: `limits` of its registry.json over the defaults. Read before the
 * other files (their size decides whether they are read at all), leniently: a registry.json that
 * is too large, unreadable or invalid gives the defaults, and the loader reports what is wrong.
 */
export function limitsOf(root: string): InputLimits {
  try {
    const read = readBounded(join(root, "registry.json"), DEFAULT_INPUT_LIMITS.maxFileSize);
    return "bytes" in read ? limitsIn(read.bytes) : DEFAULT_INPUT_LIMITS;
  } catch {
    return DEFAULT_INPUT_LIMITS;
  }
}

/** The limits a registry.json of these bytes (no more than the default size) sets, as limitsOf reads them. */
export function limitsIn(bytes: Buffer): InputLimits {
  let config: unknown;
  try {
    const text = utf8Text(bytes);
    if (isNotUtf8(text) || structureProblem(text, DEFAULT_INPUT_LIMITS)) return DEFAULT_INPUT_LIMITS;
    config = JSON.parse(text);
  } catch {
    return DEFAULT_INPUT_LIMITS;
  }
  const set = (config as { limits?: Record<string, unknown> } | null)?.limits;
  if (!set || typeof set !== "object") return DEFAULT_INPUT_LIMITS;
  const limits = { ...DEFAULT_INPUT_LIMITS };
  try {
    if (typeof set.maxFileSize === "string" || typeof set.maxFileSize === "number") {
      const bytes = parseSize(set.maxFileSize);
      limits.maxFileSize = bytes < 0 ? Number.MAX_SAFE_INTEGER : bytes;
    }
  } catch {
    // registry.schema.json reports the bad value.
  }
  // Over the cap: registry.schema.json reports it, and no file is read under it meanwhile.
  if (Number.isInteger(set.maxDepth) && (set.maxDepth as number) > 0 && (set.maxDepth as number) <= MAX_DEPTH_CAP) limits.maxDepth = set.maxDepth as number;
  if (Number.isInteger(set.maxProperties) && (set.maxProperties as number) > 0) limits.maxProperties = set.maxProperties as number;
  return limits;
}

