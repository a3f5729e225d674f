/**
 * A validator module's code in pieces, one per validate function, for the passes that rewrite it
 * (module-code.ts): the same text once joined.
 *
 * Why pieces: ajv's standalone code is ~0.5 MB a module (~26 MB in a cold run at 1000 events),
 * and each pass that rewrites a whole module makes a new string of that size, which V8 puts in
 * pages of its own, mapped fresh for it and unmapped once it is garbage. On the benchmark machine
 * a page touched for the first time costs ~12 µs (docs/performance.md, "A page's first touch,
 * thirty-fourth round"), ~3 ms a megabyte: ~40% of what the passes cost was their copies.
 * A piece is a few kilobytes, made in the young generation, whose pages are reused.
 *
 * Contract: the pieces join to `code`; each but the first starts at a line `function validateN(`
 * (or `async function`), so each holds one function (the first: what comes before the first),
 * and every piece but the last ends with a line break. A pass that works line by line, or on one
 * function at a time, gives on the pieces what it gives on the whole.
 */

/** A line that starts a validate function, with the line break before it. */
export const FUNCTION_START = /\n(?:async )?function validate\d+\(/g;

export function functionChunks(code: string): string[] {
  const chunks: string[] = [];
  let from = 0;
  for (const match of code.matchAll(FUNCTION_START)) {
    chunks.push(code.slice(from, match.index + 1));
    from = match.index + 1;
  }
  chunks.push(code.slice(from));
  return chunks;
}
