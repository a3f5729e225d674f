/**
 * The run manifest: a digest of every input of `generate` maps to the digest of every file it
 * wrote. When the inputs are unchanged and the output folder holds exactly those files (nothing
 * edited, added or removed by hand), the run has nothing to do and stops there.
 *
 * The inputs are what the pipeline reads: every JSON file of the registry folder (listed the way
 * the loader lists them), every file of the --templates folder, and the fingerprint (generator
 * code, built-in templates, tool versions) folded into every cache key. Files are named by their
 * paths inside those folders and the folders not at all: the output does not depend on where they
 * sit, so a project cloned elsewhere with its cache finds its manifest (and its committed output
 * up to date) again.
 */
import { existsSync, readdirSync, readFileSync, statSync, type BigIntStats } from "node:fs";
import { join } from "node:path";
import type { RegistryFiles } from "../load/registry-files.js";
import type { GeneratorCache } from "./generator-cache.js";
import { digest } from "../base/hash.js";
import { identityOf } from "../base/file-identity.js";
import { recordSaysDiffers, recordSaysHolds, type OutputRecord, type RecordedFile } from "../write/recorded-output.js";

/**
 * Digest of everything a render reads: the registry as the render will read it
 * (registry-files.ts) and the digest of the --templates folder as read (load/templates.ts).
 * What the read could not take in (a symbolic link out of the registry, looping or broken, a
 * folder it may not list) is part of it: the loader reports each as an error, so a registry that
 * gained one must not match the manifest of the run before, which had none.
 */
export function inputDigest(registry: RegistryFiles, templates: string | undefined): string {
  const parts: string[] = ["schemas"];
  for (const file of registry.list) parts.push(`${file} ${registry.digest(file)}`);
  for (const { path, reason } of registry.unlisted) parts.push(`unlisted ${path} ${reason}`);
  if (templates) parts.push(templates);
  return digest(parts.join("\n"));
}

/** Output path -> digest of its content. */
export type Manifest = Record<string, string>;

export function readManifest(cache: GeneratorCache, inputs: string): Manifest | undefined {
  const text = cache.get("manifest", inputs);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Manifest;
  } catch {
    return undefined;
  }
}

/** `digests`: output path -> digest of its content, as the run wrote it (write/output-dir.ts's StagedOutput). */
export function saveManifest(cache: GeneratorCache, inputs: string, digests: Map<string, string>): void {
  const manifest: Manifest = {};
  for (const [path, d] of [...digests].sort(([a], [b]) => a.localeCompare(b))) manifest[path] = d;
  cache.set("manifest", [inputs], JSON.stringify(manifest));
}

/**
 * Whether `outDir` holds exactly the manifest's files with their content (top-level node_modules
 * aside, as the writer keeps it). A file is read and digested unless the output record
 * (write/recorded-output.ts) answers for it: recorded with the identity it has now, it holds the
 * recorded content, the manifest's or another. At 1000 events that leaves ~30 MB unread in a
 * no-op; a file edited by hand has another identity (size, modification time to the nanosecond,
 * inode) and is read. The record is asked for once there is a file to check.
 */
export function outputMatches(outDir: string, manifest: Manifest, recorded: () => OutputRecord = () => new Map()): boolean {
  if (!existsSync(outDir)) return false;
  let record: OutputRecord | undefined;
  const expected = new Set(Object.keys(manifest));
  let seen = 0;
  const walk = (rel: string): boolean => {
    for (const name of readdirSync(join(outDir, rel))) {
      if (rel === "" && name === "node_modules") continue;
      const path = rel ? `${rel}/${name}` : name;
      const full = join(outDir, path);
      const stats = statSync(full, { bigint: true });
      if (stats.isDirectory()) {
        if (!walk(path)) return false;
        continue;
      }
      if (!expected.has(path) || !holds(full, stats, manifest[path]!, (record ??= recorded()).get(path))) return false;
      seen++;
    }
    return true;
  };
  try {
    return walk("") && seen === expected.size;
  } catch {
    return false;
  }
}

function holds(full: string, stats: BigIntStats, want: string, recorded: RecordedFile | undefined): boolean {
  const identity = () => identityOf(stats);
  if (recordSaysHolds(recorded, want, identity)) return true;
  if (recordSaysDiffers(recorded, want, identity)) return false;
  return digest(readFileSync(full)) === want;
}
