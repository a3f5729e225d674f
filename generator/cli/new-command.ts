import type { Command } from "commander";
import { formatDiagnostic } from "../base/diagnostics.js";
import { newEvent } from "../scaffold/new-event.js";
import { UnknownNameError } from "../base/unknown-name.js";
import { ScaffoldError } from "../scaffold/scaffold-error.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";

export function registerNew(program: Command, io: Io): void {
  program
    .command("new")
    .description("scaffold version 1.0 of a new event: a schema with an example, on a subject a stream captures")
    .argument("<event>", "event name, dot-separated: order.placed")
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--stream <name>", "when no stream captures the new subject, append it to this stream's subjects in registry.json")
    .action((event: string, opts: { schemas: string; stream?: string }) => {
      try {
        const r = newEvent(opts.schemas, event, opts.stream !== undefined ? { stream: opts.stream } : {});
        io.out(`created ${opts.schemas}/${r.files[0]} (${event} 1.0, subject ${r.subject}, stream ${r.stream})`);
        if (r.appended) io.out(`added "${r.appended}" to stream ${r.stream} in ${opts.schemas}/registry.json`);
        io.out(`next: describe the payload in ${opts.schemas}/${r.files[0]} (properties, required, examples), then run jetschema check`);
        if (r.remaining.length > 0) {
          io.err(`note: the registry already had ${r.remaining.length} error(s), untouched:`);
          for (const d of r.remaining) io.err("  " + formatDiagnostic(d, opts.schemas));
        }
      } catch (err) {
        if (err instanceof ScaffoldError) {
          io.err(`jetschema new: ${err.message}`);
          io.exit(EXIT.INVALID);
          return;
        }
        if (err instanceof UnknownNameError) {
          io.err(`jetschema new: ${err.message}`);
          io.exit(EXIT.USAGE);
          return;
        }
        reportFailure(io, err);
      }
    });
}
