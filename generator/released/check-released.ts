/**
 * `check --against <ref>`: what was released at the ref stays as it was. A version file that
 * existed there may change only in documentation keywords, and so may every shared definition it
 * uses (in-place.ts, which the package version's bump reads too); it may not disappear; a
 * released major keeps its subject; the envelope changes only compatibly. A registry at the ref
 * that does not load is reported, since those comparisons need it. New versions are checked by
 * the ordinary compatibility rules.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "jsonc-parser";
import { Diagnostics, type Diagnostic } from "../base/diagnostics.js";
import { classify } from "../load/scan.js";
import { envelopeFileOf } from "../load/envelope-file.js";
import type { RegistryModel, VersionModel } from "../model/registry-model.js";
import { canonicalUri } from "../resolve/resolve-refs.js";
import { compareSchemas } from "../compat/compare.js";
import type { RegistrySnapshot } from "./git-registry.js";
import { modelAt, whyNotLoaded } from "./registry-at-ref.js";
import { enforcedDirections } from "../compat/modes.js";
import { definitionsChangedInPlace, EDITABLE_KEYWORDS, editedInPlace, nextMinorCommand, versionList, withoutEditable } from "./in-place.js";
import { checkPackageVersion } from "./package-version.js";
import { checkModes } from "./mode-changes.js";
import { checkSettingChanges } from "./setting-changes.js";
import { RULE_ENVELOPE_MODE_WEAKENED, RULE_MODE_WEAKENED } from "../compat/mode-strength.js";
import { policyOf, RULE_POLICY_WEAKENED } from "../compat/policy.js";
import { deepEqual, isObject, resolverFor } from "../compat/schema-view.js";
import { pointerToken } from "../base/json-pointer.js";
import { eventKey } from "../model/names.js";

export const RULE_EDITED = "A released version is never edited in place";
export const RULE_DELETED = "A released version is never deleted";
export const RULE_DEFS = "A shared definition a released version uses is never edited in place";
export const RULE_SUBJECT = "A released major keeps its subject";
export const RULE_ENVELOPE = "The envelope changes only compatibly";
export const RULE_REF_LOADS = "The registry at the ref loads";
export const RELEASED_RULES = [RULE_EDITED, RULE_DELETED, RULE_DEFS, RULE_SUBJECT, RULE_ENVELOPE, RULE_MODE_WEAKENED, RULE_ENVELOPE_MODE_WEAKENED, RULE_POLICY_WEAKENED, RULE_REF_LOADS];

export { EDITABLE_KEYWORDS };

export interface AgainstSummary {
  ref: string;
  commit: string;
  released: number;
  added: string[];
}

export function checkAgainst(model: RegistryModel, snapshot: RegistrySnapshot, report: Diagnostics): AgainstSummary {
  const at = `${snapshot.ref} (${snapshot.commit.slice(0, 12)})`;
  const oldConfig = parseJson(snapshot.files.get("registry.json")) as { envelope?: { schema?: unknown }; subject?: string } | undefined;
  const named = oldConfig?.envelope?.schema;
  const envelopeFile = envelopeFileOf(typeof named === "string" ? named : undefined);
  const oldVersions = classify([...snapshot.list].sort(), envelopeFile, new Diagnostics()).filter((f) => f.role.role === "version");
  const current = new Map(model.majors.flatMap((m) => m.versions.map((v) => [v.file, v] as const)));
  // A ref where the registry folder did not exist released nothing; one where it does not load is reported.
  const atRef = snapshot.list.length > 0 ? modelAt(snapshot, model.root) : undefined;
  const old = atRef && "model" in atRef ? atRef.model : undefined;
  if (atRef && "errors" in atRef) reportNotLoaded(model, snapshot, atRef.errors, at, report);

  for (const { file, role } of oldVersions) {
    if (role.role !== "version") continue;
    const v = current.get(file);
    const version = `${role.major}.${role.minor}`;
    if (!v) {
      report.error(file, "", RULE_DELETED, deletedMessage(model, file, role.event, role.major, version, snapshot.ref, at));
      continue;
    }
    const text = snapshot.files.get(file);
    if (text === undefined) continue; // unreadable at the ref: reported with the registry at the ref
    const before = parseJson(text);
    if (editedInPlace(before, v.doc.schema)) {
      const pointer = firstDifference(withoutEditable(before), withoutEditable(v.doc.schema)) ?? "";
      const changes = old ? describeChanges(old, model, file) : "";
      report.error(v.file, pointer, RULE_EDITED, `${role.event} ${version} was released at ${at}; only ${EDITABLE_KEYWORDS.join(", ")} may change in place.${changes} ${moveAdvice(model, v, snapshot.ref)}`);
    }
  }

  // Needs only registry.json and the version files at the ref: it runs even when the registry there does not load.
  const releasedEvents = new Set(oldVersions.flatMap(({ role }) => (role.role === "version" ? [role.event] : [])));
  const registryAtRef = snapshot.list.length > 0 ? oldConfig ?? null : undefined;
  const inheriting = checkModes(model, registryAtRef, releasedEvents, at, report);
  checkSettingChanges(model, registryAtRef, at, report, inheriting);

  if (old) {
    checkDefinitions(old, model, snapshot, at, report);
    checkSubjects(old, model, at, report);
    checkEnvelope(old, model, at, report);
    checkPackageVersion(old, model, snapshot.ref, at, report);
  }
  const released = new Set(oldVersions.map((f) => f.file));
  const added = [...current.keys()].filter((f) => !released.has(f)).sort();
  return { ref: snapshot.ref, commit: snapshot.commit, released: released.size, added };
}

/**
 * A deleted version file: the event or major gone with it is retired by deprecating its latest
 * minor instead. A minor whose major stays cannot be retired on its own (the major's consumers
 * still read its data, and the generated package exports it): a newer minor takes its place.
 */
