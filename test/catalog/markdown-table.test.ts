/**
 * Tables are padded as prettier pads them (generator/emit/print/markdown-table.ts): prettier is the
 * oracle, over generated cells with wide characters (CJK, emoji), escaped pipes, code spans and
 * empty cells, under every alignment marker.
 */
import fc from "fast-check";
import { format } from "prettier";
import { describe, expect, it } from "vitest";
import { alignTable, splitRow } from "../../generator/emit/print/markdown-table.js";

const unit = fc.constantFrom("a", "b", "1", " ", "中", "文", "😀", "👍🏽", "é", "ü", "—", "\\|", "`x`", "<br>", "[l](x)");
// Cell text as the catalog writes it (prettier would also collapse runs of spaces, which the emitters never leave).
const cellText = fc.array(unit, { maxLength: 12 }).map((parts) => parts.join("").replace(/ +/g, " ").trim());
const marker = fc.constantFrom("---", ":---", "---:", ":---:", "-", "--------");

describe("markdown tables", () => {
  it.each([
    { given: "escaped pipes in text and code spans", row: "| a | b \\| c | `x \\| y` |", want: ["a", "b \\| c", "`x \\| y`"] },
    { given: "a pipe behind an odd run of backslashes", row: "| a \\\\\\| b |", want: ["a \\\\\\| b"] },
    { given: "a pipe behind an even run of backslashes (a separator)", row: "| a \\\\| b |", want: ["a \\\\", "b"] },
    { given: "an escaped pipe first in a cell", row: "|\\| a | b |", want: ["\\| a", "b"] },
    { given: "empty cells", row: "||  | |", want: ["", "", ""] },
    { given: "spaces around the row", row: "  | a |  ", want: ["a"] },
    { given: "no closing pipe", row: "| a | b", want: undefined },
    { given: "the closing pipe escaped", row: "| a | b \\|", want: undefined },
    { given: "a lone pipe", row: "|", want: undefined },
    { given: "not a row", row: "not a row", want: undefined },
  ])("split a row on unescaped pipes only: $given", ({ row, want }) => {
    expect(splitRow(row)).toEqual(want);
  });

  it("leave text that is not a whole table unchanged", () => {
    const ragged = "| a | b |\n| --- | --- |\n| only one |\n";
    expect(alignTable(ragged)).toBe(ragged);
  });

  it("are padded exactly as prettier pads them", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(cellText, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 5 }), fc.array(marker, { minLength: 5, maxLength: 5 }), async (columns, rows, markers) => {
        const row = (cells: string[]) => `| ${cells.slice(0, columns).join(" | ")} |`;
        const [header, ...body] = rows;
        const table = [row(header!), row(markers), ...body.map(row)].join("\n") + "\n";
        const expected = await format(table, { parser: "markdown", printWidth: 100 });
        expect(alignTable(table)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});
