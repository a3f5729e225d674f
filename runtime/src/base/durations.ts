/**
 * Durations and sizes as written in registry.json ("30s", "168h", "1GB") turned into the numbers
 * JetStream wants. Registry conventions (docs/registry-format.md):
 *  - a duration string is one or more `<number><unit>` parts, units ms, s, m, h, d, w
 *    ("1h30m", "1.5s"); a plain number is **milliseconds**;
 *  - a size string is `<number><unit>`, units B, K/KB/KiB, M/MB/MiB, G/GB/GiB, T/TB/TiB, all powers
 *    of 1024 as in nats-server's own config ("512MB" = 512 * 1024 * 1024); a plain number is bytes.
 *  - -1 (number) keeps JetStream's meaning "unlimited" for sizes.
 */

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

const DURATION_HINT =
  'expected a number with a unit (ms, s, m, h, d, w) such as "500ms", "30s", "168h", "30d" or "1h30m", ' +
  "or a plain number of milliseconds";
const SIZE_HINT =
  'expected a number with a unit (B, KB, MB, GB, TB; powers of 1024) such as "512MB" or "1GB", ' +
  "or a plain number of bytes";

/** Parses a registry duration to milliseconds. Throws a RangeError that quotes the bad value. */
export function parseDuration(value: string | number): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`Invalid duration ${value}: ${DURATION_HINT}`);
    }
    return value;
  }
  const text = value.trim().toLowerCase();
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/y;
  let total = 0;
  let matched = 0;
  while (part.lastIndex < text.length) {
    const m = part.exec(text);
    if (!m) break;
    total += Number(m[1]) * (DURATION_UNITS_MS[m[2] as string] as number);
    matched = part.lastIndex;
  }
  if (text.length === 0 || matched !== text.length) {
    throw new RangeError(`Invalid duration ${JSON.stringify(value)}: ${DURATION_HINT}`);
  }
  return total;
}

/** Parses a registry duration to whole nanoseconds, the unit of JetStream's API. */
export function durationToNanos(value: string | number): number {
  return Math.round(parseDuration(value) * 1_000_000);
}

/** Parses a registry size to bytes (1024-based). Throws a RangeError that quotes the bad value. */
export function parseSize(value: string | number): number {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < -1) {
      throw new RangeError(`Invalid size ${value}: ${SIZE_HINT} (-1 means unlimited)`);
    }
    return value;
  }
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? SIZE_UNITS[(m[2] || "b").toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new RangeError(`Invalid size ${JSON.stringify(value)}: ${SIZE_HINT}`);
  }
  const bytes = Number(m[1]) * unit;
  if (!Number.isInteger(bytes)) {
    throw new RangeError(`Invalid size ${JSON.stringify(value)}: not a whole number of bytes`);
  }
  return bytes;
}

/** Nanoseconds as the shortest exact registry duration ("168h" prints as "7d"), for plans. */
export function formatDurationNanos(nanos: number): string {
  if (nanos === 0) return "0s";
  if (nanos % 1_000_000 !== 0) return `${nanos}ns`;
  const ms = nanos / 1_000_000;
  for (const unit of ["d", "h", "m", "s"] as const) {
    const size = DURATION_UNITS_MS[unit] as number;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** Bytes as the largest exact 1024-based unit (536870912 prints as "512MB"), for plans. */
export function formatBytes(bytes: number): string {
  if (bytes <= 0) return String(bytes);
  for (const unit of ["TB", "GB", "MB", "KB"] as const) {
    const size = SIZE_UNITS[unit.toLowerCase()] as number;
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}
