/**
 * A V8 flag the command line sets for its own process (base/heap-growth.ts, base/optimize-later.ts),
 * unless the user gave node that flag: theirs is kept. V8 spells a flag's words with dashes or
 * underscores alike, so both count as given.
 */
import { setFlagsFromString } from "node:v8";

/** Sets `--<name>=<value>` unless node's arguments name the flag; what it set (undefined: nothing). */
export function setV8FlagUnlessGiven(
  name: string,
  value: number,
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = setFlagsFromString,
): string | undefined {
  const spelled = name.split("-").join("[-_]");
  if (execArgv.some((arg) => new RegExp(`^--${spelled}(=|$)`).test(arg))) return undefined;
  const flag = `--${name}=${value}`;
  setFlags(flag);
  return flag;
}
