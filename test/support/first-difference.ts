/** Where a written text first differs from prettier's, for a failure message: the line number and both lines. */
export function firstDifference(written: string, formatted: string): string {
  const x = written.split("\n");
  const y = formatted.split("\n");
  const i = x.findIndex((l, n) => l !== y[n]);
  const at = i < 0 ? x.length : i;
  return `line ${at + 1}:\n  written:  ${JSON.stringify(x[at])}\n  prettier: ${JSON.stringify(y[at])}`;
}
