/**
 * A request jetschema refuses for a reason the user can fix (an output folder it must not
 * replace, an input over a limit of the command line): exit 2 with the message alone, which says
 * why and what to do; never a stack trace.
 */
export class UsageError extends Error {
  override name = "UsageError";
}

const FS_REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exceeded",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder, not a file",
  // mkdir -p through a file: the file is where a folder must be.
  EEXIST: "a file stands where a folder must be",
  ENOENT: "it does not exist",
  ELOOP: "too many levels of symbolic links",
  EMFILE: "too many open files",
};

/**
 * A file-system error (it has an errno code) as a UsageError: `what` failed, and why in words,
 * e.g. "cannot write the output folder generated: permission denied (EACCES)". Anything else is
 * returned as it was: a bug keeps its stack.
 */
export function fileSystemFailure(err: unknown, what: string): unknown {
  const why = fileSystemReason(err);
  return why === undefined ? err : new UsageError(`${what}: ${why}`);
}

/** Why a file-system error (it has an errno code) happened, in words: "permission denied (EACCES: /srv/app/x)"; undefined for any other error. */
export function fileSystemReason(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return undefined;
  const path = (err as NodeJS.ErrnoException).path;
  return `${FS_REASONS[code] ?? (err as Error).message}${path ? ` (${code}: ${path})` : ` (${code})`}`;
}

/** System calls that change the disk; a failed one is a write (open could be either, and says open). */
const WRITING = new Set(["write", "writev", "mkdir", "mkdtemp", "rename", "unlink", "rmdir", "rm", "symlink", "link", "copyfile", "utime", "futime", "chmod", "fchmod", "ftruncate", "fsync", "close"]);

/**
 * A file-system error no command put in words (it names a path and the system call) as a
 * UsageError: "cannot read generated/index.js: permission denied (EACCES: generated/index.js)".
 * A disk that refuses is the user's machine, not a bug of jetschema's, and needs no stack.
 */
export function unexplainedFileSystemFailure(err: unknown): unknown {
  const { path, syscall } = (err ?? {}) as NodeJS.ErrnoException;
  if (typeof path !== "string" || typeof syscall !== "string") return err;
  const verb = syscall === "open" ? "open" : WRITING.has(syscall) ? "write" : "read";
  return fileSystemFailure(err, `cannot ${verb} ${path}`);
}
