/**
 * The registry's folders as a long-lived process (`generate --watch`) last listed them. A folder
 * whose entries were added, removed or renamed has new modification and change times, so a
 * folder whose size, times and inode are what they were is not read again: one `stat` instead of a `readdir`
 * of each of the ~2000 folders of a 1000-event registry on every save.
 *
 * As git does for its index, a listing is trusted only when the folder's time was well before
 * the listing (file times move in clock ticks: an entry added in the tick the folder was listed
 * in may leave its time as it was), and a folder on the way to a file the watcher named is read
 * again whatever its time says.
 *
 * A watch that swept the folders a moment before the read (`swept`, registry-files.ts
 * sweepRegistry) has their stats: a folder whose swept stat is the one it was listed with is
 * taken as listed without a `stat` now.
 */
import { readdirSync, type Dirent } from "node:fs";
import { nowNs, settled, statOf } from "./stat-record.js";

export interface Listing {
  identity: string;
  entries: Dirent[];
}

export class FolderListings {
  /** What this read listed, by folder path relative to the registry: the next read's `previous`. */
  readonly listed = new Map<string, Listing>();
  /** Folders this read listed rather than took from `previous`. */
  listedAnew = 0;
  private readonly unsettled: ReadonlySet<string>;

  /** `named`: registry files the watcher reported (relative paths); their folders are read again. `swept`: each folder's identity a moment ago, by relative path. */
  constructor(
    private readonly previous: ReadonlyMap<string, Listing> = new Map(),
    named: Iterable<string> = [],
    private readonly swept?: ReadonlyMap<string, string>,
  ) {
    const unsettled = new Set<string>();
    for (const file of named) {
      for (let slash = file.lastIndexOf("/"); slash > 0; slash = file.lastIndexOf("/", slash - 1)) unsettled.add(file.slice(0, slash));
      unsettled.add("");
    }
    this.unsettled = unsettled;
  }

  /** The entries of folder `rel` (at `dir` on disk), sorted by name; throws as readdir does. */
  entries(dir: string, rel: string): Dirent[] {
    const before = this.previous.get(rel);
    if (before && this.swept?.get(rel) === before.identity && !this.unsettled.has(rel)) {
      this.listed.set(rel, before);
      return before.entries;
    }
    const listedAt = nowNs();
    // undefined when the folder cannot be stat'ed: it is then read, and readdir says why it cannot be.
    const stat = statOf(dir);
    // The change time too: unlike the modification time, nothing can set it back.
    const identity = stat ? stat.stat : "missing";
    if (stat && before?.identity === identity && !this.unsettled.has(rel)) {
      this.listed.set(rel, before);
      return before.entries;
    }
    const entries = listFolder(dir);
    this.listedAnew++;
    if (stat && settled(stat.changedNs, listedAt)) this.listed.set(rel, { identity, entries });
    return entries;
  }
}

/** A folder's identity as a listing keeps it ("missing" when it cannot be stat'ed). */
export function folderIdentity(dir: string): string {
  return statOf(dir)?.stat ?? "missing";
}

/** A folder's entries sorted by name (the loader's order); throws as readdir does. */
export function listFolder(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
