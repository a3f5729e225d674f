/**
 * The rules `check --against` reports when a compatibility setting checks less than it did at the
 * ref, each acknowledged by a compatibilityIgnores entry without a version (a setting belongs to
 * no version): an event's mode names the event; the envelope's mode and the policy are
 * registry-wide and name none. Plain `check` has no ref, so it accepts these entries and leaves
 * them alone.
 */
import { RULE_ENVELOPE_MODE_WEAKENED, RULE_MODE_WEAKENED } from "./mode-strength.js";
import { RULE_POLICY_WEAKENED } from "./policy.js";

/** Acknowledged without an event. */
export const REGISTRY_WIDE_WEAKENINGS: readonly string[] = [RULE_ENVELOPE_MODE_WEAKENED, RULE_POLICY_WEAKENED];

export const WEAKENING_RULES: readonly string[] = [RULE_MODE_WEAKENED, ...REGISTRY_WIDE_WEAKENINGS];
