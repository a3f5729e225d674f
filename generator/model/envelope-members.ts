/**
 * What an envelope schema says about its members one by one, found once by the generator so that
 * the runtime need not ask its validator on every publish.
 *
 * An envelope is "propertywise" when its top level uses only the keywords below: each member is
 * then checked on its own (by `properties`, else `additionalProperties`), `required` only asks
 * for members, and nothing (composition, `patternProperties`, `propertyNames`, counts of members,
 * `unevaluatedProperties`, dependencies) ties one member to another. Adding a member to a valid
 * envelope of that kind keeps it valid exactly when the member's own schema accepts its value.
 */
import type { TraceExtensionVerdict } from "@jetschema/runtime";

/** Keywords an envelope may use at its top level for its members to be checkable one by one. */
const PROPERTYWISE = new Set(["$schema", "$id", "title", "description", "type", "required", "properties", "additionalProperties", "examples", "$defs", "definitions", "$comment"]);

/** Keywords that only describe: a member schema of these alone accepts every value. */
const ANNOTATIONS = new Set(["title", "description", "$comment", "examples", "deprecated", "readOnly", "writeOnly"]);

export function isPropertywise(envelope: Record<string, unknown>): boolean {
  return Object.keys(envelope).every((k) => PROPERTYWISE.has(k));
}

/** The Distributed Tracing extension's members (runtime/src/envelope/trace-extension.ts); the first is always sent, the second when there is one. */
const TRACEPARENT = "traceparent";
const TRACESTATE = "tracestate";

/** How a member schema takes any string: every one, none, or it depends on the string (or cannot be told here). */
type StringVerdict = "every" | "none" | "depends";

function takesStrings(schema: unknown): StringVerdict {
  if (schema === true) return "every";
  if (schema === false) return "none";
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return "depends";
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key === "type" && (value === "string" || (Array.isArray(value) && value.includes("string")))) continue;
    return "depends";
  }
  return "every";
}

/** The schema an envelope applies to a member it may not declare. */
function memberSchema(envelope: Record<string, unknown>, name: string): unknown {
  const properties = envelope.properties as Record<string, unknown> | undefined;
  if (properties && Object.prototype.hasOwnProperty.call(properties, name)) return properties[name];
  return envelope.additionalProperties ?? true;
}

/**
 * Whether a valid envelope stays valid with the extension's members, whatever trace context they
 * carry: "accepted" (both members take every string), "refused" (`traceparent` takes none, so the
 * extension is never sent), or undefined, when it depends on the values or on keywords that tie
 * members together: the runtime then validates the envelope with the members, as it must.
 */
export function traceExtensionVerdict(envelope: Record<string, unknown>): TraceExtensionVerdict | undefined {
  if (!isPropertywise(envelope)) return undefined;
  const parent = takesStrings(memberSchema(envelope, TRACEPARENT));
  if (parent === "none") return "refused";
  const state = takesStrings(memberSchema(envelope, TRACESTATE));
  return parent === "every" && state === "every" ? "accepted" : undefined;
}
