/**
 * Shell transcripts as the docs write them (`$ command`, then what it prints) and how a run's
 * output is compared with them: a `...` line stands for any lines, a line ending in `...` for any
 * line starting with what comes before; milliseconds (and the padding before them), timestamps and
 * commit ids are not compared.
 */

export interface TranscriptStep {
  command: string;
  expected: string[];
}

export function isTranscript(content: string): boolean {
  return content.startsWith("$ ");
}

export function parseTranscript(content: string): TranscriptStep[] {
  const steps: TranscriptStep[] = [];
  for (const line of content.replace(/\n$/, "").split("\n")) {
    if (line.startsWith("$ ")) steps.push({ command: line.slice(2), expected: [] });
    else steps.at(-1)!.expected.push(line);
  }
  return steps;
}

function normalize(line: string): string {
  return line
    .trimEnd()
    .replace(/\s*\d+(\.\d+)?\s?ms\b/g, " <n> ms")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>")
    .replace(/\(([0-9a-f]{7,40})\)/g, "(<commit>)");
}

/** Undefined when `actual` is what `expected` shows; otherwise the first line that differs. */
export function compareOutput(expected: string[], actualText: string): string | undefined {
  const want = expected.map(normalize);
  const got = actualText.replace(/\n$/, "").split("\n").map(normalize);
  if (actualText === "") got.length = 0;
  const matches = (w: number, g: number): boolean => {
    if (w === want.length) return g === got.length;
    const line = want[w]!;
    if (line.trim() === "...") {
      for (let k = g; k <= got.length; k++) if (matches(w + 1, k)) return true;
      return false;
    }
    if (g === got.length) return false;
    const ok = line.endsWith("...") ? got[g]!.startsWith(line.slice(0, -3).trimEnd()) : got[g] === line;
    return ok && matches(w + 1, g + 1);
  };
  if (matches(0, 0)) return undefined;
  return `the doc shows:\n${expected.join("\n")}\n--- the run printed:\n${actualText}`;
}
