/**
 * Builds the envelope around a payload, with the property names the registry chose
 * (`envelope.fields`), and checks the caller's context before anything is sent.
 */
import { randomUUID } from "node:crypto";
import type { EnvelopeDescriptor, EventDescriptor } from "../base/descriptor.js";
import type { ValidationIssue } from "../base/errors.js";
import { escapePointerToken } from "../base/json-pointer.js";
import { validateWith } from "./issues.js";
import { unfaithfulToJson } from "./json-faithful.js";

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
  let issues = context === NO_CONTEXT ? NO_ISSUES : checkContext(descriptor, context);

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
    // A const context property (CloudEvents `specversion`) is the runtime's to fill; a default is when the caller gives none.
    const value = field.const !== undefined ? field.const : (context[field.name] ?? field.default);
    if (value !== undefined) envelope[field.name] = value;
  }
  envelope[fields.data] = input.data;

  const envelopeIssues = trustsRuntimeFields(descriptor, event, input)
    ? context === NO_CONTEXT
      ? []
      : validateWith(descriptor.validateContext!, context)
    : validateWith(descriptor.validate, envelope);
  if (envelopeIssues.length > 0) issues = [...issues, ...envelopeIssues];
  // The context goes out as JSON too: a value its text would change is refused (json-faithful.ts).
  if (issues.length === 0 && context !== NO_CONTEXT) issues = unfaithfulToJson(context);
  return { id, envelope, issues: issues.length > 1 ? dedupe(issues) : issues };
}

const NO_CONTEXT: EventContext = Object.freeze({}) as EventContext;
/** Shared by every clean build; frozen, so no caller can fill it for the next one. */
const NO_ISSUES = Object.freeze([]) as unknown as ValidationIssue[];

/**
 * The fields the runtime fills (id, type, version, source, time) are the same for every publish of
 * an event from one source, except id and time, which it makes itself. Once a whole envelope of
 * that event and source has passed, later publishes only need the caller's context checked —
 * unless the caller supplied an id, time, correlation or causation of its own.
 */
const verified = new WeakMap<EventDescriptor, Set<string>>();
function trustsRuntimeFields(descriptor: EnvelopeDescriptor, event: EventDescriptor, input: EnvelopeInput): boolean {
  if (!descriptor.validateContext) return false;
  if (input.id !== undefined || input.time !== undefined || input.correlationId !== undefined || input.causationId !== undefined) return false;
  let sources = verified.get(event);
  if (sources?.has(input.source)) return true;
  // First time for this event and source: validate everything, and remember only a clean pass.
  const clean = descriptor.validate({
    [descriptor.fields.id]: randomUUID(),
    [descriptor.fields.type]: event.type,
    [descriptor.fields.version]: event.version,
    [descriptor.fields.source]: input.source,
    [descriptor.fields.time]: nowIso(),
    ...Object.fromEntries(descriptor.context.filter((f) => f.default !== undefined).map((f) => [f.name, f.default])),
    ...Object.fromEntries(descriptor.context.filter((f) => f.const !== undefined).map((f) => [f.name, f.const])),
    ...(input.context ?? {}),
    [descriptor.fields.data]: {},
  });
  if (!clean) return false;
  if (!sources) verified.set(event, (sources = new Set()));
  sources.add(input.source);
  return true;
}

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
  let issues: ValidationIssue[] = NO_ISSUES;
  const known = contextFields(descriptor);
  for (const key in context) {
    if (!Object.prototype.hasOwnProperty.call(context, key)) continue;
    const value = context[key];
    const field = known.get(key);
    if (field && (field.const === undefined || value === undefined || value === field.const)) continue;
    // Only the error path builds pointers and messages.
    if (issues === NO_ISSUES) issues = [];
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
    if (field.required && field.const === undefined && field.default === undefined && context[field.name] === undefined) {
      if (issues === NO_ISSUES) issues = [];
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
