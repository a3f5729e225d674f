/**
 * The jetschema package root, found the same way whether the code runs compiled (dist/generator)
 * or from source under vitest (generator/): walk up to the package.json named "jetschema".
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "jetschema") return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the jetschema package root");
    dir = up;
  }
}

export function fromPackageRoot(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
