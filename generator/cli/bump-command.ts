import type { Command } from "commander";
import { formatDiagnostic } from "../diagnostics.js";
import { bumpVersion } from "../scaffold/bump-version.js";
import { ScaffoldError } from "../scaffold/scaffold-error.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";

export function registerBump(program: Command, io: Io): void {
  program
    .command("bump")
    .description("copy the latest version of an event into the next minor (compatible change) or major (breaking change, new subject)")
    .argument("<event>", "event name; event@<major> bumps the minor of an older major")
    .option("--minor", "next minor: same subject; the change must stay compatible")
    .option("--major", "next major: new subject, captured by a stream")
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--stream <name>", "for --major: the stream that gets the new subject (default: the previous major's stream)")
    .action((event: string, opts: { schemas: string; minor?: boolean; major?: boolean; stream?: string }) => {
      if (Boolean(opts.minor) === Boolean(opts.major)) {
        io.err("jetschema bump: give exactly one of --minor or --major");
        io.exit(EXIT.USAGE);
        return;
      }
      try {
        const r = bumpVersion(opts.schemas, event, opts.major ? "major" : "minor", opts.stream !== undefined ? { stream: opts.stream } : {});
        const name = event.split("@")[0];
        io.out(`created ${opts.schemas}/${r.files[0]}: ${name} ${r.to}, a copy of ${r.from} (subject ${r.subject}${r.stream ? `, stream ${r.stream}` : ""})`);
        if (r.appended) io.out(`added "${r.appended}" to stream ${r.stream} in ${opts.schemas}/registry.json`);
        io.out(
          opts.major
            ? `next: make the breaking change in ${opts.schemas}/${r.files[0]}, then run jetschema check`
            : `next: make the change in ${opts.schemas}/${r.files[0]}; jetschema check tells you whether it is compatible`,
        );
        if (r.remaining.length > 0) {
          io.err(`note: the registry still has ${r.remaining.length} error(s) from before:`);
          for (const d of r.remaining) io.err("  " + formatDiagnostic(d, opts.schemas));
        }
      } catch (err) {
        if (err instanceof ScaffoldError) {
          io.err(`jetschema bump: ${err.message}`);
          io.exit(EXIT.INVALID);
          return;
        }
        reportFailure(io, err);
      }
    });
}
