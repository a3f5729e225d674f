/**
 * The compatibility engine's public API. The catalog imports it; keep these signatures stable.
 *
 *   compareVersions(model, older, newer) → every difference between two versions of an event,
 *   each classified by the rule it falls under and the direction(s) it breaks (empty when the
 *   change is compatible, so a version history can list "optional property x added" too).
 *
 * Directions: BACKWARD = readers on the newer version, data written with the older one;
 * FORWARD = readers on the older version, data written with the newer one.
 */
import type { RegistryModel, VersionModel } from "../model/registry-model.js";
import { canonicalUri } from "../resolve/resolve-refs.js";
import { compareSchemas } from "./compare.js";
import { policyOf, type Policy } from "./policy.js";
import { resolverFor } from "./schema-view.js";

import type { Direction } from "./rules.js";

export type { Direction };

export interface CompatFinding {
  /** The rule, named by a sentence (see generator/compat/rules.ts and docs/compatibility.md). */
  rule: string;
  /** JSON pointer in the newer version file (in the older one when something was removed). */
  pointer: string;
  /** The directions this change breaks; [] when it is compatible both ways. */
  breaks: Array<"BACKWARD" | "FORWARD">;
  /** What changed, in words ("optional property \"admission_token\" added"). */
  message: string;
}

export interface CompareOptions {
  /** How open content models are judged; default: registry.json `compatibilityPolicy`, else "open". */
  policy?: "open" | "strict";
}

/** Every difference between two versions of an event (in the same registry), classified. */
export function compareVersions(model: RegistryModel, older: VersionModel, newer: VersionModel, options?: CompareOptions): CompatFinding[] {
  const resolve = resolverFor(model.resolved.normalized);
  const policy: Policy = options?.policy ?? policyOf(model.config);
  return compareSchemas(older.schema, newer.schema, {
    policy,
    resolveOld: resolve,
    resolveNew: resolve,
    sameRegistry: true,
    selfOld: canonicalUri(older.file),
    selfNew: canonicalUri(newer.file),
  }).map(({ rule, pointer, breaks, message }) => ({ rule, pointer, breaks: [...breaks], message }));
}

/** True when a finding breaks any of the given directions. */
export function breaksAny(finding: CompatFinding, directions: readonly Direction[]): boolean {
  return finding.breaks.some((d) => directions.includes(d));
}

export { compatRules, R as RULES, type RuleName, type CompatRule } from "./rules.js";
export { compareSchemas, type CompareSchemasOptions } from "./compare.js";
export { enforcedDirections, isTransitive, modeFor, MODES } from "./modes.js";
export { DEFAULT_POLICY, type Policy } from "./policy.js";
