/**
 * Turns ajv errors into ValidationIssues with JSON pointers that point at the offending field.
 * Shared by publish (payload and envelope) and, later, consume (so both report alike).
 */
import type { CompiledValidator } from "../descriptor.js";
import type { ValidationIssue } from "../errors.js";

type AjvError = NonNullable<CompiledValidator["errors"]>[number];

/** ajv keywords whose `params` name a property below `instancePath`. */
const PROPERTY_PARAM: Record<string, { param: string; message: string }> = {
  required: { param: "missingProperty", message: "is required" },
  dependentRequired: { param: "missingProperty", message: "is required" },
  dependencies: { param: "missingProperty", message: "is required" },
  additionalProperties: { param: "additionalProperty", message: "is not allowed by the schema" },
  unevaluatedProperties: { param: "unevaluatedProperty", message: "is not allowed by the schema" },
};

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function toValidationIssues(errors: CompiledValidator["errors"]): ValidationIssue[] {
  return (errors ?? []).map(toIssue);
}

function toIssue(error: AjvError): ValidationIssue {
  const byProperty = PROPERTY_PARAM[error.keyword];
  const params = (error.params ?? {}) as Record<string, unknown>;
  const property = byProperty ? params[byProperty.param] : undefined;
  if (byProperty && typeof property === "string") {
    const pointer = `${error.instancePath}/${escapePointerToken(property)}`;
    return { pointer, message: byProperty.message, keyword: error.keyword };
  }
  const message = error.message ?? `fails "${error.keyword}"`;
  return { pointer: error.instancePath, message, keyword: error.keyword };
}

/** Runs a validator and returns its issues (empty when valid). */
export function validateWith(validator: CompiledValidator, value: unknown): ValidationIssue[] {
  if (validator(value)) return [];
  const issues = toValidationIssues(validator.errors);
  // A validator that says "invalid" without errors still must not let the value through.
  return issues.length > 0 ? issues : [{ pointer: "", message: "is invalid", keyword: "schema" }];
}
