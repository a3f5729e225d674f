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
 *
 * So "open" is the weaker policy: every rule breaks under it a subset of what it breaks under
 * "strict" (rules.ts: `breaks` is none where `strictBreaks` is set). Strict → open lets a 1.1
 * that declares a new property on an open 1.0 through, which strict refuses (BACKWARD).
 */
import { DEFAULT_COMPATIBILITY_POLICY, type RegistryConfig } from "../load/registry-config.js";
import { compatRules, ruleBreaks, type Direction, type RuleName } from "./rules.js";

export type Policy = "open" | "strict";

export const POLICIES: readonly Policy[] = ["open", "strict"];

export const DEFAULT_POLICY: Policy = DEFAULT_COMPATIBILITY_POLICY;

/** The policy judges every minor and the envelope, and comes from the registry under review (check --against). */
export const RULE_POLICY_WEAKENED = "The compatibility policy is never weakened without an acknowledgement";

export function policyOf(config: RegistryConfig): Policy {
  return config.compatibilityPolicy ?? DEFAULT_POLICY;
}

/** A rule that breaks a direction under `before` and no longer under `now`. */
export interface PolicyGivenUp {
  rule: RuleName;
  directions: Direction[];
}

/** What changing the policy from `before` to `now` stops reporting, rule by rule; none when `now` is as strong. */
export function policyGivenUp(before: Policy, now: Policy): PolicyGivenUp[] {
  return [...compatRules.keys()].flatMap((rule): PolicyGivenUp[] => {
    const kept = ruleBreaks(rule, now);
    const directions = ruleBreaks(rule, before).filter((d) => !kept.includes(d));
    return directions.length > 0 ? [{ rule, directions }] : [];
  });
}
