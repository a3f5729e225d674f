/**
 * The output directory is replaced as a whole or not at all: the new tree is written next to it
 * (or in a place of the cache on the same disk, StagingPlace), then swapped in with renames. A
 * crash or an error before the swap leaves the old output exactly as it was, and so does an output
 * folder this user may not change (removable-tree.ts). Entries jetschema does not own
 * (node_modules of a workspace) are carried over.
 */
import { closeSync, existsSync, fstatSync, linkSync, openSync, read, lstatSync, type BigIntStats, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isAscii } from "node:buffer";
import { FOREIGN } from "./output-ownership.js";
import { assertRemovable } from "./removable-tree.js";
import { fileIdentity, identityOf, ownFileIdentity } from "../base/file-identity.js";
import { digest } from "../base/hash.js";
import { recordSaysDiffers, recordSaysHolds, type OutputRecord } from "./recorded-output.js";

/**
 * Above this many characters a file's content is encoded to UTF-8 once, for its digest, its
 * comparison and its write: node encodes a string anew for each, into memory a fresh process
 * faults in page by page (an edit's asyncapi.yaml, 4.2 MB: ~25 ms of encodings saved). Below it,
 * hashing the string is as fast (docs/performance.md, the twenty-second round, "a file over 64 KB is
 * encoded once").
 */
const ENCODE_ONCE_ABOVE = 64 * 1024;

/**
 * What a long-lived process (`generate --watch`) last wrote: each file's content and its identity
 * on disk (size, modification time, inode) after the swap. A file still holding that identity
 * and given the same content again is linked without reading it back.
 */
export interface WrittenOutput {
  dir: string;
  files: Map<string, { content: string; identity: string }>;
  /**
   * The old tree, swapped out and kept: the next run of the session fills it as its staging tree
   * (most of its files are hard links of the current ones already), instead of linking every file
   * into a new folder and removing this one.
   */
  retired?: string;
  /**
   * `retired`'s files and folders as they were a moment before the run that fills it again
   * (retiredIdentities, taken while the watch waited out a burst of changes): that run takes a
   * file's identity from here instead of an `lstat` as it checks the file is still the one it
   * wrote, when the file's folder is still as it was then (its own `lstat` of each folder says).
   */
  retiredIdentities?: RetiredIdentities;
}

export interface RetiredIdentities {
  /** Each file's identity (base/file-identity.ts ownFileIdentity), by output path. */
  files: ReadonlyMap<string, string>;
  /** Each folder's (absolute path) inode and times, for folders last changed well before the sweep. */
  folders: ReadonlyMap<string, string>;
}

/**
 * A folder changed less than this before the sweep is not taken as it is: a change in the same
 * tick of the file system's clock could leave its times as they were.
 */
const FOLDER_SETTLED_NS = 100_000_000n;

/** A folder's inode and times, which any entry added, removed or renamed in it changes. */
function inodeAndTimes(s: BigIntStats): string {
  return `${s.ino} ${s.mtimeNs} ${s.ctimeNs}`;
}

/**
 * `output`'s swapped-out tree as it is now (WrittenOutput.retiredIdentities): the identity of each
 * folder last changed well before now, and of each file in one, reached through folders of the
 * tree only (no link to a folder elsewhere). Undefined without a swapped-out tree.
 */
export function retiredIdentities(output: WrittenOutput): RetiredIdentities | undefined {
  const { retired } = output;
  if (retired === undefined) return undefined;
  const settledBefore = BigInt(Date.now()) * 1_000_000n - FOLDER_SETTLED_NS;
  const folders = new Map<string, string>();
  /** Whether `dir` is a folder reached through folders of the tree; its identity recorded when settled. */
  const folderOfTree = new Map<string, boolean>();
  const isFolderOfTree = (dir: string): boolean => {
    let ok = folderOfTree.get(dir);
    if (ok === undefined) {
      const s = (dir === retired || isFolderOfTree(dirname(dir))) && lstatSync(dir, { bigint: true, throwIfNoEntry: false });
      ok = !!s && s.isDirectory();
      if (ok && s && s.mtimeNs < settledBefore && s.ctimeNs < settledBefore) folders.set(dir, inodeAndTimes(s));
      folderOfTree.set(dir, ok);
    }
    return ok;
  };
  const files = new Map<string, string>();
  for (const path of output.files.keys()) {
    const full = join(retired, path);
    const dir = dirname(full);
    if (isFolderOfTree(dir) && folders.has(dir)) files.set(path, ownFileIdentity(full));
  }
  return { files, folders };
}

