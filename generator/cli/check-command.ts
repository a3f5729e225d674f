import type { Command } from "commander";
import { checkRegistryAt } from "../pipeline.js";
import { reportFailure, type Io } from "./io.js";

export function registerCheck(program: Command, io: Io): void {
  program
    .command("check")
    .description("lint a registry: everything generate rejects, without writing anything")
    .option("--schemas <dir>", "registry folder", "schemas")
    .action((opts: { schemas: string }) => {
      try {
        const { model } = checkRegistryAt(opts.schemas);
        io.out(`${opts.schemas}: ${model.events.length} events, ${model.majors.length} majors, no problems`);
      } catch (err) {
        reportFailure(io, err);
      }
    });
}
