/**
 * `jetschema bump <event> --minor|--major`: copies the latest version into the next file. A minor
 * is byte-for-byte the same (edit it; `jetschema check` judges the change); a major drops
 * `deprecated` and gets a stream for its new subject: the stream of the previous major, extended
 * by the analogous pattern (…position.*.v1 → …position.*.v2), unless one captures it already.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostic } from "../diagnostics.js";
import { runCheck } from "../compat/run-check.js";
import { fillTemplate } from "../model/subjects.js";
import type { ScaffoldResult } from "./new-event.js";
import { appendStreamSubject, removeTopLevelKey } from "./registry-edit.js";
import { ScaffoldError } from "./scaffold-error.js";
import { capturing, patternFor } from "./stream-choice.js";
import { writeChecked, type FileWrite } from "./transaction.js";

export interface BumpResult extends ScaffoldResult {
  from: string;
  to: string;
}

export function bumpVersion(schemasDir: string, eventArg: string, kind: "minor" | "major", options: { stream?: string } = {}): BumpResult {
  const [name, majorText] = eventArg.split("@") as [string, string | undefined];
  const before = runCheck(schemasDir);
  const model = before.model;
  if (!model) throw new ScaffoldError(`the registry ${schemasDir} does not load; fix it first:\n${before.diagnostics.map((d) => "  " + formatDiagnostic(d, schemasDir)).join("\n")}`);
  const event = model.events.find((e) => e.name === name);
  if (!event) throw new ScaffoldError(`unknown event "${name}"; create it with: jetschema new ${name}`);
  const last = event.majors[event.majors.length - 1]!;
  let major = last;
  if (majorText !== undefined) {
    const m = event.majors.find((x) => x.major === Number(majorText));
    if (!m || !/^\d+$/.test(majorText)) throw new ScaffoldError(`${name} has no major ${majorText}; majors: ${event.majors.map((x) => x.major).join(", ")}`);
    if (kind === "major" && m !== last) throw new ScaffoldError(`${name} already has major ${last.major}; --major always starts ${last.major + 1}.0 from the latest version`);
    major = m;
  }
  const src = major.latest;
  const srcText = readFileSync(join(schemasDir, src.file), "utf8");
  const dir = src.file.slice(0, src.file.lastIndexOf("/"));
  const nextMajor = last.major + 1;
  const to = kind === "minor" ? `${major.major}.${src.minor + 1}` : `${nextMajor}.0`;
  const file = `${dir}/${to}.json`;
  const writes: FileWrite[] = [];

  if (kind === "minor") {
    writes.push({ path: join(schemasDir, file), text: srcText });
    const outcome = writeChecked(schemasDir, before.diagnostics, writes);
    if (outcome.introduced.length > 0) throw refused(file, outcome.introduced, schemasDir);
    return { from: src.version, to, files: [file], subject: major.subject, ...(major.stream ? { stream: major.stream } : {}), remaining: outcome.remaining };
  }

  const xSubject = src.doc.schema["x-subject"];
  const template = typeof xSubject === "string" ? xSubject : model.config.subject;
  const subject = fillTemplate(template, { namespace: model.config.namespace, event: name, major: nextMajor });
  if (model.majors.some((m) => m.subject === subject)) {
    throw new ScaffoldError(`${name} ${to} would be published on "${subject}", which ${name}@${last.major} already uses: its x-subject has no {major}. Give ${src.file} an x-subject with {major} first, or write ${file} by hand with a new x-subject`);
  }
  writes.push({ path: join(schemasDir, file), text: removeTopLevelKey(srcText, "deprecated") });
  let stream = capturing(model.streams, subject)[0]?.name;
  let appended: string | undefined;
  if (last.delivery === "at-least-once") {
    if (options.stream !== undefined && stream !== undefined && stream !== options.stream) {
      throw new ScaffoldError(`"${subject}" is already captured by stream ${stream}; leave out --stream`);
    }
    if (stream === undefined) {
      const targetName = options.stream ?? last.stream;
      const target = model.streams.find((s) => s.name === targetName);
      if (!target) {
        throw new ScaffoldError(
          targetName === undefined
            ? `no stream captures "${subject}" and ${name}@${last.major} has none to extend; run: jetschema bump ${name} --major --stream <NAME>`
            : `there is no stream ${targetName} in registry.json; streams: ${model.streams.map((s) => s.name).join(", ")}`,
        );
      }
      appended = patternFor(model.streams, target, last.subject, subject);
      const registryPath = join(schemasDir, "registry.json");
      writes.push({ path: registryPath, text: appendStreamSubject(readFileSync(registryPath, "utf8"), target.name, target.subjects, appended) });
      stream = target.name;
    }
  }
  const outcome = writeChecked(schemasDir, before.diagnostics, writes);
  if (outcome.introduced.length > 0) throw refused(file, outcome.introduced, schemasDir);
  return {
    from: src.version,
    to,
    files: [file, ...(appended ? ["registry.json"] : [])],
    subject,
    ...(stream ? { stream } : {}),
    ...(appended ? { appended } : {}),
    remaining: outcome.remaining,
  };
}

function refused(file: string, introduced: Parameters<typeof formatDiagnostic>[0][], root: string): ScaffoldError {
  return new ScaffoldError(`${file} was not written; it would break the registry:\n${introduced.map((d) => "  " + formatDiagnostic(d, root)).join("\n")}`);
}
