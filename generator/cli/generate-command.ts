import type { Command } from "commander";
import { checkGenerated, generate } from "../pipeline.js";
import { defaultCacheDir } from "../cache/generator-cache.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";
import { StageTimings } from "../timings.js";

export function registerGenerate(program: Command, io: Io): void {
  program
    .command("generate")
    .description("generate the typed event package from a registry")
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--out <dir>", "output folder (replaced atomically)", "generated")
    .option("--templates <dir>", "folder with Handlebars templates overriding the built-in ones")
    .option("--check", "write nothing; exit 1 and list the files that differ when the output is stale")
    .option("--cache-dir <dir>", "where to keep the cache of earlier runs (default: node_modules/.cache/jetschema)")
    .option("--no-cache", "neither read nor write the cache: render everything from scratch")
    .option("--timings", "print the time each stage took (to stderr)")
    .action(async (opts: { schemas: string; out: string; templates?: string; check?: boolean; cache: boolean; cacheDir?: string; timings?: boolean }) => {
      const timings = opts.timings ? new StageTimings() : undefined;
      const options = {
        schemas: opts.schemas,
        out: opts.out,
        ...(opts.templates ? { templates: opts.templates } : {}),
        ...(opts.cache ? { cache: { dir: opts.cacheDir ?? defaultCacheDir() } } : {}),
        ...(timings ? { timings } : {}),
      };
      try {
        const started = performance.now();
        if (opts.check) {
          const differing = await checkGenerated(options);
          if (differing.length > 0) {
            io.err(`${opts.out} is stale: ${differing.length} file(s) differ from what the registry generates:`);
            for (const f of differing) io.err(`  ${f}`);
            io.err(`run: jetschema generate --schemas ${opts.schemas} --out ${opts.out}`);
            io.exit(EXIT.INVALID);
            return;
          }
          io.out(`${opts.out} is up to date with ${opts.schemas}`);
          return;
        }
        const { files, upToDate } = await generate(options);
        const ms = Math.round(performance.now() - started);
        if (upToDate) io.out(`${opts.out} is up to date with ${opts.schemas}: ${files} files, nothing rewritten (${ms} ms)`);
        else io.out(`generated ${files} files in ${opts.out} from ${opts.schemas} in ${ms} ms`);
        if (timings) io.err(`stage timings:\n${timings.report()}`);
      } catch (err) {
        reportFailure(io, err);
      }
    });
}
