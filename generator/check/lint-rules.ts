/**
 * The lint rules, a table. Each rule is named by the sentence it enforces; the sentence is the
 * documentation (docs/lint-rules.md lists them) and the headline of every error it reports. The
 * topic files export their rules; this is the one place they are joined, in the order they run.
 */
import { backtrackingRules } from "./backtracking-rules.js";
import { cloudEventsRules } from "./cloudevents-rules.js";
import { envelopeRules } from "./envelope-rules.js";
import { exampleRules } from "./example-rules.js";
import { keywordRules } from "./keyword-rules.js";
import type { LintRule } from "./lint-rule.js";
import { requestReplyRules } from "./request-reply-rules.js";
import { schemaRules } from "./schema-rules.js";
import { serviceRules } from "./service-rules.js";
import { streamRules } from "./stream-rules.js";
import { subjectRules } from "./subject-rules.js";
import { typescriptNameRules } from "./typescript-name-rules.js";
import { unitRules } from "./unit-rules.js";
import { versionRules } from "./version-rules.js";

export const LINT_RULES: readonly LintRule[] = [
  ...versionRules,
  ...subjectRules,
  ...typescriptNameRules,
  ...schemaRules,
  ...backtrackingRules,
  ...exampleRules,
  ...streamRules,
  ...serviceRules,
  ...envelopeRules,
  ...keywordRules,
  ...requestReplyRules,
  ...unitRules,
  ...cloudEventsRules,
];
