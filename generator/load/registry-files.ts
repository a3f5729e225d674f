/**
 * The registry folder read once: every JSON file's bytes, listed the way the loader lists them.
 * `generate` digests this snapshot for its no-op check and loads the registry from it, so each
 * file is read once per run instead of twice, and the run manifest describes exactly the bytes
 * the output was made from, even when a file is saved while the run goes on.
 */
import { join } from "node:path";
import { digest } from "../base/hash.js";
import { fileIdentity } from "../base/file-identity.js";
import { listJsonFiles, type UnlistedEntry } from "./scan.js";
import { FolderListings } from "./folder-listings.js";
import { limitsOf, readBounded, sizeProblem, type InputLimits } from "./input-limits.js";

export interface RegistryFiles {
  root: string;
  /** Relative paths of every JSON file, in the loader's order. */
  list: string[];
  /** Files and folders that could not be listed, and why. */
  unlisted: UnlistedEntry[];
  /** The limits of this registry (its registry.json's, over the defaults). */
  limits: InputLimits;
  /** A file's text, or undefined when it could not be read (`failure` says why). */
  text(file: string): string | undefined;
  /** Why a file's text is undefined: unreadable, or over the size limit (then not read at all). */
  failure(file: string): { tooLarge: boolean; reason: string } | undefined;
  /** Digest of a file's bytes ("unreadable" when it could not be read). */
  digest(file: string): string;
}

/**
 * What an earlier read of the same folder saw, for a long-lived process (`generate --watch`): a
 * file whose identity (base/file-identity.ts) is as it was then, and that the
 * watcher did not name, is taken from `previous` instead of being read again.
 */
export interface EarlierRead {
  previous: RegistryFiles;
  /** Files the watcher reported as changed (relative paths): read again whatever their identity. */
  named: ReadonlySet<string>;
}

interface KeptFile {
  identity: string;
  bytes?: Buffer;
  failure?: { tooLarge: boolean; reason: string };
  /** Computed when first asked; shared with the next read while the file is unchanged. */
  digest?: string;
}

/** Every file's identity and bytes as read, and every folder as listed, for the next EarlierRead. */
const keptFiles = new WeakMap<RegistryFiles, Map<string, KeptFile>>();
const keptListings = new WeakMap<RegistryFiles, FolderListings>();

/** Reads every JSON file under `root` now (or takes unchanged ones from `earlier`); throws when the folder itself cannot be listed. */
export function readRegistryFiles(root: string, earlier?: EarlierRead): RegistryFiles {
  const listings = earlier ? new FolderListings(keptListings.get(earlier.previous)?.listed, earlier.named) : undefined;
  const { files: list, unlisted } = listJsonFiles(root, listings);
  const limits = limitsOf(root);
  const before = earlier && JSON.stringify(earlier.previous.limits) === JSON.stringify(limits) ? keptFiles.get(earlier.previous) : undefined;
  const kept = new Map<string, KeptFile>();
  for (const file of list) {
    // Taken before reading: a save during the read then differs next time and is read again.
    const identity = earlier ? fileIdentity(join(root, file)) : "";
    const old = before?.get(file);
    if (old && old.identity === identity && !earlier!.named.has(file)) {
      kept.set(file, old);
      continue;
    }
    try {
      const read = readBounded(join(root, file), limits.maxFileSize);
      kept.set(file, "bytes" in read ? { identity, bytes: read.bytes } : { identity, failure: { tooLarge: true, reason: sizeProblem(Infinity, limits)! } });
    } catch (err) {
      kept.set(file, { identity, failure: { tooLarge: false, reason: `cannot read ${file}: ${(err as Error).message}` } });
    }
  }
  const files: RegistryFiles = {
    root,
    list,
    unlisted,
    limits,
    text: (file) => kept.get(file)?.bytes?.toString("utf8"),
    failure: (file) => kept.get(file)?.failure,
    digest(file) {
      const entry = kept.get(file);
      if (!entry) return "unreadable";
      entry.digest ??= entry.bytes ? digest(entry.bytes) : "unreadable";
      return entry.digest;
    },
  };
  keptFiles.set(files, kept);
  if (listings) keptListings.set(files, listings);
  return files;
}
