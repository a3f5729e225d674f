/** File times a test can put back exactly: a stat record or a listing must see through a time put back by hand. */
import { readdirSync, utimesSync } from "node:fs";
import { join } from "node:path";

/** A whole second a minute ago: set and set again, it gives the very same nanoseconds (a Date or a fraction would not). */
export const WHOLE_SECOND = Math.floor(Date.now() / 1000) - 60;

/** Every file and folder under `dir` given WHOLE_SECOND as its access and modification time (their change times stay now). */
export function wholeSecondTimes(dir: string): void {
  utimesSync(dir, WHOLE_SECOND, WHOLE_SECOND);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) wholeSecondTimes(join(dir, entry.name));
    else utimesSync(join(dir, entry.name), WHOLE_SECOND, WHOLE_SECOND);
  }
}
