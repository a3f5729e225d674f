/**
 * The registry as it was at a git ref, for `jetschema check --against <ref>`: the JSON files of
 * the registry folder read with `git ls-tree` and `git show`, and, when a stage needs a folder,
 * written to a temporary one.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

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
  /** Every .json file of the registry folder at that commit, by path relative to the folder. */
  files: Map<string, string>;
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const e = err as { stderr?: string; message: string; code?: string };
    if (e.code === "ENOENT") throw new GitError("git is not installed (needed by --against)");
    throw new GitError(`git ${args[0]} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/** Reads the registry folder `schemasDir` (a folder of the working tree) as it was at `ref`. */
export function readRegistryAt(schemasDir: string, ref: string): RegistrySnapshot {
  const cwd = resolve(schemasDir);
  let prefix: string;
  try {
    prefix = git(cwd, ["rev-parse", "--show-prefix"]).trim();
  } catch {
    throw new GitError(`${schemasDir} is not inside a git repository; --against needs one`, "no-repository");
  }
  let commit: string;
  try {
    commit = git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
  } catch {
    throw new GitError(`unknown git ref "${ref}"`, "unknown-ref");
  }
  const listing = git(cwd, ["ls-tree", "-r", "-z", "--full-name", "--name-only", commit, "--", "."]);
  const files = new Map<string, string>();
  for (const path of listing.split("\0")) {
    if (!path.endsWith(".json") || !path.startsWith(prefix)) continue;
    files.set(path.slice(prefix.length), git(cwd, ["show", `${commit}:${path}`]));
  }
  return { ref, commit, files };
}

/** Writes a snapshot into a fresh temporary folder; call `dispose` when done. */
export function materialize(snapshot: RegistrySnapshot): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "jetschema-against-"));
  for (const [file, text] of snapshot.files) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
