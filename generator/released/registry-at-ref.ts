/**
 * The registry at a git ref as a model, loaded by the same stages as the working tree from the
 * files git-registry.ts read; or, when it does not load, the errors that keep it from loading,
 * each named where it is at the ref (`<ref>:<path in the repository>:line:column`).
 */
import { RegistryError, sortDiagnostics, type Diagnostic } from "../base/diagnostics.js";
import { modelRegistry } from "../front-end/front-end.js";
import type { RegistryModel } from "../model/registry-model.js";
import { snapshotFiles, type RegistrySnapshot } from "./git-registry.js";

export type RegistryAtRef = { model: RegistryModel } | { errors: Diagnostic[] };

/** `root`: the registry folder of the working tree, which the snapshot stands for. */
export function modelAt(snapshot: RegistrySnapshot, root: string): RegistryAtRef {
  try {
    return { model: modelRegistry(root, { files: snapshotFiles(snapshot, root) }).model };
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err;
    return { errors: sortDiagnostics(err.diagnostics.filter((d) => d.severity === "error")) };
  }
}

/** One error of the registry at the ref, where `git show <ref>:<path>` finds the file. */
export function atRef(snapshot: RegistrySnapshot, d: Diagnostic): string {
  const path = snapshot.folder === "" ? d.file : `${snapshot.folder}/${d.file}`;
  const where = d.line !== undefined ? `${path}:${d.line}:${d.column ?? 1}` : path;
  return `${snapshot.ref}:${where}${d.pointer === "" ? "" : ` at #${d.pointer}`}: ${d.rule}: ${d.message}`;
}

/** The first errors of a registry that does not load, in one sentence. */
export function whyNotLoaded(snapshot: RegistrySnapshot, errors: Diagnostic[], shown = 3): string {
  const more = errors.length > shown ? `; and ${errors.length - shown} more` : "";
  return errors.slice(0, shown).map((d) => atRef(snapshot, d)).join("; ") + more;
}
