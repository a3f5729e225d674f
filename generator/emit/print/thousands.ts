/**
 * A number with thousands separators, as `toLocaleString("en-US")` writes it. That call makes a
 * number format (ICU) on each call, and the first format of a process loads ICU's locale data
 * (~25-35 ms of a cold run's main thread). A catalog's counts are whole numbers, whose grouping
 * needs no locale: digits in threes from the right, separated by commas. Anything else (a
 * fraction, -0, NaN, an integer past 2^53) goes to one format, made on first use.
 */
let format: Intl.NumberFormat | undefined;

export function thousands(n: number): string {
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) {
    const digits = String(Math.abs(n));
    let grouped = digits.slice(0, digits.length % 3 || 3);
    for (let i = grouped.length; i < digits.length; i += 3) grouped += "," + digits.slice(i, i + 3);
    return n < 0 ? "-" + grouped : grouped;
  }
  return (format ??= new Intl.NumberFormat("en-US")).format(n);
}
