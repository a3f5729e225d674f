/**
 * `--prefix`, the runtime subjectPrefix of the environment a command works in, read with the
 * runtime's own rule (so the command and the services agree on what a prefix may be). A bad one
 * is the user's to fix: a usage error (exit 2, one line), not a failure of jetschema with a stack.
 */
import { UsageError } from "../base/usage-error.js";

export function subjectPrefixOption(normalize: (prefix: string | undefined) => string, prefix: string | undefined): string {
  try {
    return normalize(prefix);
  } catch (err) {
    throw new UsageError(`--prefix: ${(err as Error).message}`);
  }
}
