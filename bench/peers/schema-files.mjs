// The schema files of a registry folder as a hand-written script would find them: every
// `<major>.<minor>.json` below it is one version of an event (the peers' shared helper).
import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Paths relative to `root`, sorted, of every version file. */
export function versionFiles(root) {
  return readdirSync(root, { recursive: true })
    .filter((rel) => /(^|[\\/])\d+\.\d+\.json$/.test(rel))
    .sort()
    .map((rel) => rel.split("\\").join("/"));
}

/** Every other JSON file (shared definitions, the envelope), which version files `$ref`. */
export function sharedFiles(root) {
  return readdirSync(root, { recursive: true })
    .filter((rel) => rel.endsWith(".json") && !/(^|[\\/])\d+\.\d+\.json$/.test(rel) && rel !== "registry.json")
    .sort()
    .map((rel) => join(rel));
}
