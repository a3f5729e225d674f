/** A registry file rewritten by a test: parsed, changed in place by `edit`, written back. */
import { readFileSync, writeFileSync } from "node:fs";

export function editJson(file: string, edit: (value: any) => void): void {
  const value = JSON.parse(readFileSync(file, "utf8")) as unknown;
  edit(value);
  writeFileSync(file, JSON.stringify(value, null, 2));
}
