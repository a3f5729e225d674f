import { RegistryError } from "../base/diagnostics.js";
import { UsageError } from "../base/usage-error.js";
import { EXIT } from "./exit-codes.js";

/** Where a command writes; injected so tests can run the CLI in process. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  exit(code: number): void;
}

/** Registry problems are the user's input (exit 1); anything else is jetschema's failure (exit 2). */
export function reportFailure(io: Io, err: unknown): void {
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
