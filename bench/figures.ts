/**
 * A benchmark figure is always a ratio against a baseline measured in the same run, with the
 * target it must meet. Absolute numbers are printed for context, never asserted.
 */
export interface Figure {
  name: string;
  /** Measured value of the thing under test (higher is better when `higherIsBetter`). */
  value: number;
  baseline: number;
  unit: string;
  /** ratio = value / baseline. */
  ratio: number;
  /** Absent for a figure reported for context only (no target of an issue behind it). */
  target?: { op: ">=" | "<="; ratio: number };
  note?: string;
}

export function figure(name: string, value: number, baseline: number, unit: string, op: ">=" | "<=", target: number, note?: string): Figure {
  return { name, value, baseline, unit, ratio: value / baseline, target: { op, ratio: target }, ...(note ? { note } : {}) };
}

/** A figure reported beside the targets, for context: it never fails the run. */
export function reported(name: string, value: number, baseline: number, unit: string, note?: string): Figure {
  return { name, value, baseline, unit, ratio: value / baseline, ...(note ? { note } : {}) };
}

export function passes(f: Figure): boolean {
  if (!f.target) return true;
  return f.target.op === ">=" ? f.ratio >= f.target.ratio : f.ratio <= f.target.ratio;
}

export function targetText(f: Figure): string {
  return f.target ? `${f.target.op} ${f.target.ratio}` : "(reported)";
}

export function formatFigure(f: Figure): string {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));
  return `${!f.target ? "INFO" : passes(f) ? "PASS" : "MISS"}  ${f.name}: ratio ${f.ratio.toFixed(3)} (target ${targetText(f)})  [${fmt(f.value)} vs ${fmt(f.baseline)} ${f.unit}]${f.note ? `  ${f.note}` : ""}`;
}

/** Median of repeated rounds: robust to one slow round on a shared 2-core machine. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs baseline and subject alternately (ABAB...), so drift affects both alike. */
export async function alternate(rounds: number, baseline: () => Promise<number>, subject: () => Promise<number>): Promise<{ baseline: number; subject: number }> {
  const b: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      b.push(await baseline());
      s.push(await subject());
    } else {
      s.push(await subject());
      b.push(await baseline());
    }
  }
  return { baseline: median(b), subject: median(s) };
}

/** One round's measurement of the subject and of its baseline, taken back to back. */
export interface Pair {
  subject: number;
  baseline: number;
}

export interface PairedRatio {
  /** The median of the per-pair ratios subject / baseline. */
  ratio: number;
  /** The smallest and largest per-pair ratio: how far the rounds disagree. */
  low: number;
  high: number;
  /** Medians of each side, for the absolute numbers printed beside the ratio. */
  subject: number;
  baseline: number;
}

/**
 * The ratio of paired rounds: the median of each round's own ratio. Load on a shared machine
 * comes and goes over minutes, so two runs next to each other meet about the same load, while
 * the rounds of one side spread by ±15–20%: a per-pair ratio cancels what the pair shared, a
 * ratio of the two sides' medians does not (its medians may come from different rounds).
 */
export function pairedRatio(pairs: readonly Pair[]): PairedRatio {
  if (pairs.length === 0) throw new Error("pairedRatio needs at least one pair");
  const ratios = pairs.map((p) => p.subject / p.baseline);
  return {
    ratio: median(ratios),
    low: Math.min(...ratios),
    high: Math.max(...ratios),
    subject: median(pairs.map((p) => p.subject)),
    baseline: median(pairs.map((p) => p.baseline)),
  };
}

/** `pairedRatio`'s figure: the ratio is the median per-pair ratio, the note gives their spread. */
export function pairedFigure(name: string, pairs: readonly Pair[], unit: string, target: { op: ">=" | "<="; ratio: number } | undefined, note?: string): Figure {
  const p = pairedRatio(pairs);
  const spread = `${pairs.length} pairs, ratios ${p.low.toFixed(3)}–${p.high.toFixed(3)}`;
  return { name, value: p.subject, baseline: p.baseline, unit, ratio: p.ratio, ...(target ? { target } : {}), note: note ? `${spread}; ${note}` : spread };
}

/** The order of a round's runs: as given in even rounds, reversed in odd ones, so a drift over the rounds favours no side. */
export function roundOrder<T>(round: number, sides: readonly T[]): T[] {
  return round % 2 === 0 ? [...sides] : [...sides].reverse();
}
