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

export const util = {
  getStringWidth(text: string): number {
    return PRINTABLE_ASCII.test(text) ? text.length : standalone().util.getStringWidth(text);
  },
  getPreferredQuote(text: string, preferSingleQuote: boolean): '"' | "'" {
    if (!text.includes('"') && !text.includes("'")) return preferSingleQuote ? "'" : '"';
    return standalone().util.getPreferredQuote(text, preferSingleQuote) as '"' | "'";
  },
};
