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
 * How: a WebAssembly memory, one byte written to each of its first `pages` pages, timed; the
 * median of `rounds` such memories. V8 maps a WebAssembly memory from the system itself, fresh
 * each time. A buffer from malloc is not sure to be: glibc serves a request from a free region of
 * its heap when it has one large enough (after large blocks were freed, as in a long test run),
 * whose pages were touched already, and then times no fault at all.
 */
import { median } from "./figures.js";

const PAGE = 4096;
const WASM_PAGE = 65536;

export function pageFaultMicros(pages = 20_000, rounds = 3): number {
  const each: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const bytes = new Uint8Array(new WebAssembly.Memory({ initial: Math.ceil((pages * PAGE) / WASM_PAGE) }).buffer);
    const start = process.hrtime.bigint();
    for (let i = 0; i < pages; i++) bytes[i * PAGE] = 1;
    each.push(Number(process.hrtime.bigint() - start) / 1000 / pages);
  }
  return median(each);
}
