/**
 * `jetschema validate <event> <file...>`: JSON documents checked against an event's schema in one
 * process (the registry is loaded and checked once): files, `-` for stdin, and with `--ndjson`
 * one document per line. A result per document; with more than one, a summary. Exit 0 when every
 * document is valid, 1 when any is not (or the event is unknown), 2 on usage errors.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { limitsOf, type InputLimits } from "../load/input-limits.js";
import { checkRegistryAt } from "../front-end/front-end.js";
import { unknownName } from "../base/unknown-name.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";
import { pickVersion, validateDocument, type ValidationTarget } from "./validate-document.js";
import { inputDocuments, STDIN } from "./validate-inputs.js";

interface ValidateOptions {
  schemas: string;
  envelope?: boolean;
  ndjson?: boolean;
}

export function registerValidate(program: Command, io: Io): void {
  program
    .command("validate")
    .description("validate JSON documents against an event's schema (exit 0 all valid, 1 any invalid)")
    .argument("<event>", "event name, optionally with a version: position.admitted, position.admitted@1, position.admitted@1.0")
    .argument("<files...>", "JSON files holding the payload (or the whole event with --envelope); - reads stdin")
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--envelope", "each document is a whole event: check the envelope, then its data against the version it names")
    .option("--ndjson", "each file (or stdin) holds one JSON document per line (newline-delimited JSON)")
    .action(async (eventArg: string, files: string[], opts: ValidateOptions) => {
      if (files.filter((f) => f === STDIN).length > 1) {
        io.err("stdin (-) can be read once; name it one time");
        io.exit(EXIT.USAGE);
        return;
      }
      try {
        const target = resolveTarget(eventArg, opts);
        await validateAll(target, files, { ndjson: opts.ndjson ?? false, limits: limitsOf(resolve(opts.schemas)) }, io);
      } catch (err) {
        reportFailure(io, err);
      }
    });
}

/** The event and version named on the command line; one the registry does not declare is a UsageError (exit 2). */
function resolveTarget(eventArg: string, opts: ValidateOptions): ValidationTarget {
  const { model, schemas } = checkRegistryAt(opts.schemas);
  const [name, requested] = eventArg.split("@") as [string, string | undefined];
  const event = model.events.find((e) => e.name === name);
  if (!event) throw unknownName("event", name, model.events.map((e) => e.name));
  if (requested !== undefined && !pickVersion(event.majors, requested)) {
    const versions = event.majors.flatMap((m) => m.versions.map((v) => v.version));
    throw unknownName("version", requested, versions, { of: name, hint: `or a major, for its latest minor: ${event.majors.map((m) => m.major).join(", ")}` });
  }
  return { model, schemas, event, requested, envelope: opts.envelope ?? false };
}

async function validateAll(target: ValidationTarget, files: string[], inputs: { ndjson: boolean; limits: InputLimits }, io: Io): Promise<void> {
  let valid = 0;
  let invalid = 0;
  for await (const doc of inputDocuments(files, inputs)) {
    const result =
      doc.text === undefined
        ? { valid: false as const, lines: [doc.unreadable ?? `cannot read ${doc.label}`] }
        : validateDocument(target, doc.label, doc.text, { file: doc.input, ...(doc.line !== undefined ? { line: doc.line } : {}) });
    if (result.valid) {
      valid++;
      io.out(result.line);
    } else {
      invalid++;
      for (const line of result.lines) io.err(line);
    }
  }
  if (inputs.ndjson || files.length > 1) io.out(`${valid + invalid} documents: ${valid} valid, ${invalid} invalid`);
  if (invalid > 0) io.exit(EXIT.INVALID);
}
