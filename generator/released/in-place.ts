/**
 * What a change in place of released content is, for both commands that compare the registry with
 * a git ref: `check --against` refuses it (check-released.ts) and the package version sizes what
 * the fix needs (package-version.ts), so the two cannot disagree about a change. A released
 * version means its schema with every `$ref` followed: the version file, and every definition it
 * reaches, may change only in the documentation keywords.
 */
import { andList } from "../base/and-list.js";
import { walkSchema } from "../base/schema-walk.js";
import { deepEqual, isObject } from "../compat/schema-view.js";
import type { RegistryModel, VersionModel } from "../model/registry-model.js";
import { changedDefinitions, type DefinitionChange } from "./definition-changes.js";

/** Keywords a released version may still change: documentation only, never a verdict or a route. */
export const EDITABLE_KEYWORDS = ["title", "description", "examples", "$comment", "deprecated", "x-producers", "x-consumers"];

/** The schema without its documentation keywords, at any depth (a copy). */
export function withoutEditable(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const copy = structuredClone(schema);
  walkSchema(copy, ({ node }) => {
    for (const k of EDITABLE_KEYWORDS) delete node[k];
  });
  return copy;
}

/** Whether a released version file's schema changed other than in documentation. */
export function editedInPlace(before: unknown, after: unknown): boolean {
  return !deepEqual(withoutEditable(before), withoutEditable(after));
}

export interface ReleasedDefinitionChange extends DefinitionChange {
  /** The released versions (in the registry now, each unchanged itself) that reach the definition. */
  released: VersionModel[];
}

interface InPlace {
  /** Released version files changed other than in documentation. */
  edited: VersionModel[];
  definitions: ReleasedDefinitionChange[];
}

/** Asked by the check's rules and by the package version's in one `check --against`: walked once. */
const found = new WeakMap<RegistryModel, WeakMap<RegistryModel, InPlace>>();

function inPlace(old: RegistryModel, now: RegistryModel): InPlace {
  let byNow = found.get(old);
  if (!byNow) found.set(old, (byNow = new WeakMap()));
  let result = byNow.get(now);
  if (!result) {
    const edited: VersionModel[] = [];
    const unchanged = new Map<string, VersionModel>();
    for (const v of now.majors.flatMap((m) => m.versions)) {
      const before = old.resolved.docs.get(v.file);
      if (!before || !old.resolved.normalized.has(v.file)) continue;
      if (editedInPlace(before.schema, v.doc.schema)) edited.push(v);
      else unchanged.set(v.file, v);
    }
    const changes = changedDefinitions(old, now, [...unchanged.keys()], EDITABLE_KEYWORDS);
    byNow.set(now, (result = { edited, definitions: changes.map((change) => ({ ...change, released: change.versions.map((f) => unchanged.get(f)!) })) }));
  }
  return result;
}

/** The released version files (in `old`, still in `now`) changed other than in documentation. */
export function versionsEditedInPlace(old: RegistryModel, now: RegistryModel): VersionModel[] {
  return inPlace(old, now).edited;
}

/**
 * The definitions outside the version files that changed other than in documentation under a
 * released version whose own file did not (an edited version file is its own change).
 */
export function definitionsChangedInPlace(old: RegistryModel, now: RegistryModel): ReleasedDefinitionChange[] {
  return inPlace(old, now).definitions;
}

/** The bump command that starts the next minor of the major holding `v`. */
export function nextMinorCommand(model: RegistryModel, v: VersionModel): string {
  const event = v.doc.role.event;
  const majors = model.majors.filter((m) => m.event === event);
  const latest = majors[majors.length - 1]!;
  return `jetschema bump ${event}${latest.major === v.major ? "" : `@${v.major}`} --minor`;
}

/** `order.placed 1.0`, `order.placed 1.0 and order.shipped 1.1`. */
export function versionList(versions: VersionModel[]): string {
  return andList(versions.map((v) => `${v.doc.role.event} ${v.version}`));
}
