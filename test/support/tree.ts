/** Helpers for comparing directory trees in tests. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file under `root` (relative paths, sorted), skipping node_modules. */
export function listTree(root: string, rel = ""): string[] {
  if (!existsSync(join(root, rel))) return [];
  const out: string[] = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    if (name === "node_modules") continue;
    const path = rel ? `${rel}/${name}` : name;
    if (statSync(join(root, path)).isDirectory()) out.push(...listTree(root, path));
    else out.push(path);
  }
  return out;
}

/** The whole tree as path -> content, for byte-for-byte comparisons. */
export function readTree(root: string): Map<string, string> {
  return new Map(listTree(root).map((p) => [p, readFileSync(join(root, p), "utf8")]));
}
