/**
 * The output's spare tree, kept in the cache folder between separate `generate` processes: the
 * tree a run swapped out of the output folder (after the first run into it, which swaps none out,
 * links of its files: write/output-dir.ts, seedSpare), which the next run of the same output takes as its
 * staging tree (write/output-dir.ts's StagingPlace). After an edit most of its files are hard links
 * of the output's; the next run leaves each one it would write with the same content in place (one
 * `lstat`), where a fresh staging tree costs a `stat` and a `link` per file and removing the old
 * tree an `unlink` per file (~2100 files at 1000 events).
 *
 * Which of its files may stay is decided by the output record (output-record.ts) alone: a file
 * stays when the record says the output's file at that path holds the content now put and the
 * spare's file has the recorded identity, inode included, so it is that very file, unchanged since
 * (an edit in place, through either name, changes its time). A spare of another generation, a
 * damaged or edited one, or one whose record is gone costs writes, never wrong output; a link
 * there is removed, never followed.
 *
 * `<cache>/output-spare/<digest of the output's absolute path>`: the spare of one output folder;
 * `…/<name>.run-<pid>-<time>`: a run's staging tree (the spare renamed, so two runs never share
 * one); anything of a run no longer running is removed by the next claim, as is a spare nobody
 * used for a week. Only where the cache folder and the output lie on one file system (the swap is
 * a rename): elsewhere the run stages beside the output, as without a cache.
 *
 * The spare costs the disk little while the output folder is there (hard links of its files, and
 * the few files the last run changed); the output deleted, it holds a whole output's bytes until
 * the next run takes it. Deleting the cache folder deletes it.
 */
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { digest } from "../base/hash.js";
import type { StagingPlace } from "../write/output-dir.js";
import { isRunning } from "../write/output-ownership.js";

/** The cache's folder of spares; never a kind of entry (disk-store.ts's prune leaves it to this file). */
export const SPARE_FOLDER = "output-spare";
/** A spare not kept again for this long is removed by the next claim of any output's spare. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * Where the run writing `out` stages its tree: the spare of `out`, claimed (renamed to this run's
 * staging name), or a new empty folder there; undefined when the cache folder is on another file
 * system than the output, or cannot be used (the run then stages beside the output).
 */
export function claimSpare(cacheDir: string, out: string, now = Date.now()): StagingPlace | undefined {
  try {
    const folder = join(resolve(cacheDir), SPARE_FOLDER);
    // A cache inside the output folder goes with it at the swap: no spare can be kept there.
    if (!relative(resolve(out), folder).startsWith("..")) return undefined;
    mkdirSync(folder, { recursive: true });
    if (statSync(folder).dev !== statSync(existingAncestor(resolve(out))).dev) return undefined;
    const name = digest(resolve(out)).slice(0, 32);
    removeAbandoned(folder, name, now);
    const spare = join(folder, name);
    const staging = join(folder, `${name}.run-${process.pid}-${now}`);
    let recycled = false;
    try {
      renameSync(spare, staging);
      // A spare is a folder this file made: anything else (a link to a folder elsewhere) is removed, never filled.
      recycled = lstatSync(staging).isDirectory();
      if (!recycled) rmSync(staging, { force: true });
    } catch {
      // no spare yet, or another run claimed it first
    }
    if (!recycled) mkdirSync(staging);
    return { staging, recycled, retireTo: spare };
  } catch {
    return undefined;
  }
}

/** Runs' staging trees and other leftovers of runs no longer running, and spares nobody kept for a week. */
function removeAbandoned(folder: string, own: string, now: number): void {
  for (const entry of readdirSync(folder)) {
    const run = /^[0-9a-f]+\.(?:run|old)-(\d+)-\d+$/.exec(entry);
    const path = join(folder, entry);
    if (run) {
      if (!isRunning(Number(run[1]))) rmSync(path, { recursive: true, force: true });
    } else if (entry !== own && now - (lstatSync(path, { throwIfNoEntry: false })?.mtimeMs ?? now) > MAX_AGE_MS) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

/** `p`, or the nearest folder above it that exists (an output folder not made yet lies on its parent's disk). */
function existingAncestor(p: string): string {
  let at = p;
  while (statSync(at, { throwIfNoEntry: false }) === undefined && dirname(at) !== at) at = dirname(at);
  return at;
}