/**
 * Where a separate process stages the output and keeps the tree it swaps out (cache/output-spare.ts):
 * a folder of the cache on the output's disk, so nothing is ever left beside the output. The tree
 * swapped out is kept there as the next run's staging tree (the spare): most of its files are hard
 * links of the output's, which that run leaves in place (one `lstat` each) instead of linking every
 * file into a new folder and removing the old tree.
 */
export interface StagingPlace {
  /** This run's staging tree (a folder no other run uses). */
  staging: string;
  /** `staging` holds an earlier tree of the output (a spare): refilled, its files checked against the output record. */
  recycled: boolean;
  /** Where the output swapped out goes, kept for the next run; a fallback name beside it when taken. */
  retireTo: string;
}

/** A file of the current output folder by the digest its record gives it, and its text as read off this thread (undefined: not the file recorded). */
export interface PreviousFile {
  digest: string;
  text: Promise<string | undefined>;
}

/** Where a run puts each output file once it is final. */
export interface OutputSink {
  put(path: string, content: string): void;
  /**
   * Takes the file at `path` as it is in the current output folder, if it holds the content of
   * `digest` there (false otherwise: put the content then). A caller holding only a digest (a
   * cache entry's) need not read the content.
   */
  reuse?(path: string, digest: string): boolean;
  /**
   * The file at `path` as the current output folder holds it, named by the digest the output
   * record gives it: its text, read off this thread from now on, given only when the file read is
   * the one recorded (an emitter that kept where its parts stand in it takes the unchanged ones
   * from it: emit/asyncapi/document-layout.ts).
   */
  previous?(path: string): PreviousFile | undefined;
  /** The digest of the content this run put at `path`, once put. */
  digestPut?(path: string): string | undefined;
}

/**
 * The new tree, filled file by file while the run goes on (so a large package is never held in
 * memory whole), swapped in by `commit()`; `abandon()` (after a failure) removes it (or keeps it
 * as the cache's spare) and leaves the output as it was. `written`: what this process wrote there last (returned by the previous
 * commit); with it, the swapped-out tree is left for the caller to remove (`retired`), off the
 * path of the run. `place`: where a separate process stages and keeps the swapped-out tree
 * (StagingPlace); without it, beside the output, the old tree removed after the swap.
 */
export class StagedOutput implements OutputSink {
  private readonly target: string;
  private readonly staging: string;
  private readonly retired: string;
  /** The swapped-out tree stays where `retired` says (the cache's spare), for the next run. */
  private readonly keepRetired: boolean;
  /** Where the output swapped out went: `retired`, or, when a kept spare's place was taken meanwhile (another run), a name beside it, removed after the swap. */
  private retiredAt: string;
  private readonly known: WrittenOutput["files"] | undefined;
  private readonly nowWritten: WrittenOutput;
  private readonly made = new Set<string>();
  /** The recycled tree as swept ahead (WrittenOutput.retiredIdentities): its files' identities are taken from it in the folders of `stillAsSwept`. */
  private readonly swept: RetiredIdentities | undefined;
  /** Folders of the recycled tree this run found as the sweep saw them (before changing anything in them). */
  private readonly stillAsSwept = new Set<string>();
  /** An earlier tree filled again as this run's staging tree: the session's (WrittenOutput.retired) or the cache's spare (StagingPlace). */
  private readonly recycled: boolean;
  /** What this run put into a recycled tree: anything else it holds goes before the swap. */
  private readonly placed = new Set<string>();
  /** Whether the output folder was there when this run began (a first run's is not: nothing in it to link). */
  private readonly targetExisted: boolean;
  /** Output path -> digest of its content, for the run manifest. */
  readonly digests = new Map<string, string>();
  /** The error a `put` threw (the disk, not the run, failed). */
  failure: unknown;
  /**
   * Set by `abandon()`: what a failed run still had in flight (type files prettier was formatting
   * when the check rejected the registry) is not put, or it would make the staging tree again.
   */
  private abandoned = false;
  /** What this run wrote, with identities, when constructed with `recorded` (for the next run's). */
  readonly record: OutputRecord = new Map();

