/** The shape of a lint rule: a function named by the sentence it enforces. */
import type { Diagnostics } from "../base/diagnostics.js";
import type { RegistryModel } from "../model/registry-model.js";
import type { SchemaSet } from "../validators/schema-set.js";

export interface LintContext {
  model: RegistryModel;
  schemas: SchemaSet;
  report: Diagnostics;
}

export interface LintRule {
  /** The sentence the rule enforces: its documentation (docs/lint-rules.md) and the headline of every error it reports. */
  sentence: string;
  /** Reports every breach of the rule; `rule` is the sentence, for the reports. */
  check(ctx: LintContext, rule: string): void;
}
