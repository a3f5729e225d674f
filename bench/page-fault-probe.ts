/**
 * What a page touched for the first time costs this process, in µs: the benchmark machine is a
 * virtual machine where that cost moves from day to day (~2.5 µs measured on one, ~12 µs on
 * another), and it weighs on the rows unevenly. A cold run at 1000 events first-touches ~95 000
 * pages over ~15 s of CPU, one edit ~39 000 over ~1.8 s: at 12 µs a quarter of the edit's CPU and
 * a tenth of the cold run's, so the edit's ratio to the cold run moves with it
 * (docs/performance.md, "A page's first touch, thirty-fourth round"). bench/run.ts prints it beside the
 * machine, measured as the run starts and as it ends, so a recorded run says which kind of day it
 * had.
 *
 * How: a buffer from the allocator, one byte written to each of its first `pages` pages, timed;
 * the median of `rounds` such buffers. Each buffer is at least FRESH_BYTES: glibc serves a block
 * below its mmap threshold from memory a freed block may have touched already (no fault), and
 * raises that threshold up to 32 MiB as large blocks are freed, so only a larger block is sure to
 * be a fresh mapping.
 */
import { median } from "./figures.js";

const PAGE = 4096;
/** Above glibc's largest mmap threshold (32 MiB on 64-bit): always mapped fresh, never reused memory. */
const FRESH_BYTES = 33 * 1024 * 1024;

export function pageFaultMicros(pages = 20_000, rounds = 3): number {
  const each: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const buffer = Buffer.allocUnsafeSlow(Math.max(pages * PAGE, FRESH_BYTES));
    const start = process.hrtime.bigint();
    for (let i = 0; i < pages; i++) buffer[i * PAGE] = 1;
    each.push(Number(process.hrtime.bigint() - start) / 1000 / pages);
  }
  return median(each);
}
