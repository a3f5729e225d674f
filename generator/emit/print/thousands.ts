/**
 * A number with thousands separators, as `toLocaleString("en-US")` writes it. That call makes a
 * number format (ICU) on each call: a catalog writes thousands of counts (streams', consumers' and
 * the index's rows), ~4 ms of an edit at 1000 events; one format, made on first use, serves them.
 */
let format: Intl.NumberFormat | undefined;

export function thousands(n: number): string {
  // A whole number under a thousand has no separator to write: as String writes it (but -0, which it writes as 0).
  if (Number.isInteger(n) && n > -1000 && n < 1000 && !Object.is(n, -0)) return String(n);
  return (format ??= new Intl.NumberFormat("en-US")).format(n);
}
