/**
 * One document checked against an event's schema (`jetschema validate`): the payload against the
 * version asked for, or with `--envelope` the whole event against the envelope and its data
 * against the version the event names. The result is what to print: a line when valid, the
 * problems (each with the document's label and JSON pointer) when not.
 */
import type { SchemaSet } from "../validators/schema-set.js";
import type { ErrorObject } from "ajv";
import { withoutBranchSummaries } from "../load/ajv-errors.js";
import { isSyntaxError, parseJson, pointerToPath } from "../load/json-file.js";
import type { EventModel, MajorModel, RegistryModel, VersionModel } from "../model/registry-model.js";

export interface ValidationTarget {
  model: RegistryModel;
  schemas: SchemaSet;
  event: EventModel;
  /** The version after `@` ("1", "1.0"), if any. */
  requested: string | undefined;
  envelope: boolean;
}

export type DocumentResult = { valid: true; line: string } | { valid: false; lines: string[] };

/** `at`: where the document starts in its input (its line in an NDJSON file), for syntax errors. */
export function validateDocument(target: ValidationTarget, label: string, text: string, at: { file: string; line?: number } = { file: label }): DocumentResult {
  const { model, schemas, event, requested } = target;
  const parsed = parseJson(label, text);
  if (isSyntaxError(parsed)) {
    const line = at.line === undefined ? parsed.line : at.line + parsed.line - 1;
    return { valid: false, lines: [`${at.file}:${line}:${parsed.column}: ${parsed.message}`] };
  }
  const problems: string[] = [];
  let payload = parsed.value;
  let version: VersionModel | undefined;
  let dataPrefix = "";
  let asked = requested;
  if (target.envelope) {
    const envelopeCheck = schemas.validator(model.envelope.file);
    if (!envelopeCheck(parsed.value)) {
      for (const e of withoutBranchSummaries(envelopeCheck.errors ?? [])) problems.push(`${label}#${e.instancePath}: ${describeError(e, parsed.value)} (envelope)`);
    }
    const env = (parsed.value ?? {}) as Record<string, unknown>;
    payload = env[model.envelope.fields.data];
    dataPrefix = `/${model.envelope.fields.data}`;
    const named = env[model.envelope.fields.version];
    asked = requested ?? (typeof named === "string" ? named : undefined);
    version = pickVersion(event.majors, asked);
    // The consumer routes by type: an event of another type is not this event, whatever its data.
    const type = env[model.envelope.fields.type];
    const types = [...new Set(event.majors.map((m) => m.type))];
    if (type !== undefined && !types.includes(type as string)) {
      problems.push(`${label}#/${model.envelope.fields.type}: the event's type is ${JSON.stringify(type)}, not ${event.name}'s (${types.map((t) => JSON.stringify(t)).join(" or ")})`);
    }
  } else {
    version = pickVersion(event.majors, requested);
  }
  if (!version) {
    const versions = event.majors.flatMap((m) => m.versions.map((v) => v.version)).join(", ");
    const which = asked === undefined ? "no version" : `no version ${asked}${target.envelope && requested === undefined ? " (the version the event names)" : ""}`;
    return { valid: false, lines: [`${label}: ${event.name} has ${which}; versions: ${versions}`] };
  }
  const check = schemas.validator(version.file);
  if (!check(payload)) {
    for (const e of withoutBranchSummaries(check.errors ?? [])) problems.push(`${label}#${dataPrefix}${e.instancePath}: ${describeError(e, payload)}`);
  }
  if (problems.length > 0) return { valid: false, lines: [`${label} is not a valid ${event.name} ${version.version}:`, ...problems.map((p) => `  ${p}`)] };
  return { valid: true, line: `${label} is a valid ${event.name} ${version.version}${target.envelope ? " event" : " payload"}` };
}

/** "1.0" exact, "1" the latest minor of major 1, undefined the latest version overall. */
export function pickVersion(majors: MajorModel[], requested: string | undefined): VersionModel | undefined {
  if (requested === undefined) return majors[majors.length - 1]?.latest;
  if (/^\d+$/.test(requested)) return majors.find((m) => m.major === Number(requested))?.latest;
  return majors.flatMap((m) => m.versions).find((v) => v.version === requested);
}

/** ajv's message; for const and enum also the value received, which ajv leaves out. */
function describeError(e: ErrorObject, data: unknown): string {
  const message = e.message ?? e.keyword;
  if (e.keyword !== "const" && e.keyword !== "enum") return message;
  let value = data;
  for (const key of pointerToPath(e.instancePath)) value = (value as Record<string | number, unknown> | undefined)?.[key];
  const allowed = e.keyword === "const" ? (e.params as { allowedValue: unknown }).allowedValue : (e.params as { allowedValues: unknown[] }).allowedValues;
  return `${message} ${JSON.stringify(allowed)}, got ${JSON.stringify(value)}`;
}
