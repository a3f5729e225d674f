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
import { nowNs, settled, statOf } from "../load/stat-record.js";

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

/**
 * Where a process leaves the code's digest for the next one, by the identities of the files it was
 * made from (cache/code-digest-record.ts): a process that finds the same identities stats the files
 * instead of reading and hashing them (~4 MB, ~20 ms of every process that opens a cache).
 */
export interface CodeDigestMemo {
  get(identities: string): string | undefined;
  set(identities: string, digest: string): void;
}

/** Digest of the running generator code, the built-in templates, the registry schema and jetschema's package.json. */
export function codeDigest(memo?: CodeDigestMemo): string {
  return (code ??= digestOfCode(generatorCodeRoot(dirname(fileURLToPath(import.meta.url))), fromPackageRoot("templates"), memo));
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

/**
 * Digest of the generator code under `generatorRoot` that runs, the templates under
 * `templatesRoot`, the registry schema and package.json. With `memo`, taken from it when every
 * file has the identity it had when the digest was made, and left there when every file had
 * settled (load/stat-record.ts: a file changed in the same clock tick as its stat could change
 * again without its stat showing it). `readAtNs`: when the stats are read (a test's clock).
 */
export function digestOfCode(generatorRoot: string, templatesRoot: string, memo?: CodeDigestMemo, readAtNs = nowNs()): string {
  const files: Array<[name: string, path: string]> = [];
  for (const [label, root] of [
    ["generator", generatorRoot],
    ["templates", templatesRoot],
  ] as const) {
    for (const file of listFiles(root)) if (runs(file)) files.push([`${label}/${file}`, join(root, file)]);
  }
  files.push(["registry.schema.json", fromPackageRoot("generator", "load", "registry.schema.json")]);
  // The generated package.json takes its dependency ranges from jetschema's own.
  files.push(["package.json", fromPackageRoot("package.json")]);
  if (!memo) return digestOfFiles(files);
  const stats = files.map(([, path]) => statOf(path));
  const identities = sha256(...files.flatMap(([name], i) => [name, stats[i]?.stat ?? "missing"]));
  const known = memo.get(identities);
  if (known !== undefined) return known;
  const made = digestOfFiles(files);
  if (stats.every((s) => s !== undefined && settled(s.changedNs, readAtNs))) memo.set(identities, made);
  return made;
}

function digestOfFiles(files: Array<[name: string, path: string]>): string {
  return sha256(...files.flatMap(([name, path]) => [name, digest(readFileSync(path))]));
}

/** Not a declaration (.d.ts) nor a source map: neither changes what the generator does. */
function runs(file: string): boolean {
  return !file.endsWith(".d.ts") && !file.endsWith(".map");
}

/**
 * The prefix of every key. `overrides` replaces tool versions (tests use it to stand for an
 * upgrade of prettier or ajv without installing one); `memo`: where the code's digest is
 * remembered between processes.
 */
export function fingerprint(overrides: Record<string, string> = {}, memo?: CodeDigestMemo): string {
  const tools = { ...toolVersions(), ...overrides };
  return sha256(`jetschema-cache-${CACHE_FORMAT}`, JSON.stringify(Object.entries(tools).sort(([a], [b]) => (a < b ? -1 : 1))), codeDigest(memo));
}
