/**
 * The dependency ranges of jetschema's own package.json: the generated package depends on the
 * runtime the generator ships with (and the ajv its validator code was compiled by), the same
 * output wherever it runs, whatever is installed. Read in the load stage, like the templates.
 */
import { readFileSync } from "node:fs";
import { fromPackageRoot } from "../base/package-root.js";

export type ShippedDependencies = Record<string, string>;

let dependencies: ShippedDependencies | undefined;

export function shippedDependencies(): ShippedDependencies {
  return (dependencies ??= (JSON.parse(readFileSync(fromPackageRoot("package.json"), "utf8")) as { dependencies: ShippedDependencies }).dependencies);
}
