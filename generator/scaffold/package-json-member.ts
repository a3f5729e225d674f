/**
 * One member of a project's package.json, read as the package managers read it when they look for
 * their settings: a BOM is allowed, and a file that is missing or does not parse holds nothing
 * (init then falls back, as npm passes such a folder), never an error of init's.
 */
import { existsSync, readFileSync } from "node:fs";

export function packageJsonMember(file: string, member: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return (JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, "")) as Record<string, unknown> | null)?.[member];
  } catch {
    return undefined;
  }
}
