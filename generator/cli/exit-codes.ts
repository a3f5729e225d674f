/** Exit codes of every jetschema command (documented in docs/cli.md). */
export const EXIT = {
  /** Success: generated, up to date, valid. */
  OK: 0,
  /** The input is wrong: registry errors, invalid data, stale output under --check. */
  INVALID: 1,
  /** The command itself is wrong (unknown option, missing argument) or jetschema failed. */
  USAGE: 2,
} as const;