  /**
   * `recorded`: what an earlier run wrote to `outDir` (an empty map when nothing is known): a
   * file given the same content and still with the identity it had then is linked without being
   * read, and `record` is filled for the next run; a recycled `place` keeps each of its files that
   * is the recorded one for the same content.
   */
  constructor(
    outDir: string,
    private readonly written?: WrittenOutput,
    private readonly digestOf?: (path: string, content: string) => string,
    private readonly recorded?: OutputRecord,
    place?: StagingPlace,
  ) {
    this.target = resolve(outDir);
    this.targetExisted = existsSync(this.target);
    const parent = dirname(this.target);
    const stamp = `${process.pid}-${Date.now()}`;
    this.known = written?.dir === this.target ? written.files : undefined;
    const spare = this.known ? written?.retired : undefined;
    this.nowWritten = { dir: this.target, files: new Map() };
    this.keepRetired = place !== undefined && !written;
    if (this.keepRetired) {
      this.swept = undefined;
      this.recycled = place!.recycled;
      this.staging = place!.staging;
      this.retired = this.retiredAt = place!.retireTo;
      return;
    }
    this.recycled = spare !== undefined && existsSync(spare);
    this.swept = this.recycled ? written?.retiredIdentities : undefined;
    this.staging = this.recycled ? spare! : join(parent, `.${baseName(this.target)}.new-${stamp}`);
    // Its folders are checked against the sweep as this run first reaches them (makeFolder), the
    // tree's own folder now: one whose inode and times are the sweep's holds the entries it held.
    if (this.swept) this.noteIfAsSwept(this.staging, lstatSync(this.staging, { bigint: true, throwIfNoEntry: false }));
    this.retired = this.retiredAt = join(parent, `.${baseName(this.target)}.old-${stamp}`);
  }

  get size(): number {
    return this.digests.size;
  }

  put(path: string, content: string): void {
    if (this.abandoned) return;
    // A session keeps contents as strings (its record and its digests' memo are of them).
    const bytes = !this.written && content.length > ENCODE_ONCE_ABOVE ? Buffer.from(content) : undefined;
    const contentDigest = this.digestOf ? this.digestOf(path, content) : digest(bytes ?? content);
    try {
      this.write(path, content, contentDigest, bytes);
    } catch (err) {
      this.failure = err;
      throw err;
    }
    this.digests.set(path, contentDigest);
  }

  reuse(path: string, contentDigest: string): boolean {
    // A session's record of what it wrote holds contents, which a digest alone cannot give.
    if (this.abandoned || this.written || this.recorded?.get(path)?.digest !== contentDigest) return false;
    let identity: string | undefined;
    try {
      identity = this.keptOrLinked(path, contentDigest);
    } catch (err) {
      this.failure = err;
      throw err;
    }
    if (identity === undefined) return false;
    this.record.set(path, { digest: contentDigest, identity });
    this.digests.set(path, contentDigest);
    return true;
  }

  previous(path: string): PreviousFile | undefined {
    // A session's record holds contents; a first run's output folder holds nothing of ours.
    const recorded = this.written || !this.targetExisted ? undefined : this.recorded?.get(path);
    if (!recorded) return undefined;
    return { digest: recorded.digest, text: readIfStill(join(this.target, path), recorded.identity) };
  }

  digestPut(path: string): string | undefined {
    return this.digests.get(path);
  }

