/**
 * The bench's paired ratios (bench/figures.ts): the median of per-round ratios, their range, and
 * the order of a round's runs.
 */
import { describe, expect, it } from "vitest";
import { formatFigure, pairedFigure, pairedRatio, roundOrder, type Pair } from "../../bench/figures.js";

const pairs = (...list: Array<[number, number]>): Pair[] => list.map(([subject, baseline]) => ({ subject, baseline }));

describe("pairedRatio", () => {
  it.each([
    { given: "one pair", pairs: pairs([10, 20]), want: { ratio: 0.5, low: 0.5, high: 0.5, subject: 10, baseline: 20 } },
    { given: "an odd number: the middle ratio", pairs: pairs([10, 20], [30, 10], [12, 10]), want: { ratio: 1.2, low: 0.5, high: 3, subject: 12, baseline: 10 } },
    { given: "an even number: the mean of the two middle ratios", pairs: pairs([1, 1], [2, 1], [3, 1], [8, 1]), want: { ratio: 2.5, low: 1, high: 8, subject: 2.5, baseline: 1 } },
    {
      // Two rounds agree (one of them 1.5× slower on both sides); in the third the baseline ran in
      // a lull. The ratio of the sides' medians (15 / 12) would read 1.25, from runs that never met.
      given: "rounds under different loads",
      pairs: pairs([10, 12], [15, 18], [20, 10]),
      want: { ratio: 5 / 6, low: 5 / 6, high: 2, subject: 15, baseline: 12 },
    },
  ])("$given", ({ pairs, want }) => {
    expect(pairedRatio(pairs)).toEqual(want);
  });

  it("refuses no pairs", () => {
    expect(() => pairedRatio([])).toThrow(/at least one pair/);
  });
});

describe("pairedFigure", () => {
  it("reports the median per-pair ratio against its target, the medians of each side and the ratios' range", () => {
    const f = pairedFigure("cold vs uncached", pairs([12, 10], [11, 10], [16, 20]), "ms", { op: "<=", ratio: 1.1 }, "CPU alike");
    expect(f).toMatchObject({ ratio: 1.1, value: 12, baseline: 10, target: { op: "<=", ratio: 1.1 } });
    expect(formatFigure(f)).toBe("PASS  cold vs uncached: ratio 1.100 (target <= 1.1)  [12.0 vs 10.0 ms]  3 pairs, ratios 0.800–1.200; CPU alike");
  });

  it("without a target is reported only", () => {
    expect(formatFigure(pairedFigure("vs modelina", pairs([3, 1]), "ms", undefined))).toMatch(/^INFO .*ratio 3\.000 \(target \(reported\)\).*1 pairs, ratios 3\.000–3\.000$/);
  });
});

describe("roundOrder", () => {
  it.each([
    { round: 0, want: ["a", "b", "c"] },
    { round: 1, want: ["c", "b", "a"] },
    { round: 2, want: ["a", "b", "c"] },
    { round: 5, want: ["c", "b", "a"] },
  ])("round $round runs $want", ({ round, want }) => {
    expect(roundOrder(round, ["a", "b", "c"])).toEqual(want);
  });
});