function deletedMessage(model: RegistryModel, file: string, event: string, major: number, version: string, ref: string, at: string): string {
  const restore = `Restore it (git checkout ${ref} -- <registry>/${file})`;
  const key = eventKey(event, major);
  if (!model.majors.some((m) => m.key === key)) return `${event} ${version} was released at ${at} and is gone; data written with it may still be read. ${restore}; to retire it, mark the latest minor "deprecated": true`;
  return (
    `${event} ${version} was released at ${at} and is gone, and ${key} is still here: data written with ${version} may still be read, and the generated package would lose ${version}'s exports (a major version of the package). ` +
    `${restore}; producers write a major's latest minor, so a newer minor replaces ${version} without removing it; to retire ${key}, mark its latest minor "deprecated": true`
  );
}

function parseJson(text: string | undefined): unknown {
  return text === undefined ? undefined : parse(text, [], { disallowComments: true, allowTrailingComma: false });
}

/**
 * The registry at the ref does not load, so what needs its model (shared definitions, subjects,
 * the envelope, the package version) cannot be compared: an error, or a breaking change would
 * pass unseen while the ref is broken. Only its repair passes, with a warning: a registry that
 * loads and differs from the ref's in nothing but the files the ref's errors name.
 */
function reportNotLoaded(model: RegistryModel, snapshot: RegistrySnapshot, errors: Diagnostic[], at: string, report: Diagnostics): void {
  const named = new Set(errors.map((d) => d.file));
  const others = changedFiles(model, snapshot).filter((f) => !named.has(f));
  const skipped = `the registry at ${at} does not load, so shared definitions, subjects, the envelope and the package version cannot be compared with it (released version files still were): ${whyNotLoaded(snapshot, errors)}.`;
  if (others.length === 0) {
    report.warn("registry.json", "", RULE_REF_LOADS, `${skipped} This registry loads and changes only the files those errors name: it repairs the registry at ${snapshot.ref}; once the repair is there, the comparisons run again`);
    return;
  }
  const shown = others.slice(0, 5).join(", ") + (others.length > 5 ? ` and ${others.length - 5} more` : "");
  report.error(
    "registry.json",
    "",
    RULE_REF_LOADS,
    `${skipped} While it does not load, the only change let through is its repair (changing only the files those errors name), and this registry also changes ${shown}. Repair the registry at ${snapshot.ref} first, or compare with a ref where it loads (the tag of the last release: --against <tag>)`,
  );
}

/** The files of the registry whose bytes differ from the ref's, or that only one side has. */
function changedFiles(model: RegistryModel, snapshot: RegistrySnapshot): string[] {
  const now = new Set(["registry.json", ...model.resolved.docs.keys()]);
  const changed: string[] = [];
  for (const file of new Set([...snapshot.list, ...now])) {
    const before = snapshot.files.get(file);
    let text: string | undefined;
    try {
      text = now.has(file) ? readFileSync(join(model.root, file), "utf8") : undefined;
    } catch {
      text = undefined;
    }
    if (before === undefined || text !== before) changed.push(file);
  }
  return changed.sort();
}

/** The first JSON pointer at which two values differ. */
export function firstDifference(a: unknown, b: unknown, pointer = ""): string | undefined {
  if (deepEqual(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return `${pointer}/${i}`;
      const d = firstDifference(a[i], b[i], `${pointer}/${i}`);
      if (d !== undefined) return d;
    }
    return pointer;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))]) {
      if (!(k in a) || !(k in b)) return `${pointer}/${pointerToken(k)}`;
      const d = firstDifference(a[k], b[k], `${pointer}/${pointerToken(k)}`);
      if (d !== undefined) return d;
    }
    return pointer;
  }
  return pointer;
}

