/**
 * What every cache key starts with: the generator's own code, its built-in templates and the
 * versions of the tools that shape the output (ajv, ajv-formats, json-schema-to-typescript,
 * prettier, handlebars, ...). Any change to one of them changes every key, so an upgrade or an
 * edit of the generator never meets an entry written by the old one.
 *
 * The code is hashed file by file (the folder this module is running from, source under tsx and
 * vitest, dist/ when installed), not taken from the version in package.json: a generator edited
 * in a working copy keeps its version number. Only what runs: the build's declarations and source
 * maps (two thirds of dist/'s files and bytes, read by every run, the no-op's too) are left out.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fromPackageRoot } from "../base/package-root.js";
import { digest, sha256 } from "../base/hash.js";
import { listFiles } from "../base/list-files.js";
import { installedVersion } from "../base/installed-version.js";

/** Bump when the layout or meaning of cache entries changes. */
export const CACHE_FORMAT = 2;

let versions: Record<string, string> | undefined;

/** Installed version of jetschema and of each package it depends on (as resolved from jetschema). */
export function toolVersions(): Record<string, string> {
  if (versions) return versions;
  const pkg = JSON.parse(readFileSync(fromPackageRoot("package.json"), "utf8")) as { version: string; dependencies?: Record<string, string> };
  const out: Record<string, string> = { jetschema: pkg.version, node: process.versions.node };
  for (const name of Object.keys(pkg.dependencies ?? {}).sort()) out[name] = installedVersion(name);
  return (versions = out);
}

let code: string | undefined;

/** Digest of the running generator code, the built-in templates, the registry schema and jetschema's package.json. */
export function codeDigest(): string {
  return (code ??= digestOfCode(generatorCodeRoot(dirname(fileURLToPath(import.meta.url))), fromPackageRoot("templates")));
}

/**
 * The folder of the generator code that runs, from this module's own folder: the bundle's folder
 * when it runs bundled (tools/bundle-cli.mjs puts all of the command line's code there, the
 * workers' too, and only packages outside it), else the generator folder above it (source under
 * tsx and vitest, tsc's output). Digesting tsc's ~300 files beside the bundle cost every bundled
 * run ~8 ms of reading and hashing code that does not run.
 */
export function generatorCodeRoot(moduleFolder: string): string {
  return basename(moduleFolder) === BUNDLE_FOLDER ? moduleFolder : dirname(moduleFolder);
}

/** The folder the command line's bundle is built into, beside tsc's folders of dist/generator. */
const BUNDLE_FOLDER = "bundle";

/** Digest of the generator code under `generatorRoot` that runs, the templates under `templatesRoot`, the registry schema and package.json. */
export function digestOfCode(generatorRoot: string, templatesRoot: string): string {
  const parts: string[] = [];
  for (const [label, root] of [
    ["generator", generatorRoot],
    ["templates", templatesRoot],
  ] as const) {
    for (const file of listFiles(root)) if (runs(file)) parts.push(`${label}/${file}`, digest(readFileSync(join(root, file))));
  }
  parts.push("registry.schema.json", digest(readFileSync(fromPackageRoot("generator", "load", "registry.schema.json"))));
  // The generated package.json takes its dependency ranges from jetschema's own.
  parts.push("package.json", digest(readFileSync(fromPackageRoot("package.json"))));
  return sha256(...parts);
}

/** Not a declaration (.d.ts) nor a source map: neither changes what the generator does. */
function runs(file: string): boolean {
  return !file.endsWith(".d.ts") && !file.endsWith(".map");
}

/**
 * The prefix of every key. `overrides` replaces tool versions (tests use it to stand for an
 * upgrade of prettier or ajv without installing one).
 */
export function fingerprint(overrides: Record<string, string> = {}): string {
  const tools = { ...toolVersions(), ...overrides };
  return sha256(`jetschema-cache-${CACHE_FORMAT}`, JSON.stringify(Object.entries(tools).sort(([a], [b]) => (a < b ? -1 : 1))), codeDigest());
}