  /** `bytes`: the content encoded already (a large file's), written and compared as it is. */
  private write(path: string, content: string, contentDigest: string, bytes?: Buffer): void {
    const full = this.stagedPath(path);
    const before = this.known?.get(path);
    let identity: string | undefined;
    if (this.known) {
      if (this.recycled) {
        this.placed.add(path);
        // The recycled tree holds this very file (a link of the current one, untouched since): done.
        if (before?.content === content && this.recycledIdentity(path, full) === before.identity) {
          this.nowWritten.files.set(path, before);
          return;
        }
        // Removed, never written over: the file may be a link of one the current output holds.
        rmSync(full, { recursive: true, force: true });
      }
      identity = before?.content === content ? linkIfStill(join(this.target, path), full, before.identity) : undefined;
    } else identity = this.keptOrLinked(path, contentDigest);
    if (identity === undefined) {
      if (this.knownToDiffer(path, contentDigest) || !linkUnchanged(join(this.target, path), full, bytes ?? content)) writeFileSync(full, bytes ?? content);
      if (this.written || this.recorded) identity = fileIdentity(full);
    }
    if (this.written) this.nowWritten.files.set(path, { content, identity: identity! });
    if (this.recorded) this.record.set(path, { digest: contentDigest, identity: identity! });
  }

  /**
   * The file the earlier run wrote, put into the staging tree unread when the record says it holds
   * `contentDigest` and it is still as written then: left in place where the recycled tree holds
   * that very file (the identity is of the inode, which names it whatever tree it lies in), else
   * linked from the current output. Its identity, else undefined (the staging tree then holds
   * nothing at `path`: the caller writes it).
   */
  private keptOrLinked(path: string, contentDigest: string): string | undefined {
    const recorded = this.recorded?.get(path);
    if (this.recycled) {
      this.placed.add(path);
      const full = this.stagedPath(path);
      if (recordSaysHolds(recorded, contentDigest, () => ownFileIdentity(full))) return recorded.identity;
      // Removed, never written over: the spare's file may be a link of one the current output holds.
      rmSync(full, { recursive: true, force: true });
    }
    const current = join(this.target, path);
    if (!recordSaysHolds(recorded, contentDigest, () => fileIdentity(current))) return undefined;
    return linked(current, this.stagedPath(path)) ? recorded.identity : undefined;
  }

  /**
   * The current output holds other bytes at `path` than `contentDigest`, as the record says and
   * the file, still as recorded, confirms: no need to read it back to compare (an edit's
   * asyncapi.yaml, megabytes, often keeps its size). No output folder at all: nothing to compare.
   */
  private knownToDiffer(path: string, contentDigest: string): boolean {
    if (!this.targetExisted) return true;
    return recordSaysDiffers(this.recorded?.get(path), contentDigest, () => fileIdentity(join(this.target, path)));
  }

  /** The identity of the recycled tree's file at `full`: as swept, while its folder is as the sweep saw it, else its `lstat` now. */
  private recycledIdentity(path: string, full: string): string {
    return (this.stillAsSwept.has(dirname(full)) ? this.swept!.files.get(path) : undefined) ?? ownFileIdentity(full);
  }

  /** `dir` of the recycled tree, stat'ed now, goes to `stillAsSwept` when it is the folder the sweep saw. */
  private noteIfAsSwept(dir: string, stat: BigIntStats | undefined): void {
    if (stat?.isDirectory() && this.swept?.folders.get(dir) === inodeAndTimes(stat)) this.stillAsSwept.add(dir);
  }

  /** Where `path` goes in the staging tree, its folder made. */
  private stagedPath(path: string): string {
    const full = join(this.staging, path);
    const dir = dirname(full);
    if (!this.made.has(dir)) this.makeFolder(dir);
    return full;
  }

  /**
   * `dir` made in the staging tree. In a recycled tree each folder on the way is checked once to be
   * a folder of that tree (`lstat`), never a link to a folder elsewhere, whose files a put would
   * then remove or write; anything else there is removed (the entry itself) and a folder made.
   */
  private makeFolder(dir: string): void {
    if (!this.recycled) mkdirSync(dir, { recursive: true });
    else if (dir !== this.staging) {
      if (!this.made.has(dirname(dir))) this.makeFolder(dirname(dir));
      const stat = lstatSync(dir, { bigint: true, throwIfNoEntry: false });
      if (!stat?.isDirectory()) {
        if (stat) rmSync(dir, { force: true });
        mkdirSync(dir);
      } else this.noteIfAsSwept(dir, stat);
    }
    this.made.add(dir);
  }

