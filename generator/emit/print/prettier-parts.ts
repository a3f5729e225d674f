/**
 * What the layouts take from prettier (its doc builders and printer, and `util`'s string widths and
 * quotes) without prettier's core: importing `prettier` loads every language it formats (~50 ms of
 * CPU), `prettier/doc` and `prettier/standalone` (~15 ms) hold the same code. A run with nothing to
 * format (write/format.ts) then never loads the rest. standalone's declarations leave `util` out;
 * at run time it is the same object `prettier` exports.
 */
import * as doc from "prettier/doc";
import * as standalone from "prettier/standalone";
import type { util as PrettierUtil } from "prettier";

export { doc };
export const util = (standalone as unknown as { util: typeof PrettierUtil }).util;
