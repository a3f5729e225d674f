/**
 * The NATS headers every event carries, one schema in `components.schemas` that each message
 * refers to: `Nats-Msg-Id` (the event id, for JetStream's deduplication), `Content-Type`, the W3C
 * trace context, and in CloudEvents binary mode every envelope property but `data` as a `ce-`
 * header (docs/registry-format.md#cloudevents); a message pins its own `ce-type` and `ce-version`.
 */
import type { MajorModel, RegistryModel } from "../../model/registry-model.js";
import { ref } from "./refs.js";
import { asyncApiSchema, type SchemaRuleContext } from "./schema-rules.js";

export type ContentMode = "structured" | "binary";

export const CE_PREFIX = "ce-";
export const CLOUDEVENTS_JSON = "application/cloudevents+json";
export const JSON_MEDIA = "application/json";

type Node = Record<string, unknown>;

export function contentMode(model: RegistryModel): ContentMode {
  return model.envelope.cloudEvents?.mode === "binary" ? "binary" : "structured";
}

/** The media type of the message body: the whole CloudEvent, or JSON (the envelope, or data in binary mode). */
export function bodyContentType(model: RegistryModel): string {
  return contentMode(model) === "structured" && model.envelope.cloudEvents ? CLOUDEVENTS_JSON : JSON_MEDIA;
}

export function headersSchema(model: RegistryModel, ctx: SchemaRuleContext): Node {
  const { envelope } = model;
  const binary = contentMode(model) === "binary";
  const id = binary ? CE_PREFIX + envelope.fields.id : envelope.fields.id;
  const properties: Record<string, unknown> = {
    "Nats-Msg-Id": { type: "string", description: `The event id (${id}): the stream drops a repeat within its duplicate window.` },
    "Content-Type": { const: bodyContentType(model) },
    traceparent: { type: "string", description: "W3C trace context of the publisher, when it has one." },
    tracestate: { type: "string", description: "W3C trace state, with traceparent." },
  };
  const required = ["Nats-Msg-Id", "Content-Type"];
  if (binary) {
    const props = (envelope.schema.properties ?? {}) as Record<string, unknown>;
    const envelopeRequired = new Set((envelope.schema.required ?? []) as string[]);
    const asJson = new Set(envelope.cloudEvents?.jsonAttributes ?? []);
    for (const [name, schema] of Object.entries(props)) {
      if (name === envelope.fields.data) continue;
      const d = (schema as Node | null)?.description;
      properties[CE_PREFIX + name] = asJson.has(name)
        ? { type: "string", contentMediaType: JSON_MEDIA, description: `The attribute as JSON text${typeof d === "string" ? `: ${d}` : ""}` }
        : asyncApiSchema(schema, ctx);
      if (envelopeRequired.has(name)) required.push(CE_PREFIX + name);
    }
  }
  return {
    type: "object",
    description: binary
      ? "NATS headers of an event in CloudEvents binary mode: the envelope's attributes as ce- headers, percent-encoded as the CloudEvents NATS binding says."
      : "NATS headers of an event; the envelope itself is the body.",
    properties,
    required,
  };
}

/** A message's headers: the shared schema, with its own type and versions pinned in binary mode. */
export function messageHeaders(model: RegistryModel, m: MajorModel, schemaName: string): Node {
  const shared = ref("components", "schemas", schemaName);
  if (contentMode(model) !== "binary") return shared;
  const { fields } = model.envelope;
  return {
    allOf: [
      shared,
      {
        type: "object",
        properties: {
          [CE_PREFIX + fields.type]: { const: m.type },
          [CE_PREFIX + fields.version]: { enum: m.versions.map((v) => v.version) },
        },
      },
    ],
  };
}