  /** Swaps the staged tree in (the output's foreign entries, node_modules, carried over). */
  commit(): WrittenOutput {
    const { target, staging, retired } = this;
    try {
      // Before anything moves: a tree this user could not remove would be left beside the new output (removable-tree.ts).
      if (existsSync(target)) assertRemovable(target);
      if (this.recycled) removeUnplaced(staging, this.placed);
      if (!existsSync(staging)) mkdirSync(staging, { recursive: true });
      if (existsSync(target)) {
        for (const name of readdirSync(target)) {
          if (FOREIGN.has(name)) renameSync(join(target, name), join(staging, name));
        }
        this.retire();
      }
      renameSync(staging, target);
    } catch (err) {
      // Put back whatever was moved, then drop the staging tree.
      if (!existsSync(target) && existsSync(this.retiredAt)) renameSync(this.retiredAt, target);
      if (existsSync(staging)) {
        for (const name of FOREIGN) {
          if (existsSync(join(staging, name)) && existsSync(target) && !existsSync(join(target, name))) renameSync(join(staging, name), join(target, name));
        }
      }
      this.abandon();
      throw err;
    }
    if (this.written && existsSync(retired)) return { ...this.nowWritten, retired };
    if (this.keepRetired && this.retiredAt === retired) {
      // Its time says when it was last kept: pruning takes a spare nobody used for a week (cache/output-spare.ts).
      if (existsSync(retired)) utimesSync(retired, new Date(), new Date());
      else seedSpare(target, retired, this.digests.keys());
      return this.nowWritten;
    }
    removeRetired(this.retiredAt, this.digests.keys());
    return this.nowWritten;
  }

  /** The output moved to `retired`. */
  private retire(): void {
    try {
      renameSync(this.target, this.retired);
    } catch (err) {
      if (!this.keepRetired || !existsSync(this.retired)) throw err;
      this.retiredAt = `${this.retired}.old-${process.pid}-${Date.now()}`;
      renameSync(this.target, this.retiredAt);
    }
  }

