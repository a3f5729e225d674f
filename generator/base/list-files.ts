import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Every file under `root`, relative, sorted; hidden entries and node_modules skipped. */
export function listFiles(root: string, rel = ""): string[] {
  if (!existsSync(join(root, rel))) return [];
  const out: string[] = [];
  const entries = readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(root, path));
    else if (e.isFile()) out.push(path);
  }
  return out;
}
