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
