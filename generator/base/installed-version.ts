/**
 * The installed version of a package jetschema depends on, as resolved from jetschema's own folder:
 * what the cache's fingerprint keys every entry by (cache/fingerprint.ts), and what a module that
 * keeps a copy of a library's data checks before it trusts the copy (emit/asyncapi/yaml-type-tests.ts).
 * Read once per package and process.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fromPackageRoot } from "./package-root.js";

const known = new Map<string, string>();

/** `name`'s version from its package.json in the lookup paths; "missing" when it is not installed. */
export function installedVersion(name: string): string {
  let version = known.get(name);
  if (version === undefined) {
    version = lookedUp(name);
    known.set(name, version);
  }
  return version;
}

function lookedUp(name: string): string {
  const require = createRequire(fromPackageRoot("package.json"));
  // Through the lookup paths rather than require(`${name}/package.json`): an "exports" map may hide it.
  for (const dir of require.resolve.paths(name) ?? []) {
    const file = join(dir, name, "package.json");
    if (existsSync(file)) return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version ?? "unknown";
  }
  return "missing";
}
