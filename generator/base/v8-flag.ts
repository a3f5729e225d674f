/**
 * A V8 flag the command line sets for its own process (base/heap-growth.ts, base/optimize-later.ts),
 * unless the user gave node that flag: theirs is kept. V8 spells a flag's words with dashes or
 * underscores alike, and a boolean flag as `--name` or `--no-name`, so each of those counts as given.
 */
import { setFlagsFromString } from "node:v8";

/**
 * Sets `--<name>=<value>` (a number), `--<name>` (true) or `--no-<name>` (false), unless node's
 * arguments name the flag; what it set (undefined: nothing).
 */
export function setV8FlagUnlessGiven(
  name: string,
  value: number | boolean,
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = setFlagsFromString,
): string | undefined {
  const spelled = name.split("-").join("[-_]");
  if (execArgv.some((arg) => new RegExp(`^--(?:no[-_])?${spelled}(=|$)`).test(arg))) return undefined;
  const flag = typeof value === "number" ? `--${name}=${value}` : `--${value ? "" : "no-"}${name}`;
  setFlags(flag);
  return flag;
}
