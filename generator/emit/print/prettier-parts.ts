/**
 * What the layouts take from prettier (its doc builders and printer, and `util`'s string widths and
 * quotes) without prettier's core: importing `prettier` loads every language it formats (~50 ms of
 * CPU); `prettier/doc` holds the builders and the printer. `util` is in `prettier/standalone`
 * (its CommonJS build, required on first use): its two functions answer the common case here, as
 * prettier's own first lines do (text of printable ASCII is as wide as it is long; a string without
 * a quote character takes the preferred quote), and ask prettier for the rest. An edit prints its
 * few layouts from plain text and never loads standalone (~5 ms of its start).
 */
import * as doc from "prettier/doc";
import type { util as PrettierUtil } from "prettier";
import { loadedOnFirstUse } from "../../base/loaded-on-first-use.js";

export { doc };

const standalone = loadedOnFirstUse<{ util: typeof PrettierUtil }>("prettier/standalone");

/** Printable ASCII only: one column a character. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Prettier's widths of the other texts asked, by text. A catalog's tables ask the same few cells
 * ("—", "≥ 0", "length 1–64") thousands of times (~16 000 in an edit at 1000 events, ~5 ms), and
 * prettier's answer runs an emoji pattern over each. Cleared past WIDTHS_KEPT texts, so a long
 * watch session holds no more.
 */
const widths = new Map<string, number>();
const WIDTHS_KEPT = 10_000;

export const util = {
  getStringWidth(text: string): number {
    if (PRINTABLE_ASCII.test(text)) return text.length;
    let width = widths.get(text);
    if (width === undefined) {
      if (widths.size >= WIDTHS_KEPT) widths.clear();
      widths.set(text, (width = standalone().util.getStringWidth(text)));
    }
    return width;
  },
  getPreferredQuote(text: string, preferSingleQuote: boolean): '"' | "'" {
    if (!text.includes('"') && !text.includes("'")) return preferSingleQuote ? "'" : '"';
    return standalone().util.getPreferredQuote(text, preferSingleQuote) as '"' | "'";
  },
};
