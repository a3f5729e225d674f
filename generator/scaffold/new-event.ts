/**
 * `jetschema new <event>`: version 1.0 of a new event — a schema with an example that validates —
 * on a subject some stream captures. With `stream`, the subject is appended to that stream when
 * none captures it yet; without, the command names the stream to extend and writes nothing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostic, type Diagnostic } from "../base/diagnostics.js";
import { unknownName } from "../base/unknown-name.js";
import { runCheck } from "../check-run.js";
import { fillTemplate } from "../model/subjects.js";
import { appendStreamSubject } from "./registry-edit.js";
import { ScaffoldError } from "./scaffold-error.js";
import { capturing, suggestStream } from "./stream-choice.js";
import { writeChecked, type FileWrite } from "./transaction.js";

export interface ScaffoldResult {
  /** Files written, relative to the registry folder. */
  files: string[];
  subject: string;
  stream?: string;
  /** The pattern appended to the stream, when one was. */
  appended?: string;
  /** Errors the registry already had (untouched by the command). */
  remaining: Diagnostic[];
}

const SEGMENT = /^[a-z][a-z0-9_-]*$/;
/**
 * Each segment is a folder name and a subject token: 64 characters leave room under a file
 * system's 255 bytes a name, and a 1000-character segment is a typo, not a name.
 */
export const MAX_SEGMENT = 64;

export function titleOf(event: string): string {
  return event
    .split(/[._-]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
}

export function scaffoldSchema(event: string): Record<string, unknown> {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: titleOf(event),
    description: `TODO: what happened when ${event} is published, in a sentence or two.`,
    type: "object",
    required: [],
    properties: {},
    additionalProperties: true,
    examples: [{}],
  };
}

export function newEvent(schemasDir: string, event: string, options: { stream?: string } = {}): ScaffoldResult {
  const segments = event.split(".");
  if (segments.some((s) => !SEGMENT.test(s))) {
    throw new ScaffoldError(`"${event}" is not an event name: dot-separated segments of lowercase a-z, 0-9, _ and -, each starting with a letter (order.placed)`);
  }
  const long = segments.find((s) => s.length > MAX_SEGMENT);
  if (long !== undefined) throw new ScaffoldError(`"${event.length > 100 ? event.slice(0, 100) + "..." : event}" is not an event name: a segment has ${long.length} characters, at most ${MAX_SEGMENT} are allowed`);
  if (segments[0] === "defs") throw new ScaffoldError(`"${event}": defs/ holds shared definitions, never events; choose another first segment`);
  const before = runCheck(schemasDir);
  const model = before.model;
  if (!model) throw new ScaffoldError(`the registry ${schemasDir} does not load; fix it first:\n${before.diagnostics.map((d) => "  " + formatDiagnostic(d, schemasDir)).join("\n")}`);
  if (model.events.some((e) => e.name === event)) throw new ScaffoldError(`${event} already exists; to change it, run: jetschema bump ${event} --minor (or --major)`);

  const subject = fillTemplate(model.config.subject, { namespace: model.config.namespace, event, major: 1 });
  const file = `${segments.join("/")}/1.0.json`;
  const writes: FileWrite[] = [{ path: join(schemasDir, file), text: JSON.stringify(scaffoldSchema(event), null, 2) + "\n" }];
  const captured = capturing(model.streams, subject);
  let stream = captured[0]?.name;
  let appended: string | undefined;
  if (options.stream !== undefined) {
    const target = model.streams.find((s) => s.name === options.stream);
    if (!target) throw unknownName("stream", options.stream, model.streams.map((s) => s.name));
    if (stream !== undefined && stream !== target.name) {
      throw new ScaffoldError(`"${subject}" is already captured by stream ${stream}; adding it to ${target.name} would make the streams overlap. Leave out --stream`);
    }
    if (stream === undefined) {
      const registryPath = join(schemasDir, "registry.json");
      writes.push({ path: registryPath, text: appendStreamSubject(readFileSync(registryPath, "utf8"), target.name, target.subjects, subject) });
      stream = target.name;
      appended = subject;
    }
  }
  if (stream === undefined) {
    const suggestion = suggestStream(model.streams, subject, model.dlq?.stream);
    const how = suggestion
      ? `run: jetschema new ${event} --stream ${suggestion.name} (appends "${subject}" to its subjects)`
      : `declare a stream for it in registry.json streams, then run: jetschema new ${event} --stream <NAME>`;
    throw new ScaffoldError(`no stream in registry.json captures "${subject}", so ${event} could not be published; ${how}`);
  }
  const outcome = writeChecked(schemasDir, before.diagnostics, writes);
  if (outcome.introduced.length > 0) {
    throw new ScaffoldError(`${event} was not created; it would break the registry:\n${outcome.introduced.map((d) => "  " + formatDiagnostic(d, schemasDir)).join("\n")}`);
  }
  return { files: [file, ...(appended ? ["registry.json"] : [])], subject, stream, ...(appended ? { appended } : {}), remaining: outcome.remaining };
}
