/**
 * bench/page-fault-probe.ts measures first touches: every page it times is a page fault of the
 * process (its minor faults grow by at least that many), also after the process freed large
 * blocks, which makes glibc serve later requests from memory touched already.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { pageFaultMicros } from "../../bench/page-fault-probe.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function probedFaults(pages: number, rounds: number): { faults: number; micros: number } {
  const before = process.resourceUsage().minorPageFault;
  const micros = pageFaultMicros(pages, rounds);
  return { faults: process.resourceUsage().minorPageFault - before, micros };
}

/** `count` blocks of `bytes` each, written, held together, then let go and collected. */
function allocateAndFree(count: number, bytes: number): void {
  const blocks = Array.from({ length: count }, () => Buffer.allocUnsafeSlow(bytes).fill(1));
  blocks.length = 0;
  gc();
}

describe("pageFaultMicros", () => {
  it("times pages touched for the first time, one fault each", () => {
    const { faults, micros } = probedFaults(5000, 3);
    expect(faults).toBeGreaterThanOrEqual(3 * 5000);
    expect(Number.isFinite(micros) && micros > 0).toBe(true);
  });

  it("still times first touches after large blocks were freed", () => {
    // Many blocks freed together leave glibc's heap a large free region; large blocks freed raise its mmap threshold.
    allocateAndFree(400, 100 * 1024);
    for (let i = 0; i < 4; i++) allocateAndFree(1, 40 * 1024 * 1024);
    const { faults } = probedFaults(5000, 3);
    expect(faults).toBeGreaterThanOrEqual(3 * 5000);
  });
});
