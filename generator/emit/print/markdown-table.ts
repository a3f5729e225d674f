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

/**
 * Splits a row on its cell separators: pipes not escaped by an odd run of backslashes (as
 * markdown-escape.ts `cell()` leaves every pipe inside a cell).
 */
export function splitRow(row: string): string[] | undefined {
  const text = row.trim();
  if (!text.startsWith("|") || !text.endsWith("|") || text.length < 2) return undefined;
  const cells: string[] = [];
  let start = 1;
  let backslashes = 0;
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === "|" && backslashes % 2 === 0) {
      cells.push(text.slice(start, i).trim());
      start = i + 1;
    }
    backslashes = ch === "\\" ? backslashes + 1 : 0;
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
  const trailing = text.match(/\n*$/)![0];
  const lines = text.slice(0, text.length - trailing.length).split("\n");
  const rows = lines.map(splitRow);
  if (rows.length < 2 || rows.some((r) => r === undefined)) return text;
  const cells = rows as string[][];
  const aligns = cells[1]!.map(alignment);
  const columns = cells[0]!.length;
  if (aligns.length !== columns || aligns.some((a) => a === undefined) || cells.some((r) => r.length !== columns)) return text;
  const body = [cells[0]!, ...cells.slice(2)];
  const widths = body.map((r) => r.map((c) => util.getStringWidth(c)));
  const colWidth = Array.from({ length: columns }, (_, c) => Math.max(3, ...widths.map((w) => w[c]!)));
  const pad = (row: string[], w: number[]) =>
    row.map((c, i) => {
      const space = colWidth[i]! - w[i]!;
      const before = aligns[i] === "right" ? space : aligns[i] === "center" ? Math.floor(space / 2) : 0;
      return `${" ".repeat(before)}${c}${" ".repeat(space - before)}`;
    });
  const delimiter = colWidth.map((w, i) => {
    const a = aligns[i];
    return `${a === "left" || a === "center" ? ":" : "-"}${"-".repeat(w - 2)}${a === "right" || a === "center" ? ":" : "-"}`;
  });
  const out = [pad(body[0]!, widths[0]!), delimiter, ...body.slice(1).map((r, i) => pad(r, widths[i + 1]!))];
  return out.map((r) => `| ${r.join(" | ")} |`).join("\n") + trailing;
}
