/**
 * `components.messages`: one message per event major, built by these rules in order, each named
 * by what it says about the wire. A major received as a union over its minors (emit/minor-types.ts)
 * is still one message: its payload accepts each minor's data. The content mode is the registry's
 * (`envelope.cloudevents.mode`, structured when absent): consumers read both modes, so this is
 * what a publisher sends by default.
 */
import type { MajorModel, RegistryModel } from "../../model/registry-model.js";
import { bodyContentType, CE_PREFIX, CLOUDEVENTS_JSON, contentMode, JSON_MEDIA, messageHeaders, type ContentMode } from "./headers.js";
import { ref } from "./refs.js";
import { makeEverySection, type Place } from "./event-sections.js";
import { minorTypes } from "../minor-types.js";

type Message = Record<string, unknown>;

export interface MessageContext {
  model: RegistryModel;
  mode: ContentMode;
  /** The names of the envelope's and the headers' schemas in `components.schemas`. */
  envelopeSchema: string;
  headersSchema: string;
}

export const CORRELATION_ID = "correlation";

export const messageRules = new Map<string, (message: Message, m: MajorModel, ctx: MessageContext) => void>();

messageRules.set("A message is named like its payload type and described by its latest minor", (message, m) => {
  message.name = m.typeName;
  message.title = m.title ?? m.event;
  message.summary = `${m.event} v${m.major} (${m.versions.map((v) => v.version).join(", ")}), type ${m.type}, on ${m.subject}`;
  if (m.description !== undefined) message.description = m.description;
});

messageRules.set("In structured mode the envelope is the payload, its data the event's schema", (message, m, ctx) => {
  if (ctx.mode !== "structured" || minorTypes(ctx.model, m).length > 0) return;
  message.payload = envelopePayload(m.eventTypeName, m, m.typeName, ctx);
});

// The runtime hands every minor of a major to one handler, each validated against its own minor:
// where the latest minor's schema rejects an older minor's data, a payload of the latest alone
// would make an AsyncAPI validator reject, and a generator mis-type, messages the major does carry.
messageRules.set("In structured mode a major its latest minor cannot read whole is one envelope per minor, told apart by the version", (message, m, ctx) => {
  const minors = minorTypes(ctx.model, m);
  if (ctx.mode !== "structured" || minors.length === 0) return;
  message.payload = {
    title: m.eventTypeName,
    oneOf: minors.map((t) => envelopePayload(t.eventTypeName, m, t.typeName, ctx, t.version.version)),
  };
});

messageRules.set("In binary mode the payload is data and every other envelope property a ce- header", (message, m, ctx) => {
  if (ctx.mode !== "binary") return;
  const minors = minorTypes(ctx.model, m);
  // The version travels in the ce-version header, out of the payload schema's reach, and one
  // minor's data may be valid against another's: any of them, not exactly one.
  message.payload = minors.length === 0 ? ref("components", "schemas", m.typeName) : { anyOf: minors.map((t) => ref("components", "schemas", t.typeName)) };
});

messageRules.set("The NATS headers are the shared Headers schema", (message, m, ctx) => {
  message.contentType = bodyContentType(ctx.model);
  message.headers = messageHeaders(ctx.model, m, ctx.headersSchema);
});

messageRules.set("The correlation id is where the envelope's correlation role travels", (message, _m, ctx) => {
  if (ctx.model.envelope.fields.correlation !== undefined) message.correlationId = ref("components", "correlationIds", CORRELATION_ID);
});

messageRules.set("jetschema's own facts about the major ride in x-jetschema", (message, m) => {
  message["x-jetschema"] = {
    event: m.event,
    major: m.major,
    versions: m.versions.map((v) => v.version),
    type: m.type,
    delivery: m.delivery,
    ...(m.stream !== undefined ? { stream: m.stream } : {}),
    ...(m.deprecated ? { deprecated: true } : {}),
  };
});

/** `place`: an event's own messages as event-sections.ts keeps them (their text, when unchanged). */
export function componentMessages(model: RegistryModel, names: { envelopeSchema: string; headersSchema: string }, place: Place = makeEverySection): Record<string, unknown> {
  const ctx: MessageContext = { model, mode: contentMode(model), envelopeSchema: names.envelopeSchema, headersSchema: names.headersSchema };
  const messages: Array<[string, unknown]> = [];
  for (const m of model.majors) {
    messages.push([m.typeName, place(m, "messages", m.typeName, () => eventMessage(m, ctx))]);
    if (m.requestReply) messages.push([m.requestReply.replyTypeName, place(m, "messages", m.requestReply.replyTypeName, () => replyMessage(m, ctx))]);
  }
  return Object.fromEntries(messages.sort(([a], [b]) => a.localeCompare(b)));
}

function eventMessage(m: MajorModel, ctx: MessageContext): Message {
  const message: Message = {};
  for (const rule of messageRules.values()) rule(message, m, ctx);
  return message;
}

/**
 * A reply travels in the envelope, always structured (the whole envelope in the body, whatever mode
 * the request came in): the request's type and version, causation = the request's id, and the
 * reply payload as its data.
 */
function replyMessage(m: MajorModel, ctx: MessageContext): Message {
  const name = m.requestReply!.replyTypeName;
  const { fields } = ctx.model.envelope;
  return {
    name,
    title: `Reply to ${m.title ?? m.event}`,
    summary: `The reply to ${m.event} v${m.major} in the envelope, sent to the request's reply subject`,
    contentType: ctx.model.envelope.cloudEvents ? CLOUDEVENTS_JSON : JSON_MEDIA,
    // The shared Headers schema describes binary mode's ce-* headers too; replies are structured.
    ...(ctx.mode === "structured" ? { headers: ref("components", "schemas", ctx.headersSchema) } : {}),
    ...(fields.correlation !== undefined ? { correlationId: { description: `The envelope's ${fields.correlation}: the request's, or the request's id when it had none.`, location: `$message.payload#/${fields.correlation}` } } : {}),
    payload: envelopePayload(`${name}Event`, m, name, ctx),
  };
}

/** The envelope as a payload: the shared Envelope schema with this major's type, versions (all its minors', or `minor`'s) and data. */
function envelopePayload(title: string, m: MajorModel, dataSchema: string, ctx: MessageContext, minor?: string): Record<string, unknown> {
  const { fields } = ctx.model.envelope;
  return {
    title,
    allOf: [
      ref("components", "schemas", ctx.envelopeSchema),
      {
        type: "object",
        properties: {
          [fields.type]: { const: m.type },
          [fields.version]: minor === undefined ? { enum: m.versions.map((v) => v.version) } : { const: minor },
          [fields.data]: ref("components", "schemas", dataSchema),
        },
      },
    ],
  };
}

/** `components.correlationIds`: where the correlation id is found in the registry's content mode. */
export function correlationIds(model: RegistryModel): Record<string, unknown> | undefined {
  const field = model.envelope.fields.correlation;
  if (field === undefined) return undefined;
  const location = contentMode(model) === "binary" ? `$message.header#/${CE_PREFIX}${field}` : `$message.payload#/${field}`;
  return { [CORRELATION_ID]: { description: `The envelope's ${field}: the id of the request or flow that every event it causes carries.`, location } };
}
