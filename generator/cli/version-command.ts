import type { Command } from "commander";
import { GitError } from "../released/git-registry.js";
import { applyVersion } from "../scaffold/apply-version.js";
import { ScaffoldError } from "../scaffold/scaffold-error.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";

export function registerVersion(program: Command, io: Io): void {
  program
    .command("version")
    .description(
      "set registry.json's package.version to the bump the changes since a git ref need: documentation only → patch; a new event, minor or major, or released content changed in place (which check --against refuses) → minor; a removed event, major or minor (the package loses its exports, even when the major stays), or a moved subject → major",
    )
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--against <git-ref>", "the released registry to compare with", "origin/main")
    .action((opts: { schemas: string; against: string }) => {
      try {
        const r = applyVersion(opts.schemas, opts.against);
        if (r.changed) io.out(`package.version ${r.from} → ${r.to} (${r.bump ? `${r.bump}: ` : ""}${r.why}; ${r.released} at ${opts.against})`);
        else io.out(`package.version ${r.from} is right (${r.bump ? `${r.bump} since ${r.released} at ${opts.against}: ${r.why}` : r.why})`);
      } catch (err) {
        if (err instanceof GitError) {
          io.err(`jetschema version: ${err.message}`);
          io.exit(EXIT.USAGE);
          return;
        }
        if (err instanceof ScaffoldError) {
          io.err(`jetschema version: ${err.message}`);
          io.exit(EXIT.INVALID);
          return;
        }
        reportFailure(io, err);
      }
    });
}
