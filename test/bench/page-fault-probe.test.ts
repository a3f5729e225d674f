/**
 * bench/page-fault-probe.ts measures first touches: every page it times is a page fault of the
 * process (its minor faults grow by at least that many).
 */
import { describe, expect, it } from "vitest";
import { pageFaultMicros } from "../../bench/page-fault-probe.js";

describe("pageFaultMicros", () => {
  it("times pages touched for the first time, one fault each", () => {
    const before = process.resourceUsage().minorPageFault;
    const micros = pageFaultMicros(5000, 3);
    const faults = process.resourceUsage().minorPageFault - before;
    expect(faults).toBeGreaterThanOrEqual(3 * 5000);
    expect(Number.isFinite(micros) && micros > 0).toBe(true);
  });
});
