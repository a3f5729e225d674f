/**
 * The output directory is replaced as a whole or not at all: the new tree is written next to it,
 * then swapped in with renames. A crash or an error before the swap leaves the old output exactly
 * as it was. Entries jetschema does not own (node_modules of a workspace) are carried over.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { FOREIGN } from "./output-ownership.js";
import { fileIdentity } from "../base/file-identity.js";

/**
 * What a long-lived process (`generate --watch`) last wrote: each file's content and its identity
 * on disk (size, modification time, inode) after the swap. A file still holding that identity
 * and given the same content again is linked without reading it back.
 */
export interface WrittenOutput {
  dir: string;
  files: Map<string, { content: string; identity: string }>;
  /** The old tree, swapped out and not yet removed (a session removes it after the run). */
  retired?: string;
}

/**
 * `written`: what this process wrote there last (returned by the previous call); with it, the
 * swapped-out tree is left for the caller to remove (`retired`), off the path of the run.
 */
export function writeOutputAtomically(outDir: string, files: Map<string, string>, written?: WrittenOutput): WrittenOutput {
  const target = resolve(outDir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const staging = join(parent, `.${baseName(target)}.new-${stamp}`);
  const retired = join(parent, `.${baseName(target)}.old-${stamp}`);
  const known = written?.dir === target ? written.files : undefined;
  const nowWritten: WrittenOutput = { dir: target, files: new Map() };
  try {
    const made = new Set<string>();
    for (const [path, content] of files) {
      const full = join(staging, path);
      const dir = dirname(full);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      const before = known?.get(path);
      const identity = before?.content === content ? linkIfStill(join(target, path), full, before.identity) : undefined;
      if (identity !== undefined) nowWritten.files.set(path, { content, identity });
      else {
        if (!linkUnchanged(join(target, path), full, content)) writeFileSync(full, content);
        if (written) nowWritten.files.set(path, { content, identity: fileIdentity(full) });
      }
    }
    if (!existsSync(staging)) mkdirSync(staging);
    if (existsSync(target)) {
      for (const name of readdirSync(target)) {
        if (FOREIGN.has(name)) renameSync(join(target, name), join(staging, name));
      }
      renameSync(target, retired);
    }
    renameSync(staging, target);
  } catch (err) {
    // Put back whatever was moved, then drop the staging tree.
    if (!existsSync(target) && existsSync(retired)) renameSync(retired, target);
    if (existsSync(staging)) {
      for (const name of FOREIGN) {
        if (existsSync(join(staging, name)) && existsSync(target) && !existsSync(join(target, name))) renameSync(join(staging, name), join(target, name));
      }
      rmSync(staging, { recursive: true, force: true });
    }
    throw err;
  }
  if (written && existsSync(retired)) return { ...nowWritten, retired };
  rmSync(retired, { recursive: true, force: true });
  return nowWritten;
}

/** Links `current` into the staging tree if it still has the identity this process gave it; its identity then, else undefined. */
function linkIfStill(current: string, staged: string, identity: string): string | undefined {
  try {
    if (fileIdentity(current) !== identity) return undefined;
    linkSync(current, staged);
    return identity;
  } catch {
    return undefined;
  }
}

/**
 * A file whose bytes are the same as in the current output is hard-linked into the staging tree
 * instead of written: after an edit most of a large package is unchanged, and writing it again
 * costs more than reading it (and leaves the disk flushing megabytes). The old tree is removed
 * after the swap, so nothing else ever shares the inode. Where links are not supported, write.
 */
function linkUnchanged(current: string, staged: string, content: string): boolean {
  try {
    const size = statSync(current, { throwIfNoEntry: false });
    if (!size?.isFile() || size.size !== Buffer.byteLength(content)) return false;
    if (readFileSync(current, "utf8") !== content) return false;
    linkSync(current, staged);
    return true;
  } catch {
    return false;
  }
}

/** Files that differ between the output directory and `files`: changed, missing or extra. */
export function diffOutput(outDir: string, files: Map<string, string>): string[] {
  const differing: string[] = [];
  const onDisk = existsSync(outDir) ? listFiles(outDir) : [];
  for (const [path, content] of files) {
    const full = join(outDir, path);
    if (!existsSync(full) || readFileSync(full, "utf8") !== content) differing.push(path);
  }
  for (const path of onDisk) if (!files.has(path)) differing.push(path);
  return [...new Set(differing)].sort();
}

function listFiles(root: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, rel))) {
    if (FOREIGN.has(name) && rel === "") continue;
    const path = rel ? `${rel}/${name}` : name;
    if (statSync(join(root, path)).isDirectory()) out.push(...listFiles(root, path));
    else out.push(path);
  }
  return out;
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() || "out";
}
