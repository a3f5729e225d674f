/**
 * The lint rules, a table. Each rule is named by the sentence it enforces; the sentence is the
 * documentation (docs/lint-rules.md lists them) and the headline of every error it reports. The
 * topic files export their rules; this is the one place they are joined, in the order they run.
 */
import { cloudEventsRules } from "./cloudevents-rules.js";
import type { LintRule } from "./lint-rule.js";
import { registryRules } from "./registry-rules.js";
import { requestReplyRules } from "./request-reply-rules.js";
import { unitRules } from "./unit-rules.js";

export const LINT_RULES: readonly LintRule[] = [...registryRules, ...requestReplyRules, ...unitRules, ...cloudEventsRules];
