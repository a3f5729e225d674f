import { RegistryError } from "../base/diagnostics.js";
import { UsageError, unexplainedFileSystemFailure } from "../base/usage-error.js";
import { EXIT } from "./exit-codes.js";

/** Where a command writes; injected so tests can run the CLI in process. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  exit(code: number): void;
}

/**
 * Registry problems are the user's input (exit 1); a refused request or a disk that cannot be read
 * or written is exit 2 with its reason; anything else is jetschema's failure (exit 2, with the
 * stack). Every command ends its errors here, so a file-system error a command did not put in
 * words still reaches the user as one line naming the path, never as a trace.
 */
export function reportFailure(io: Io, thrown: unknown): void {
  const err = unexplainedFileSystemFailure(thrown);
  if (err instanceof RegistryError) {
    io.err(err.message);
    io.exit(EXIT.INVALID);
    return;
  }
  if (err instanceof UsageError) {
    io.err(err.message);
    io.exit(EXIT.USAGE);
    return;
  }
  io.err(`jetschema failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  io.exit(EXIT.USAGE);
}
