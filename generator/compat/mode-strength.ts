/**
 * How strong a compatibility mode is, for `check --against`: the mode a minor is judged by comes
 * from the registry under review, so a change that makes it check less must not pass unseen.
 *
 * The order is partial. A mode checks a set of directions, each against the previous minor or
 * (`_TRANSITIVE`) against every earlier one. One mode is at least as strong as another when it
 * checks every direction the other checks, against at least the same minors: NONE is weakest,
 * X_TRANSITIVE is stronger than X, FULL is stronger than BACKWARD and FORWARD. Any change that
 * gives up a check is a weakening, even when it adds another: BACKWARD ↔ FORWARD, and
 * BACKWARD_TRANSITIVE ↔ FULL (which checks FORWARD but BACKWARD against the previous minor only).
 */
import type { Compatibility } from "../load/registry-config.js";
import { enforcedDirections, isTransitive } from "./modes.js";
import type { Direction } from "./rules.js";

export const RULE_MODE_WEAKENED = "An event's compatibility mode is never weakened without an acknowledgement";
/** The envelope is judged by the registry-wide mode whatever the overrides: weakening it is a change of its own. */
export const RULE_ENVELOPE_MODE_WEAKENED = "The envelope's compatibility mode is never weakened without an acknowledgement";

/** A check `before` made that `now` does not: the direction, or (`transitiveOnly`) its comparison with every earlier minor, the previous one still checked. */
export interface GivenUp {
  direction: Direction;
  transitiveOnly: boolean;
}

export function givenUp(before: Compatibility, now: Compatibility): GivenUp[] {
  const kept = enforcedDirections(now);
  const lostTransitive = isTransitive(before) && !isTransitive(now);
  return enforcedDirections(before).flatMap((direction): GivenUp[] => {
    if (!kept.includes(direction)) return [{ direction, transitiveOnly: false }];
    return lostTransitive ? [{ direction, transitiveOnly: true }] : [];
  });
}

/** Whether changing an event's mode from `before` to `now` lets through a minor `before` refused. */
export function isWeakened(before: Compatibility, now: Compatibility): boolean {
  return givenUp(before, now).length > 0;
}

/** What changing a mode from `before` to `now` gives up, in words ("BACKWARD is no longer checked"). */
export function describeGivenUp(before: Compatibility, now: Compatibility): string {
  return givenUp(before, now)
    .map(({ direction, transitiveOnly }) => (transitiveOnly ? `${direction} is checked against the previous minor only, no longer against every earlier minor` : `${direction} is no longer checked`))
    .join(", and ");
}
