/**
 * The registry as it was at a git ref, for `--against <ref>`: the registry folder listed with one
 * `git ls-tree` (git-tree.ts follows its symbolic links inside the commit) and every file read
 * through one `git cat-file --batch`, whatever the number of files. Reads are bounded as the
 * loader bounds them (docs/cli.md, "Input limits"): a blob is read only when its size, known from
 * the listing, is within the registry's `maxFileSize`. The snapshot is a folder the loader takes
 * as read (load/registry-files.ts), so the registry at the ref is loaded by the same code and
 * reported with the same rules as the working tree.
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { digest } from "../base/hash.js";
import type { UnlistedEntry } from "../load/scan.js";
import { DEFAULT_INPUT_LIMITS, limitsIn, sizeProblem, type InputLimits } from "../load/input-limits.js";
import type { Failure, RegistryFiles } from "../load/registry-files.js";
import { isNotUtf8, utf8Text } from "../load/utf8-text.js";
import { linkBlobs, listCommittedFolder, parseLsTree, type CommittedFile } from "./git-tree.js";

/** git could not answer: not a repository, an unknown ref. The command is wrong, not the registry. */
export class GitError extends Error {
  constructor(
    message: string,
    /** Why: no repository around the folder, a ref that names no commit, or git itself failed. */
    readonly reason: "no-repository" | "unknown-ref" | "git" = "git",
  ) {
    super(message);
    this.name = "GitError";
  }
}

export interface RegistrySnapshot {
  /** The ref as the user wrote it. */
  ref: string;
  commit: string;
  /** The registry folder's path in the repository ("" at its root), so a file at the ref can be named `<ref>:<folder>/<file>`. */
  folder: string;
  /** Every JSON file of the registry folder at that commit, in the loader's order, read or not. */
  list: string[];
  /** The text of every file of `list` that could be read, by path relative to the folder. */
  files: Map<string, string>;
  /** Why a file of `list` has no text: over the size limit (not read at all), or not UTF-8. */
  failures: Map<string, Failure>;
  /** Links that could not be followed inside the registry, and why. */
  unlisted: UnlistedEntry[];
  limits: InputLimits;
}

/** Bytes of output a listing may take: a monorepo's tree of a million files fits. */
const LISTING_BUFFER = 256 * 1024 * 1024;

function git(cwd: string, args: string[], input?: string, maxBuffer = LISTING_BUFFER): Buffer {
  try {
    return execFileSync("git", args, { cwd, maxBuffer, stdio: ["pipe", "pipe", "pipe"], ...(input !== undefined ? { input } : {}) });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string; code?: string };
    if (e.code === "ENOENT") throw new GitError("git is not installed (needed by --against)");
    throw new GitError(`git ${args[0]} failed: ${(e.stderr?.toString() || e.message).trim()}`);
  }
}

/** Reads the registry folder `schemasDir` (a folder of the working tree) as it was at `ref`. */
export function readRegistryAt(schemasDir: string, ref: string): RegistrySnapshot {
  const cwd = resolve(schemasDir);
  let prefix: string;
  try {
    prefix = git(cwd, ["rev-parse", "--show-prefix"]).toString().trim();
  } catch {
    throw new GitError(`${schemasDir} is not inside a git repository; --against needs one`, "no-repository");
  }
  let commit: string;
  try {
    commit = git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).toString().trim();
  } catch {
    throw new GitError(`unknown git ref "${ref}"`, "unknown-ref");
  }
  const folder = prefix.replace(/\/$/, "");
  const entries = parseLsTree(git(cwd, ["ls-tree", "-r", "-t", "-l", "-z", "--full-name", commit, "--", "."]).toString());
  const linkText = new Map([...readBlobs(cwd, linkBlobs(entries))].map(([oid, bytes]) => [oid, bytes.toString()]));
  const { files: listed, unlisted } = listCommittedFolder(entries, folder, linkText);

  // One read for every file the default limit allows; registry.json's own limits decide after.
  const blobs = readBlobs(cwd, listed.filter((f) => f.size <= DEFAULT_INPUT_LIMITS.maxFileSize));
  const config = listed.find((f) => f.path === "registry.json");
  const configBytes = config && blobs.get(config.oid);
  const limits = configBytes ? limitsIn(configBytes) : DEFAULT_INPUT_LIMITS;
  const larger = listed.filter((f) => f.size > DEFAULT_INPUT_LIMITS.maxFileSize && f.size <= limits.maxFileSize);
  for (const [oid, bytes] of readBlobs(cwd, larger)) blobs.set(oid, bytes);

  const files = new Map<string, string>();
  const failures = new Map<string, Failure>();
  for (const f of listed) {
    const bytes = f.size <= limits.maxFileSize ? blobs.get(f.oid) : undefined;
    if (!bytes) {
      failures.set(f.path, { tooLarge: true, reason: sizeProblem(f.size, limits) ?? `cannot read ${f.path} at ${ref}` });
      continue;
    }
    const text = utf8Text(bytes);
    if (isNotUtf8(text)) failures.set(f.path, { tooLarge: false, reason: text.message, notUtf8: { line: text.line, column: text.column } });
    else files.set(f.path, text);
  }
  return { ref, commit, folder, list: listed.map((f) => f.path), files, failures, unlisted, limits };
}

/** Whether `file` (relative to the registry folder `schemasDir`) is in the commit `ref` names; false when git cannot say (no commit yet). */
export function existsAt(schemasDir: string, ref: string, file: string): boolean {
  try {
    return git(resolve(schemasDir), ["ls-tree", "-z", "--name-only", `${ref}^{commit}`, "--", file]).length > 0;
  } catch {
    return false;
  }
}

/**
 * The blobs named, read by one `git cat-file --batch` (none when there are none). Its output is
 * `<oid> blob <size>\n<bytes>\n` per blob; the sizes are known from the listing, so the output
 * is bounded before git is asked.
 */
function readBlobs(cwd: string, wanted: Array<Pick<CommittedFile, "oid" | "size">>): Map<string, Buffer> {
  const sizes = new Map(wanted.map((w) => [w.oid, w.size]));
  const blobs = new Map<string, Buffer>();
  if (sizes.size === 0) return blobs;
  let bound = 0;
  for (const [oid, size] of sizes) bound += size + oid.length + 32;
  const out = git(cwd, ["cat-file", "--batch"], [...sizes.keys()].join("\n") + "\n", bound);
  let at = 0;
  for (const oid of sizes.keys()) {
    const eol = out.indexOf(10, at);
    const [name, type, size] = out.toString("latin1", at, eol).split(" ");
    if (name !== oid || type !== "blob") throw new GitError(`git cat-file could not read ${oid}: ${out.toString("latin1", at, eol)}`);
    const start = eol + 1;
    const end = start + Number(size);
    blobs.set(oid, Buffer.from(out.subarray(start, end)));
    at = end + 1;
  }
  return blobs;
}

/** The snapshot as the loader takes a folder it has read (load/registry-files.ts), `root` standing for the folder. */
export function snapshotFiles(snapshot: RegistrySnapshot, root: string): RegistryFiles {
  const digests = new Map<string, string>();
  return {
    root,
    list: snapshot.list,
    unlisted: snapshot.unlisted,
    limits: snapshot.limits,
    text: (file) => snapshot.files.get(file),
    failure: (file) => snapshot.failures.get(file),
    digest(file) {
      const text = snapshot.files.get(file);
      if (text === undefined) return "unreadable";
      let d = digests.get(file);
      if (d === undefined) digests.set(file, (d = digest(text)));
      return d;
    },
  };
}
