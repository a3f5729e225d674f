/**
 * Turns ajv errors into ValidationIssues with JSON pointers that point at the offending field.
 * Shared by publish (payload and envelope) and, later, consume (so both report alike).
 */
import type { CompiledValidator } from "../base/descriptor.js";
import type { ValidationIssue } from "../base/errors.js";
import { escapePointerToken, pointerKeys } from "../base/json-pointer.js";

type AjvError = NonNullable<CompiledValidator["errors"]>[number];

/** ajv keywords whose `params` name a property below `instancePath`. */
const PROPERTY_PARAM: Record<string, { param: string; message: string }> = {
  required: { param: "missingProperty", message: "is required" },
  dependentRequired: { param: "missingProperty", message: "is required" },
  dependencies: { param: "missingProperty", message: "is required" },
  additionalProperties: { param: "additionalProperty", message: "is not allowed by the schema" },
  unevaluatedProperties: { param: "unevaluatedProperty", message: "is not allowed by the schema" },
};

/**
 * `validated`, when given, is the document the errors are about: a message about a value (not a
 * missing or extra property) then names what it received, `(received "text/plain")`, so a dead
 * letter from another service's SDK says what that service sent.
 */
export function toValidationIssues(errors: CompiledValidator["errors"], validated?: unknown): ValidationIssue[] {
  const issues = (errors ?? []).map(toIssue);
  if (validated === undefined) return issues;
  return issues.map((issue) => (PROPERTY_PARAM[issue.keyword] ? issue : { ...issue, message: issue.message + received(validated, issue.pointer) }));
}

const MAX_RECEIVED = 80;

/** ` (received <JSON>)` for a scalar at `pointer`, cut to a readable length; "" for objects and arrays. */
function received(document: unknown, pointer: string): string {
  let value = document;
  for (const key of pointerKeys(pointer)) {
    if (typeof value !== "object" || value === null) return "";
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined || (typeof value === "object" && value !== null)) return "";
  const text = JSON.stringify(value);
  return ` (received ${text.length > MAX_RECEIVED ? `${text.slice(0, MAX_RECEIVED)}…` : text})`;
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
