/**
 * `jetschema bump <event> --minor|--major`: copies the latest version into the next file. A minor
 * is byte-for-byte the same (edit it; `jetschema check` judges the change); a major drops
 * `deprecated` and gets a stream for its new subject: the stream of the previous major, extended
 * by the analogous pattern (…position.*.v1 → …position.*.v2), unless one captures it already.
 * When the copied minor holds an unreleased edit (its file differs from the last commit, or from
 * --against), the edit moves: the new file gets it and the minor gets its released content back,
 * in one checked write. A minor never released that breaks moves whole: it cannot stay as it is,
 * and removing it loses nothing released.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostic, type Diagnostic } from "../base/diagnostics.js";
import { unknownName } from "../base/unknown-name.js";
import { runCheck } from "../check-run.js";
import { fillTemplate } from "../model/subjects.js";
import type { MajorModel } from "../model/registry-model.js";
import { chooseSource, holdsEdit } from "./bump-source.js";
import type { ScaffoldResult } from "./new-event.js";
import { refHolding, releasedRegistry, type MinorState, type Released } from "./released-content.js";
import { appendStreamSubject, removeTopLevelKey } from "./registry-edit.js";
import { ScaffoldError } from "./scaffold-error.js";
import { capturing, patternFor } from "./stream-choice.js";
import { writeChecked, type FileWrite, type WriteOutcome } from "./transaction.js";

export interface BumpResult extends ScaffoldResult {
  from: string;
  to: string;
  /**
   * Set when an unreleased edit of `from` moved into the new file: `file` (`from`'s) got its
   * content at `ref` back, or was removed when it was not in `ref` at all.
   */
  moved?: { file: string; ref: string; removed: boolean };
  /** Errors of the moved edit, now in the new file. */
  carried: Diagnostic[];
  /** What bump could not do or decided for the user, in sentences. */
  notes: string[];
}

export interface BumpOptions {
  stream?: string;
  /** --major: the major whose latest version the new major starts from. */
  from?: number;
  /** The git ref whose registry counts as released (default HEAD). */
  against?: string;
}

export function bumpVersion(schemasDir: string, eventArg: string, kind: "minor" | "major", options: BumpOptions = {}): BumpResult {
  const [name, majorText] = eventArg.split("@") as [string, string | undefined];
  const released = releasedRegistry(schemasDir, options.against);
  const before = runCheck(schemasDir);
  const model = before.model;
  if (!model) throw new ScaffoldError(`the registry ${schemasDir} does not load; fix it first:\n${before.diagnostics.map((d) => "  " + formatDiagnostic(d, schemasDir)).join("\n")}`);
  const event = model.events.find((e) => e.name === name);
  if (!event) throw unknownName("event", name, model.events.map((e) => e.name), { hint: `to create it: jetschema new ${name}` });
  if (majorText !== undefined && !/^\d+$/.test(majorText)) throw unknownName("major", majorText, event.majors.map((x) => String(x.major)), { of: name });
  const streams = model.streams.map((s) => s.name);
  if (options.stream !== undefined && !streams.includes(options.stream)) throw unknownName("stream", options.stream, streams);
  const last = event.majors[event.majors.length - 1]!;
  const breaking = new Set(before.diagnostics.filter((d) => d.severity === "error" && (d.breaks ?? []).length > 0).map((d) => d.file));
  const source = chooseSource(event, released, {
    kind,
    breaking,
    ...(majorText !== undefined ? { atMajor: Number(majorText) } : {}),
    ...(options.from !== undefined ? { from: options.from } : {}),
  });
  const major = source.major;
  const src = major.latest;
  const srcText = readFileSync(join(schemasDir, src.file), "utf8");
  const dir = src.file.slice(0, src.file.lastIndexOf("/"));
  const nextMajor = last.major + 1;
  const to = kind === "minor" ? `${major.major}.${src.minor + 1}` : `${nextMajor}.0`;
  const file = `${dir}/${to}.json`;
  refuseReleasedNumber(schemasDir, released, options.against, name, to, (n) => (kind === "minor" ? `${dir}/${major.major}.${n}.json` : `${dir}/${n}.0.json`), kind === "minor" ? src.minor + 1 : nextMajor);
  const state = source.state;
  const srcErrors = before.diagnostics.filter((d) => d.severity === "error" && d.file === src.file);
  const majorBump = `jetschema bump ${name} --major${major === last ? "" : ` --from ${major.major}`}`;
  const movesEdit = holdsEdit(state, major, breaking);
  if (kind === "minor" && movesEdit && breaking.has(src.file)) {
    throw new ScaffoldError(`the edit of ${name} ${src.version} is breaking, and a minor must stay compatible; nothing was written. A breaking change goes in a new major: ${majorBump}`);
  }
  const notes = movesEdit ? [] : notesFor(schemasDir, name, src.version, to, state, srcErrors.length > 0);
  if (source.leftBehind) notes.push(leftBehindNote(schemasDir, name, to, source.leftBehind));
  const writes: FileWrite[] = [];
  const moved = new Map<string, string>();
  // The edit moves: the minor gets its released content back, or goes, when it was never released.
  if (state.state === "edited") writes.push({ path: join(schemasDir, src.file), text: state.releasedText });
  else if (movesEdit) writes.push({ path: join(schemasDir, src.file), remove: true });
  if (movesEdit) moved.set(src.file, file);
  const movedInfo = movesEdit && state.state !== "unknown" ? { moved: { file: src.file, ref: state.ref, removed: state.state === "new" } } : {};

  if (kind === "minor") {
    writes.push({ path: join(schemasDir, file), text: srcText });
    const outcome = writeChecked(schemasDir, before.diagnostics, writes, moved);
    if (outcome.introduced.length > 0) {
      const breaks = movesEdit ? outcome.introduced.filter((d) => d.file === file && (d.breaks ?? []).length > 0) : [];
      // The edit breaks the minor it was edited in only once it is compared with it: say so of the edit, not of the file that was not written.
      if (breaks.length > 0) {
        const found = breaks.map((d) => `${d.rule} (${d.breaks!.join(", ")}) at #${d.pointer}`).join("; ");
        throw new ScaffoldError(`the edit of ${name} ${src.version} is breaking (as ${to} it breaks: ${found}), and a minor must stay compatible; nothing was written. A breaking change goes in a new major: ${majorBump}`);
      }
      throw refused(file, outcome, schemasDir);
    }
    return { from: src.version, to, files: [file], subject: major.subject, ...(major.stream ? { stream: major.stream } : {}), remaining: outcome.remaining, carried: outcome.carried, notes, ...movedInfo };
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
      if (!target) throw new ScaffoldError(`no stream captures "${subject}" and ${name}@${last.major} has none to extend; run: jetschema bump ${name} --major --stream <NAME>`);
      appended = patternFor(model.streams, target, last.subject, subject);
      const registryPath = join(schemasDir, "registry.json");
      writes.push({ path: registryPath, text: appendStreamSubject(readFileSync(registryPath, "utf8"), target.name, target.subjects, appended) });
      stream = target.name;
    }
  }
  const outcome = writeChecked(schemasDir, before.diagnostics, writes, moved);
  if (outcome.introduced.length > 0) throw refused(file, outcome, schemasDir);
  return {
    from: src.version,
    to,
    files: [file, ...(appended ? ["registry.json"] : [])],
    subject,
    ...(stream ? { stream } : {}),
    ...(appended ? { appended } : {}),
    remaining: outcome.remaining,
    carried: outcome.carried,
    notes,
    ...movedInfo,
  };
}

