/** Stage 4, check: run every lint rule over the model, then the compatibility rules. */
import type { Diagnostics } from "../base/diagnostics.js";
import type { RegistryModel } from "../model/registry-model.js";
import { checkCompatibility } from "./compatibility.js";
import { LINT_RULES } from "./lint-rules.js";
import type { SchemaSet } from "../validators/schema-set.js";

export function checkRegistry(model: RegistryModel, schemas: SchemaSet, report: Diagnostics): void {
  for (const rule of LINT_RULES) rule.check({ model, schemas, report }, rule.sentence);
  checkCompatibility(model, report);
}
