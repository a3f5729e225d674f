/**
 * GFM tables padded exactly as prettier's Markdown printer pads them (print/table.js), so the
 * catalog needs no prettier pass: every column as wide as its widest cell (at least 3), cells
 * left-aligned (right/centred under `---:`/`:---:`), the delimiter row filled with dashes. With
 * proseWrap "preserve" (the default) prettier aligns every table, however wide; only "never"
 * would fall back to compact rows for tables wider than printWidth. Width is prettier's own
 * `getStringWidth` (East Asian wide characters and emoji count 2).
 *
 * Templates use it as a block helper around an ordinary table, so they stay readable:
 *
 *   {{#table}}
 *   | Field | Type |
 *   | --- | --- |
 *   {{#each fields}}
 *   | {{name}} | {{type}} |
 *   {{/each}}
 *   {{/table}}
 */
import { util } from "./prettier-parts.js";

type Align = "left" | "right" | "center" | null;

const PIPE = 0x7c;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/**
 * Splits a row on its cell separators: pipes not escaped by an odd run of backslashes (as
 * markdown-escape.ts `cell()` leaves every pipe inside a cell).
 */
export function splitRow(row: string): string[] | undefined {
  const text = row.trim();
  if (text.length < 2 || text.charCodeAt(0) !== PIPE || text.charCodeAt(text.length - 1) !== PIPE) return undefined;
  const cells: string[] = [];
  let start = 1;
  // From pipe to pipe (indexOf, not a look at every character: a catalog is megabytes of rows).
  for (let i = text.indexOf("|", 1); i !== -1; i = text.indexOf("|", i + 1)) {
    let backslashes = 0;
    // text[start - 1] is a pipe, so the run of backslashes before this one ends by then.
    for (let j = i - 1; j >= start && text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) {
      cells.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  // The last separator must be the row's closing pipe.
  return start === text.length ? cells : undefined;
}

function alignment(cell: string): Align | undefined {
  if (!/^:?-+:?$/.test(cell)) return undefined;
  const left = cell.startsWith(":");
  const right = cell.endsWith(":");
  return left && right ? "center" : right ? "right" : left ? "left" : null;
}

/**
 * The table in `text` (header, delimiter row, body rows, one per line), aligned. Text that is not
 * such a table (a row with another number of cells, no delimiter row) is returned unchanged:
 * prettier would fill missing cells, which the catalog's templates never need.
 */
export function alignTable(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === NEWLINE) end--;
  const lines = text.slice(0, end).split("\n");
  if (lines.length < 2) return text;
  const rows: string[][] = [];
  for (const line of lines) {
    const cells = splitRow(line);
    if (cells === undefined) return text;
    rows.push(cells);
  }
  const columns = rows[0]!.length;
  const aligns = rows[1]!.map(alignment);
  if (aligns.length !== columns || aligns.includes(undefined) || rows.some((r) => r.length !== columns)) return text;
  const body = [rows[0]!, ...rows.slice(2)];
  const colWidth: number[] = new Array<number>(columns).fill(3);
  const widths = body.map((row) =>
    row.map((cell, i) => {
      const width = util.getStringWidth(cell);
      if (width > colWidth[i]!) colWidth[i] = width;
      return width;
    }),
  );
  const line = (row: string[], w: number[]) => {
    let out = "|";
    for (let i = 0; i < columns; i++) {
      const space = colWidth[i]! - w[i]!;
      const before = aligns[i] === "right" ? space : aligns[i] === "center" ? Math.floor(space / 2) : 0;
      out += ` ${" ".repeat(before)}${row[i]}${" ".repeat(space - before)} |`;
    }
    return out;
  };
  const delimiter = colWidth.map((w, i) => {
    const a = aligns[i];
    return `${a === "left" || a === "center" ? ":" : "-"}${"-".repeat(w - 2)}${a === "right" || a === "center" ? ":" : "-"}`;
  });
  const out = [line(body[0]!, widths[0]!), `| ${delimiter.join(" | ")} |`];
  for (let r = 1; r < body.length; r++) out.push(line(body[r]!, widths[r]!));
  return out.join("\n") + text.slice(end);
}
