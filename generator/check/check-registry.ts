/** Stage 4, check: run every lint rule over the model, then the compatibility rules. */
import type { Diagnostics } from "../base/diagnostics.js";
import type { RegistryModel } from "../model/registry-model.js";
import { checkCompatibility } from "./compatibility.js";
import { lintRules } from "./lint-rules.js";
import "./request-reply-rules.js";
import "./unit-rules.js";
import "./cloudevents-rules.js";
import type { SchemaSet } from "../validators/schema-set.js";

export function checkRegistry(model: RegistryModel, schemas: SchemaSet, report: Diagnostics): void {
  for (const [name, rule] of lintRules) rule({ model, schemas, report }, name);
  checkCompatibility(model, report);
}
