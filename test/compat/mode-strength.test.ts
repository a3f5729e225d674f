/**
 * Which mode change weakens an event's compatibility (generator/compat/mode-strength.ts): a
 * partial order where NONE is weakest, X_TRANSITIVE is stronger than X, FULL is stronger than
 * BACKWARD and FORWARD, and BACKWARD ↔ FORWARD gives up a direction either way.
 */
import { describe, expect, it } from "vitest";
import { givenUp, isWeakened } from "../../generator/compat/mode-strength.js";
import { MODES } from "../../generator/compat/modes.js";
import type { Compatibility } from "../../generator/load/registry-config.js";

const table: { before: Compatibility; now: Compatibility; want: string[] }[] = [
  { before: "BACKWARD", now: "NONE", want: ["BACKWARD"] },
  { before: "FORWARD_TRANSITIVE", now: "NONE", want: ["FORWARD"] },
  { before: "FULL_TRANSITIVE", now: "NONE", want: ["BACKWARD", "FORWARD"] },
  { before: "FULL", now: "BACKWARD", want: ["FORWARD"] },
  { before: "FULL", now: "FORWARD_TRANSITIVE", want: ["BACKWARD"] },
  { before: "FULL_TRANSITIVE", now: "BACKWARD", want: ["BACKWARD against every earlier minor", "FORWARD"] },
  { before: "FULL_TRANSITIVE", now: "FULL", want: ["BACKWARD against every earlier minor", "FORWARD against every earlier minor"] },
  { before: "BACKWARD_TRANSITIVE", now: "FULL", want: ["BACKWARD against every earlier minor"] },
  { before: "BACKWARD", now: "FORWARD", want: ["BACKWARD"] },
  { before: "FORWARD", now: "BACKWARD", want: ["FORWARD"] },
  { before: "NONE", now: "BACKWARD", want: [] },
  { before: "BACKWARD", now: "FULL", want: [] },
  { before: "BACKWARD", now: "BACKWARD_TRANSITIVE", want: [] },
  { before: "FORWARD", now: "FULL_TRANSITIVE", want: [] },
  { before: "FULL", now: "FULL_TRANSITIVE", want: [] },
  { before: "FULL_TRANSITIVE", now: "FULL_TRANSITIVE", want: [] },
];

const describeLoss = (l: { direction: string; transitiveOnly: boolean }) => (l.transitiveOnly ? `${l.direction} against every earlier minor` : l.direction);

describe("givenUp: what a mode change stops checking", () => {
  it.each(table)("$before → $now: $want", ({ before, now, want }) => {
    expect(givenUp(before, now).map(describeLoss)).toEqual(want);
    expect(isWeakened(before, now)).toBe(want.length > 0);
  });

  it("is a partial order with NONE weakest: reflexive, antisymmetric, transitive", () => {
    const atLeast = (a: Compatibility, b: Compatibility) => !isWeakened(b, a); // a is at least as strong as b
    for (const a of MODES) {
      expect(atLeast(a, a)).toBe(true);
      expect(atLeast(a, "NONE")).toBe(true);
      for (const b of MODES) {
        if (a !== b) expect(atLeast(a, b) && atLeast(b, a), `${a} and ${b}`).toBe(false);
        for (const c of MODES) if (atLeast(a, b) && atLeast(b, c)) expect(atLeast(a, c), `${a} ≥ ${b} ≥ ${c}`).toBe(true);
      }
    }
  });

  it("a change that gives up one thing is a weakening even when it adds another: BACKWARD ↔ FORWARD, BACKWARD_TRANSITIVE ↔ FULL", () => {
    for (const [a, b] of [["BACKWARD", "FORWARD"], ["BACKWARD_TRANSITIVE", "FORWARD"], ["BACKWARD_TRANSITIVE", "FULL"], ["FORWARD_TRANSITIVE", "FULL"]] as const) {
      expect(isWeakened(a, b), `${a} → ${b}`).toBe(true);
      expect(isWeakened(b, a), `${b} → ${a}`).toBe(true);
    }
  });
});
