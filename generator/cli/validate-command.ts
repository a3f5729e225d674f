import { resolve } from "node:path";
import type { Command } from "commander";
import { isSyntaxError, parseJson } from "../load/json-file.js";
import type { MajorModel, VersionModel } from "../model/registry-model.js";
import { checkRegistryAt } from "../pipeline.js";
import { EXIT } from "./exit-codes.js";
import { reportFailure, type Io } from "./io.js";
import { limitsOf, readBounded, sizeProblem, structureProblem, type InputLimits } from "../load/input-limits.js";
import { lineColumn, pointerToPath } from "../load/json-file.js";
import type { ErrorObject } from "ajv";

export function registerValidate(program: Command, io: Io): void {
  program
    .command("validate")
    .description("validate a JSON file against an event's schema (exit 0 valid, 1 invalid)")
    .argument("<event>", "event name, optionally with a version: position.admitted, position.admitted@1, position.admitted@1.0")
    .argument("<file>", "JSON file holding the payload (or the whole event with --envelope); - reads stdin")
    .option("--schemas <dir>", "registry folder", "schemas")
    .option("--envelope", "the file is a whole event: check the envelope, then its data against the version it names")
    .action((eventArg: string, file: string, opts: { schemas: string; envelope?: boolean }) => {
      try {
        const { model, schemas } = checkRegistryAt(opts.schemas);
        const [name, requested] = eventArg.split("@") as [string, string | undefined];
        const event = model.events.find((e) => e.name === name);
        if (!event) {
          io.err(`unknown event "${name}"; events: ${model.events.map((e) => e.name).join(", ")}`);
          io.exit(EXIT.INVALID);
          return;
        }
        const text = readData(file, limitsOf(resolve(opts.schemas)), io);
        if (text === undefined) return;
        const parsed = parseJson(file, text);
        if (isSyntaxError(parsed)) {
          io.err(`${file}:${parsed.line}:${parsed.column}: ${parsed.message}`);
          io.exit(EXIT.INVALID);
          return;
        }
        const problems: string[] = [];
        let payload = parsed.value;
        let version: VersionModel | undefined;
        let dataPrefix = "";
        let asked = requested;
        if (opts.envelope) {
          const envelopeCheck = schemas.validator(model.envelope.file);
          if (!envelopeCheck(parsed.value)) {
            for (const e of envelopeCheck.errors ?? []) problems.push(`${file}#${e.instancePath}: ${describeError(e, parsed.value)} (envelope)`);
          }
          const env = (parsed.value ?? {}) as Record<string, unknown>;
          payload = env[model.envelope.fields.data];
          dataPrefix = `/${model.envelope.fields.data}`;
          const named = env[model.envelope.fields.version];
          asked = requested ?? (typeof named === "string" ? named : undefined);
          version = pickVersion(event.majors, asked);
          const type = env[model.envelope.fields.type];
          const types = [...new Set(event.majors.map((m) => m.type))];
          if (type !== undefined && !types.includes(type as string)) {
            problems.push(`${file}#/${model.envelope.fields.type}: the event's type is ${JSON.stringify(type)}, not ${name}'s (${types.map((t) => JSON.stringify(t)).join(" or ")})`);
          }
        } else {
          version = pickVersion(event.majors, requested);
        }
        if (!version) {
          const which = asked === undefined ? "no version" : `no version ${asked}${opts.envelope && requested === undefined ? ` (the version the event names)` : ""}`;
          io.err(`${name} has ${which}; versions: ${event.majors.flatMap((m) => m.versions.map((v) => v.version)).join(", ")}`);
          io.exit(EXIT.INVALID);
          return;
        }
        const check = schemas.validator(version.file);
        if (!check(payload)) {
          for (const e of check.errors ?? []) problems.push(`${file}#${dataPrefix}${e.instancePath}: ${describeError(e, payload)}`);
        }
        if (problems.length > 0) {
          io.err(`${file} is not a valid ${name} ${version.version}:`);
          for (const p of problems) io.err(`  ${p}`);
          io.exit(EXIT.INVALID);
          return;
        }
        io.out(`${file} is a valid ${name} ${version.version}${opts.envelope ? " event" : " payload"}`);
      } catch (err) {
        reportFailure(io, err);
      }
    });
}

/** "1.0" exact, "1" the latest minor of major 1, undefined the latest version overall. */
function pickVersion(majors: MajorModel[], requested: string | undefined): VersionModel | undefined {
  if (requested === undefined) return majors[majors.length - 1]?.latest;
  if (/^\d+$/.test(requested)) return majors.find((m) => m.major === Number(requested))?.latest;
  return majors.flatMap((m) => m.versions).find((v) => v.version === requested);
}

/** The data file's text within the registry's input limits; undefined (exit 1 reported) otherwise. */
function readData(file: string, limits: InputLimits, io: Io): string | undefined {
  const fail = (message: string) => {
    io.err(message);
    io.exit(EXIT.INVALID);
    return undefined;
  };
  let read;
  try {
    read = readBounded(file, limits.maxFileSize);
  } catch (err) {
    return fail(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!("bytes" in read)) return fail(`${file}: ${sizeProblem(Infinity, limits)}`);
  const text = read.bytes.toString("utf8");
  const over = structureProblem(text, limits);
  if (!over) return text;
  const at = lineColumn(text, over.offset);
  return fail(`${file}:${at.line}:${at.column}: ${over.message}`);
}

/** ajv's message; for const and enum also the value received, which ajv leaves out. */
function describeError(e: ErrorObject, data: unknown): string {
  const message = e.message ?? e.keyword;
  if (e.keyword !== "const" && e.keyword !== "enum") return message;
  let value = data;
  for (const key of pointerToPath(e.instancePath)) value = (value as Record<string | number, unknown> | undefined)?.[key];
  const allowed = e.keyword === "const" ? (e.params as { allowedValue: unknown }).allowedValue : (e.params as { allowedValues: unknown[] }).allowedValues;
  return `${message} ${JSON.stringify(allowed)}, got ${JSON.stringify(value)}`;
}
