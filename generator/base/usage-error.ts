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