/**
 * A version whose file was released (it is in HEAD, or in --against) is that schema's for good:
 * a new file under its number would give one version two meanings. `fileOf(n)` is the file of
 * the n-th minor (or major) from `first`, the one bump was about to write.
 */
function refuseReleasedNumber(root: string, released: Released, against: string | undefined, name: string, to: string, fileOf: (n: number) => string, first: number): void {
  const ref = refHolding(root, released, against, fileOf(first));
  if (ref === undefined) return;
  let free = first + 1;
  while (existsSync(join(root, fileOf(free))) || refHolding(root, released, against, fileOf(free)) !== undefined) free++;
  const freeVersion = fileOf(free).slice(fileOf(free).lastIndexOf("/") + 1, -".json".length);
  const path = `${root}/${fileOf(first)}`;
  throw new ScaffoldError(
    `${name} ${to} was released: ${path} is in ${ref} but not here, and a released version number is never given to another schema; nothing was written. Put it back (git checkout ${ref} -- ${path}) and bump again; the next free number is ${freeVersion}`,
  );
}

/** What the user should know about the content the new version starts from, when no edit moves. */
function notesFor(root: string, name: string, v: string, to: string, state: MinorState, hasErrors: boolean): string[] {
  const notes: string[] = [];
  if (state.state === "unknown") notes.push(`${state.why}, so bump cannot tell an edit of ${name} ${v} from its released content: ${to} is a copy of ${v} as it is now; if ${v} holds an edit, put it back as released by hand`);
  if (state.state === "new") notes.push(`${name} ${v} is not in ${state.ref}, so it has no released content to restore: ${to} is a copy of ${v} as it is now`);
  if (state.state === "unchanged" && hasErrors) notes.push(`${name} ${v} is the same as at ${state.ref}: there is no edit to move (to move one that is already committed, name the release: --against <ref>)`);
  return notes;
}

function leftBehindNote(root: string, name: string, to: string, leftBehind: MajorModel): string {
  const lb = leftBehind.latest;
  return `your edit of ${name} ${lb.version} is not part of ${to} and stays where it is: make it again in ${to}.json if ${to} needs it, and put ${root}/${lb.file} back as committed (git checkout -- ${root}/${lb.file})`;
}

function refused(file: string, outcome: WriteOutcome, root: string): ScaffoldError {
  const list = (ds: Diagnostic[]) => ds.map((d) => "  " + formatDiagnostic(d, root)).join("\n");
  const earlier = outcome.remaining.length > 0 ? `\nerrors that were there before this bump (not its own):\n${list(outcome.remaining)}` : "";
  return new ScaffoldError(`${file} was not written; it would cause these error(s):\n${list(outcome.introduced)}${earlier}`);
}