  /**
   * Removes the staged tree: the output stays as it was. The cache's spare, refilled, is put back
   * as the spare instead (a run stopped by an error in the registry would otherwise remove ~2100
   * links, and leave the next run none): whatever it holds is checked file by file as any spare is.
   */
  abandon(): void {
    this.abandoned = true;
    if (this.keepRetired && this.recycled && !existsSync(this.retired)) {
      try {
        renameSync(this.staging, this.retired);
        return;
      } catch {
        // removed below
      }
    }
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/** The files of a run kept in memory: `generate --check` compares them with the output folder, tests read them. */
export class InMemoryOutput implements OutputSink {
  readonly files = new Map<string, string>();
  get size(): number {
    return this.files.size;
  }
  put(path: string, content: string): void {
    this.files.set(path, content);
  }
  /** Output path -> digest of its content, for the run manifest (as StagedOutput's). */
  get digests(): Map<string, string> {
    return new Map([...this.files].map(([path, content]) => [path, digest(content)]));
  }
}

/**
 * The text of the file at `path` when the file read is the one of `identity` (taken from the open
 * descriptor, so a file replaced between the check and the read is not taken), else undefined.
 * Opened and checked now; its bytes read in one call on libuv's threads, which completes while
 * this thread is busy (a chain of reads, as fs.promises' readFile makes, would take a step at each
 * of this thread's turns). An ASCII file (a generated document, most often) is decoded as such.
 */
function readIfStill(path: string, identity: string): Promise<string | undefined> {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const stat = fstatSync(fd, { bigint: true });
    if (identityOf(stat) !== identity) throw new Error("not the file recorded");
    const bytes = Buffer.allocUnsafeSlow(Number(stat.size));
    const opened = fd;
    return new Promise((resolve) =>
      read(opened, bytes, 0, bytes.length, 0, (err, length) => {
        closeQuietly(opened);
        // A short read (the file shrank meanwhile) is no text: the caller does without it.
        resolve(err || length !== bytes.length ? undefined : bytes.toString(isAscii(bytes) ? "latin1" : "utf8"));
      }),
    );
  } catch {
    if (fd !== undefined) closeQuietly(fd);
    return Promise.resolve(undefined);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // closed already
  }
}

/** Links `current` into the staging tree if it still has the identity this process gave it; its identity then, else undefined. */
function linkIfStill(current: string, staged: string, identity: string): string | undefined {
  return fileIdentity(current) === identity && linked(current, staged) ? identity : undefined;
}

/** `current` hard-linked at `staged`; false where it cannot be (gone meanwhile, or links unsupported): the caller writes the file. */
function linked(current: string, staged: string): boolean {
  try {
    linkSync(current, staged);
    return true;
  } catch {
    return false;
  }
}

/**
 * A file whose bytes are the same as in the current output is hard-linked into the staging tree
 * instead of written: after an edit most of a large package is unchanged, and writing it again
 * costs more than reading it (and leaves the disk flushing megabytes). The old tree is removed
 * after the swap, so nothing else ever shares the inode. Where links are not supported, write.
 */
function linkUnchanged(current: string, staged: string, content: string | Buffer): boolean {
  try {
    const size = statSync(current, { throwIfNoEntry: false });
    if (!size?.isFile() || size.size !== (typeof content === "string" ? Buffer.byteLength(content) : content.length)) return false;
    if (typeof content === "string" ? readFileSync(current, "utf8") !== content : !readFileSync(current).equals(content)) return false;
    linkSync(current, staged);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes the swapped-out tree. It holds, under the same names, nearly every file this run put
 * (`names`): each is unlinked by name, without the `lstat` per entry that rmSync's walk makes
 * (half the removal's system calls after an edit, where the tree is thousands of links), once
 * each folder on its way is known to be a folder of the tree, not a link out of it (checked once
 * per folder); the walk then takes what is left: the folders, and whatever else the tree held.
 */
function removeRetired(retired: string, names: Iterable<string>): void {
  // "" is the tree itself: absent after a first run, which had no old tree to swap out.
  const folders = new Map<string, boolean>();
  const parentOf = (rel: string) => rel.slice(0, Math.max(0, rel.lastIndexOf("/")));
  const isOwnFolder = (rel: string): boolean => {
    let own = folders.get(rel);
    if (own === undefined) {
      try {
        own = (rel === "" || isOwnFolder(parentOf(rel))) && lstatSync(join(retired, rel), { throwIfNoEntry: false })?.isDirectory() === true;
      } catch {
        own = false;
      }
      folders.set(rel, own);
    }
    return own;
  };
  for (const path of names) {
    if (!isOwnFolder(parentOf(path))) continue;
    try {
      unlinkSync(join(retired, path));
    } catch {
      // not in the old tree, or a folder there: the walk below removes what remains
    }
  }
  rmSync(retired, { recursive: true, force: true });
}

/**
 * The first run into an output folder swaps no tree out, so it would leave the next run no spare:
 * that run (most often the first edit) would then link every file into a new staging tree, and
 * remove the old tree file by file (~4200 calls at 1000 events, ~25 ms of its ~600). The spare is
 * made here instead, of links of the files just swapped in (`names`), in the place the next run
 * claims: the same calls, paid once by a run that takes seconds. A spare is never needed: on any
 * failure what was made of it goes, and the next run stages afresh.
 */
function seedSpare(output: string, spare: string, names: Iterable<string>): void {
  try {
    mkdirSync(spare);
  } catch {
    return; // taken meanwhile by another run's spare, which stays as it is
  }
  const made = new Set([spare]);
  try {
    for (const path of names) {
      const dir = dirname(join(spare, path));
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      linkSync(join(output, path), join(spare, path));
    }
  } catch {
    rmSync(spare, { recursive: true, force: true });
  }
}

/** Removes what a recycled staging tree holds beyond `placed` (files of an older run, empty folders). */
function removeUnplaced(root: string, placed: ReadonlySet<string>, rel = ""): void {
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      removeUnplaced(root, placed, path);
      if (readdirSync(join(root, path)).length === 0) rmSync(join(root, path), { recursive: true });
    } else if (!placed.has(path)) rmSync(join(root, path), { force: true });
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