function compareReleased(old: RegistryModel, model: RegistryModel, file: string, newFile = file) {
  return compareSchemas(old.resolved.normalized.get(file), model.resolved.normalized.get(newFile), {
    policy: policyOf(model.config),
    resolveOld: resolverFor(old.resolved.normalized),
    resolveNew: resolverFor(model.resolved.normalized),
    sameRegistry: false,
    selfOld: canonicalUri(file),
    selfNew: canonicalUri(newFile),
  });
}

function describeChanges(old: RegistryModel, model: RegistryModel, file: string): string {
  if (!old.resolved.normalized.has(file)) return "";
  const findings = compareReleased(old, model, file);
  if (findings.length === 0) return "";
  const shown = findings.slice(0, 3).map((f) => `${f.message} (${f.rule}${f.breaks.length ? `, breaks ${f.breaks.join(", ")}` : ""})`);
  return ` Changes: ${shown.join("; ")}${findings.length > 3 ? `; and ${findings.length - 3} more` : ""}.`;
}

/**
 * A released version means its schema with every `$ref` followed: a definition it uses is held to
 * the in-place rule too, whatever the direction of the change. Widening a shared enum under a
 * released 1.1 would give "1.1" two meanings, one per build of the package, and a consumer built
 * before the change rejects what a producer built after it sends.
 */
function checkDefinitions(old: RegistryModel, model: RegistryModel, snapshot: RegistrySnapshot, at: string, report: Diagnostics): void {
  for (const change of definitionsChangedInPlace(old, model)) {
    const versions = change.released;
    const { file, pointer } = change.definition;
    const definition = `${file}#${pointer}`;
    const listed = `${versionList(versions)} ${versions.length === 1 ? "uses" : "use"}`;
    const bumps = [...new Set(versions.map((v) => nextMinorCommand(model, v)))].join("; ");
    report.error(
      file,
      change.pointer,
      RULE_DEFS,
      `${definition} changed since ${at}, and the released ${listed} it: a message of the same version would be validated one way by services built before the change and another way by those built after it.${describeChanges(old, model, versions[0]!.file)} A released version may change only in documentation (${EDITABLE_KEYWORDS.join(", ")}), and so may every definition it uses: leave ${definition} as it was at ${snapshot.ref} (git diff ${snapshot.ref} -- <registry>/${file} shows the change), add the new shape as a new definition (a new name in ${file}, or a new file under defs/) and refer to it from a new minor: ${bumps}`,
    );
  }
}

function checkSubjects(old: RegistryModel, model: RegistryModel, at: string, report: Diagnostics): void {
  const now = new Map(model.majors.map((m) => [m.key, m]));
  for (const m of old.majors) {
    const cur = now.get(m.key);
    if (!cur || cur.subject === m.subject) continue;
    const fromTemplate = old.config.subject !== model.config.subject;
    report.error(
      fromTemplate ? "registry.json" : cur.latest.file,
      fromTemplate ? "/subject" : "/x-subject",
      RULE_SUBJECT,
      `${m.key} was published on "${m.subject}" at ${at} and would now use "${cur.subject}"; consumers and streams still use the old one. Keep the subject, or publish a new major`,
    );
  }
}

/** Every event's data travels in the envelope: it is judged in the registry-wide mode. */
function checkEnvelope(old: RegistryModel, model: RegistryModel, at: string, report: Diagnostics): void {
  const enforced = enforcedDirections(model.config.compatibility);
  for (const f of compareReleased(old, model, old.envelope.file, model.envelope.file)) {
    const breaks = f.breaks.filter((d) => enforced.includes(d));
    if (breaks.length === 0) continue;
    report.add({
      file: model.envelope.file,
      pointer: f.pointer,
      rule: RULE_ENVELOPE,
      breaks,
      severity: "error",
      message: `${f.message} [${f.rule}]: the envelope of every event changed since ${at}, in a way the registry's ${model.config.compatibility} mode forbids; events already in the streams carry the old envelope`,
    });
  }
}

/** How the edit gets out of the released file: bump moves an edit of a latest minor by itself. */
function moveAdvice(model: RegistryModel, v: VersionModel, ref: string): string {
  const event = v.doc.role.event;
  const majors = model.majors.filter((m) => m.event === event);
  const own = majors.find((m) => m.major === v.major)!;
  const last = majors[majors.length - 1]!;
  if (own.latest !== v) return ` Revert it here (git checkout ${ref} -- <registry>/${v.file}) and make the change in a new version`;
  const from = own === last ? "" : ` --from ${v.major}`;
  const at = own === last ? "" : `@${v.major}`;
  return ` Move the edit into a new version: jetschema bump ${event}${at} --minor --against ${ref} moves it into ${v.major}.${v.minor + 1} and restores ${v.version} (a compatible change); jetschema bump ${event} --major${from} --against ${ref} moves it into ${last.major + 1}.0 (a breaking one)`;
}
