import type { Command } from "commander";
import { checkGenerated, generate } from "../pipeline.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";

export function registerGenerate(program: Command, io: Io): void {
  program
    .command("generate")
    .description("generate the typed event package from a registry")
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--out <dir>", "output folder (replaced atomically)", "generated")
    .option("--templates <dir>", "folder with Handlebars templates overriding the built-in ones")
    .option("--check", "write nothing; exit 1 and list the files that differ when the output is stale")
    .action(async (opts: { schemas: string; out: string; templates?: string; check?: boolean }) => {
      const options = { schemas: opts.schemas, out: opts.out, ...(opts.templates ? { templates: opts.templates } : {}) };
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
        const { files } = await generate(options);
        io.out(`generated ${files} files in ${opts.out} from ${opts.schemas} in ${Math.round(performance.now() - started)} ms`);
      } catch (err) {
        reportFailure(io, err);
      }
    });
}
