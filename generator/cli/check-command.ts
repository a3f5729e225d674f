import { Option, type Command } from "commander";
import { GitError } from "../released/git-registry.js";
import { formatReport, REPORT_FORMATS, type ReportFormat } from "./check-report.js";
import { runCheck, type CheckResult } from "../check-run.js";
import { defaultCacheDir } from "../cache/generator-cache.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";

export function registerCheck(program: Command, io: Io): void {
  program
    .command("check")
    .description("lint and compatibility: everything generate rejects, breaking changes inside a major, and (--against) edits to released versions")
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--against <git-ref>", "also compare with the registry at this git ref: released versions must not be edited or deleted")
    .addOption(new Option("--format <format>", "output format").choices(REPORT_FORMATS).default("text"))
    .option("--cache-dir <dir>", "where the verdicts on patterns of earlier runs are kept, generate's too (default: node_modules/.cache/jetschema)")
    .option("--no-cache", "neither read nor write the cache: judge every pattern again")
    .action((opts: { schemas: string; against?: string; format: ReportFormat; cache: boolean; cacheDir?: string }) => {
      try {
        const result = runCheck(opts.schemas, {
          ...(opts.against !== undefined ? { against: opts.against } : {}),
          ...(opts.cache ? { cache: { dir: opts.cacheDir ?? defaultCacheDir() } } : {}),
        });
        const report = formatReport(result.diagnostics, opts.format, opts.schemas, summary(opts.schemas, result));
        for (const line of report.out) io.out(line);
        for (const line of report.err) io.err(line);
        if (result.diagnostics.some((d) => d.severity === "error")) io.exit(EXIT.INVALID);
      } catch (err) {
        if (err instanceof GitError) {
          io.err(`jetschema check --against: ${err.message}`);
          io.exit(EXIT.USAGE);
          return;
        }
        reportFailure(io, err);
      }
    });
}

function summary(root: string, r: CheckResult): string {
  const errors = r.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = r.diagnostics.length - errors;
  const counts = r.model ? `${r.model.events.length} events, ${r.model.majors.length} majors` : "registry not loaded";
  const against = r.against
    ? `; against ${r.against.ref} (${r.against.commit.slice(0, 12)}): ${r.against.released} released version(s), ${r.against.added.length} new`
    : "";
  const problems = errors === 0 && warnings === 0 ? "no problems" : `${errors} error(s), ${warnings} warning(s)`;
  return `${root}: ${counts}${against}, ${problems}`;
}
