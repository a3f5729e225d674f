/** Stage 4, check: run every lint rule over the model, then the compatibility rules. */
import type { Diagnostics } from "../base/diagnostics.js";
import type { RegistryModel } from "../model/registry-model.js";
import { checkCompatibility, type CompatibilityMemo } from "./compatibility.js";
import { LINT_RULES } from "./lint-rules.js";
import type { SchemaSet } from "../validators/schema-set.js";

/** `compatibility`: earlier findings by event inputs, so an edit compares only the events it touched. */
export function checkRegistry(model: RegistryModel, schemas: SchemaSet, report: Diagnostics, compatibility?: CompatibilityMemo): void {
  for (const rule of LINT_RULES) rule.check({ model, schemas, report }, rule.sentence);
  checkCompatibility(model, report, compatibility);
}
