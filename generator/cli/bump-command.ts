import { InvalidArgumentError, type Command } from "commander";
import { GitError } from "../released/git-registry.js";
import { formatDiagnostic, type Diagnostic } from "../base/diagnostics.js";
import { bumpVersion, type BumpResult } from "../scaffold/bump-version.js";
import { UnknownNameError } from "../base/unknown-name.js";
import { ScaffoldError } from "../scaffold/scaffold-error.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";

interface BumpFlags {
  schemas: string;
  minor?: boolean;
  major?: boolean;
  stream?: string;
  from?: number;
  against?: string;
}

export function registerBump(program: Command, io: Io): void {
  program
    .command("bump")
    .description("start the next minor (compatible change) or major (breaking change, new subject); an unreleased edit of the latest minor moves into it")
    .argument("<event>", "event name; event@<major> bumps the minor of an older major")
    .option("--minor", "next minor: same subject; the change must stay compatible")
    .option("--major", "next major: new subject, captured by a stream")
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--stream <name>", "for --major: the stream that gets the new subject (default: the previous major's stream)")
    .option("--from <major>", "for --major: start from this major's latest version (default: the latest major)", majorNumber)
    .option("--against <git-ref>", "what counts as released: the registry at this ref (default: the last commit, HEAD)")
    .action((event: string, opts: BumpFlags) => {
      if (Boolean(opts.minor) === Boolean(opts.major) || (opts.from !== undefined && !opts.major)) {
        io.err(opts.from !== undefined && opts.minor ? "jetschema bump: --from goes with --major; for a minor of an older major, write event@major" : "jetschema bump: give exactly one of --minor or --major");
        io.exit(EXIT.USAGE);
        return;
      }
      try {
        const r = bumpVersion(opts.schemas, event, opts.major ? "major" : "minor", {
          ...(opts.stream !== undefined ? { stream: opts.stream } : {}),
          ...(opts.from !== undefined ? { from: opts.from } : {}),
          ...(opts.against !== undefined ? { against: opts.against } : {}),
        });
        report(io, opts, event.split("@")[0]!, r);
      } catch (err) {
        if (err instanceof ScaffoldError) {
          io.err(`jetschema bump: ${err.message}`);
          io.exit(EXIT.INVALID);
          return;
        }
        if (err instanceof UnknownNameError) {
          io.err(`jetschema bump: ${err.message}`);
          io.exit(EXIT.USAGE);
          return;
        }
        if (err instanceof GitError) {
          io.err(`jetschema bump --against: ${err.message}`);
          io.exit(EXIT.USAGE);
          return;
        }
        reportFailure(io, err);
      }
    });
}

function majorNumber(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError("a major is a whole number, such as 1");
  return Number(text);
}

function report(io: Io, opts: BumpFlags, name: string, r: BumpResult): void {
  const root = opts.schemas;
  const route = `(subject ${r.subject}${r.stream ? `, stream ${r.stream}` : ""})`;
  if (r.moved) {
    io.out(`moved the edit of ${name} ${r.from} into ${root}/${r.files[0]}: ${name} ${r.to} ${route}`);
    io.out(r.moved.removed ? `removed ${root}/${r.moved.file}: it is not in ${r.moved.ref}, so no released version is lost` : `restored ${root}/${r.moved.file} to its content at ${r.moved.ref}`);
  } else {
    io.out(`created ${root}/${r.files[0]}: ${name} ${r.to}, a copy of ${r.from} ${route}`);
  }
  if (r.appended) io.out(`added "${r.appended}" to stream ${r.stream} in ${root}/registry.json`);
  for (const note of r.notes) io.err(`note: ${note}`);
  if (r.moved) io.out(r.carried.length > 0 ? `next: fix the errors below in ${root}/${r.files[0]}, then run jetschema generate` : "next: jetschema generate");
  else io.out(opts.major ? `next: make the breaking change in ${root}/${r.files[0]}, then run jetschema check` : `next: make the change in ${root}/${r.files[0]}; jetschema check tells you whether it is compatible`);
  list(io, root, r.carried, `${r.carried.length} error(s) came with the edit and are now in ${root}/${r.files[0]}; fix them there:`);
  list(io, root, r.remaining, `${r.remaining.length} error(s) were there before this bump and are not its own:`);
}

function list(io: Io, root: string, ds: Diagnostic[], heading: string): void {
  if (ds.length === 0) return;
  io.err(`note: ${heading}`);
  for (const d of ds) io.err("  " + formatDiagnostic(d, root));
}
