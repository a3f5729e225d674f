/**
 * The consume test registry (test/support/consume.ts) with a real CloudEvents 1.0 envelope, as
 * registry.json `"envelope": { "cloudevents": { "mode": "structured" } }` generates it: core
 * attributes, `datacontenttype` and `specversion` consts, extensions `correlationid`,
 * `causationid`, `version`, and two non-string extensions (an object `metadata`, an integer
 * `attempt`) that binary mode carries as JSON text.
 */
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import type { CompiledValidator, ContentMode, RegistryDescriptor } from "../../runtime/src/index.js";
import { consumeRegistry, type ConsumeRegistryOptions } from "./consume.js";
import { admittedPayload } from "./registry.js";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

export const cloudEventSchema = {
  type: "object",
  required: ["specversion", "id", "source", "type", "time", "datacontenttype", "version", "data"],
  properties: {
    specversion: { const: "1.0" },
    id: { type: "string", minLength: 1 },
    source: { type: "string", minLength: 1 },
    type: { type: "string", minLength: 1 },
    subject: { type: "string", minLength: 1 },
    time: { type: "string", format: "date-time" },
    datacontenttype: { const: "application/json" },
    data: { type: "object" },
    correlationid: { type: "string" },
    causationid: { type: "string" },
    version: { type: "string", pattern: "^\\d+\\.\\d+$" },
    metadata: { type: "object", additionalProperties: { type: "string" } },
    attempt: { type: "integer", minimum: 0 },
  },
};

export function cloudEventsRegistry(mode: ContentMode = "structured", options: ConsumeRegistryOptions = {}): RegistryDescriptor {
  const registry = consumeRegistry(options);
  registry.envelope = {
    fields: { id: "id", type: "type", time: "time", version: "version", source: "source", data: "data", correlation: "correlationid", causation: "causationid" },
    context: [
      { name: "specversion", required: true, const: "1.0" },
      { name: "subject", required: false },
      { name: "datacontenttype", required: true, const: "application/json" },
      { name: "metadata", required: false },
      { name: "attempt", required: false },
    ],
    cloudEvents: { mode, jsonAttributes: ["metadata", "attempt"] },
    validate: ajv.compile(cloudEventSchema) as unknown as CompiledValidator,
  };
  return registry;
}

/** The headers of a hand-made binary-mode position.admitted; override or drop (undefined) any. */
export function binaryHeaders(id: string, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const all: Record<string, string | undefined> = {
    "ce-specversion": "1.0",
    "ce-id": id,
    "ce-source": "hand-made",
    "ce-type": "position.admitted",
    "ce-time": "2025-06-01T09:00:00Z",
    "ce-datacontenttype": "application/json",
    "ce-version": "1.1",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
}

export { admittedPayload };
