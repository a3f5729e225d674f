/**
 * The one place the catalog asks what changed between two versions of an event: the
 * compatibility engine (generator/compat), which lists every difference that changes what the
 * schema accepts, each with the directions it breaks ([] when compatible). Version histories
 * print its findings as they are.
 */
import { compareVersions, type CompatFinding } from "../../compat/index.js";
import type { RegistryModel, VersionModel } from "../../model/registry-model.js";

export type { CompatFinding };

export function versionChanges(model: RegistryModel, older: VersionModel, newer: VersionModel): CompatFinding[] {
  return compareVersions(model, older, newer);
}
