/**
 * Builds the envelope around a payload, with the property names the registry chose
 * (`envelope.fields`), and checks the caller's context before anything is sent.
 */
import { randomUUID } from "node:crypto";
import type { EnvelopeDescriptor, EventDescriptor } from "../descriptor.js";
import type { ValidationIssue } from "../errors.js";
import { escapePointerToken, validateWith } from "./issues.js";

export type EventContext = Record<string, unknown>;

export interface EnvelopeInput {
  data: unknown;
  context?: EventContext | undefined;
  source: string;
  /** Event id; a fresh UUID when absent. */
  id?: string | undefined;
  /** Event time; now when absent. Serialized as an ISO 8601 string. */
  time?: Date | string | undefined;
  /** Filled only when the registry maps the `correlation` / `causation` roles. */
  correlationId?: string | undefined;
  causationId?: string | undefined;
}

export interface BuiltEnvelope {
  id: string;
  envelope: Record<string, unknown>;
  /** Problems with the envelope (context, roles); empty when it may be sent. */
  issues: ValidationIssue[];
}

export function buildEnvelope(
  descriptor: EnvelopeDescriptor,
  event: EventDescriptor,
  input: EnvelopeInput,
): BuiltEnvelope {
  const { fields } = descriptor;
  const id = input.id ?? randomUUID();
  const time = input.time instanceof Date ? input.time.toISOString() : (input.time ?? nowIso());
  const context = input.context ?? NO_CONTEXT;
  const issues = context === NO_CONTEXT ? [] : checkContext(descriptor, context);

  const envelope: Record<string, unknown> = {
    [fields.id]: id,
    [fields.type]: event.type,
    [fields.version]: event.version,
    [fields.source]: input.source,
    [fields.time]: time,
  };
  if (fields.correlation && input.correlationId !== undefined) {
    envelope[fields.correlation] = input.correlationId;
  }
  if (fields.causation && input.causationId !== undefined) {
    envelope[fields.causation] = input.causationId;
  }
  for (const field of descriptor.context) {
    // A const context property (CloudEvents `specversion`) is the runtime's to fill.
    const value = field.const !== undefined ? field.const : context[field.name];
    if (value !== undefined) envelope[field.name] = value;
  }
  envelope[fields.data] = input.data;

  const envelopeIssues = validateWith(descriptor.validate, envelope);
  if (envelopeIssues.length > 0) issues.push(...envelopeIssues);
  return { id, envelope, issues: issues.length > 1 ? dedupe(issues) : issues };
}

const NO_CONTEXT: EventContext = Object.freeze({}) as EventContext;

/**
 * The current time as ISO 8601. Formatting a Date costs more than validating a payload; events
 * published within the same millisecond share one string.
 */
let lastMs = -1;
let lastIso = "";
function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** Context fields by name, computed once per envelope descriptor instead of once per publish. */
const fieldIndex = new WeakMap<EnvelopeDescriptor, Map<string, EnvelopeDescriptor["context"][number]>>();
function contextFields(descriptor: EnvelopeDescriptor) {
  let known = fieldIndex.get(descriptor);
  if (!known) {
    known = new Map(descriptor.context.map((f) => [f.name, f]));
    fieldIndex.set(descriptor, known);
  }
  return known;
}

/** Context keys must be declared context fields; consts may only be repeated, not changed. */
function checkContext(descriptor: EnvelopeDescriptor, context: EventContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const known = contextFields(descriptor);
  for (const key of Object.keys(context)) {
    const value = context[key];
    const field = known.get(key);
    const pointer = `/${escapePointerToken(key)}`;
    if (!field) {
      const names = [...known.keys()].join(", ") || "none";
      issues.push({
        pointer,
        keyword: "context",
        message: `is not a context property of the envelope (context properties: ${names})`,
      });
    } else if (field.const !== undefined && value !== undefined && value !== field.const) {
      issues.push({
        pointer,
        keyword: "const",
        message: `is filled by the runtime with ${JSON.stringify(field.const)}; do not pass another value`,
      });
    }
  }
  for (const field of descriptor.context) {
    if (field.required && field.const === undefined && context[field.name] === undefined) {
      issues.push({ pointer: `/${escapePointerToken(field.name)}`, keyword: "required", message: "is required" });
    }
  }
  return issues;
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.pointer}\u0000${i.keyword}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
