/**
 * How an open content model (no `additionalProperties: false`) is judged. docs/compatibility.md
 * explains the choice.
 *
 * - "open" (default): a property name is never reused with a different meaning. Old data does not
 *   carry a property the old schema did not declare, so declaring a new optional property is
 *   compatible both ways (readers tolerate what they do not know); removing one is too. This is
 *   the tolerant-reader convention the seeds rely on ("minor version: non-breaking additions").
 *   Closing or constraining the content model still breaks BACKWARD: undeclared properties may
 *   exist, only not under a declared name.
 * - "strict": pure set semantics. An open content model accepts any value under any undeclared
 *   name, so declaring a property narrows what old data may hold (BACKWARD) and removing one
 *   widens what new data may hold (FORWARD), unless the property schema accepts anything.
 */
import type { RegistryConfig } from "../load/registry-config.js";

export type Policy = "open" | "strict";

export const DEFAULT_POLICY: Policy = "open";

export function policyOf(config: RegistryConfig): Policy {
  return config.compatibilityPolicy ?? DEFAULT_POLICY;
}
