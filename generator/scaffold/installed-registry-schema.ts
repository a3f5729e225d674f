/**
 * The registry.json schema of the jetschema a project installs, for the `$schema` that `init`
 * writes: editors complete and check registry.json with it. Not the file of the jetschema that
 * runs `init` (npx may run one from its own cache), and not a fixed `./node_modules/jetschema`:
 * npm hoists a workspace's dependencies to the workspace root's node_modules.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, relative } from "node:path";
import type { ProjectPlaces } from "./project-places.js";

const REGISTRY_SCHEMA = ["jetschema", "generator", "load", "registry.schema.json"];

/**
 * The first node_modules, in the order Node looks `jetschema` up from the project, that holds it,
 * within the repository (one outside it is a path of this machine only, not of every clone). Its
 * path through node_modules/jetschema, not resolved to the real one: pnpm links it there from a
 * store folder named after the version, which the next upgrade moves.
 *
 * When no node_modules has it yet, where npm installs it: the workspace root's, else the project's.
 * Undefined under Yarn Plug'n'Play (a `.pnp.cjs` where the project installs): jetschema is in a zip
 * archive there, which editors cannot read a schema from, and no node_modules will ever hold it.
 */
export function installedRegistrySchema(places: ProjectPlaces): string | undefined {
  const lookups = createRequire(join(places.project, "package.json")).resolve.paths("jetschema") ?? [];
  const found = lookups.filter((dir) => isInside(places.repository, dir)).map((dir) => join(dir, ...REGISTRY_SCHEMA)).find((file) => existsSync(file));
  if (found !== undefined) return found;
  return existsSync(join(places.install, ".pnp.cjs")) ? undefined : join(places.install, "node_modules", ...REGISTRY_SCHEMA);
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return !rel.startsWith("..") && !isAbsolute(rel);
}
