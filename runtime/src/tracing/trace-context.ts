/**
 * The context a `process` span (a consumed message, an answered request) is the child of: the W3C
 * trace context the message carries, read by the registered propagator.
 *
 * The NATS headers come first: `traceparent`/`tracestate` there are the context of this hop, as
 * jetschema, nats.go services and OpenTelemetry instrumentations send it. A CloudEvents registry
 * also honours the CloudEvents Distributed Tracing extension, which the CloudEvents SDKs set as
 * event attributes: without a `traceparent` header, the `ce-traceparent`/`ce-tracestate` headers
 * (binary mode), else the `traceparent`/`tracestate` members of the envelope (structured mode).
 * The extension's spec has protocol headers carry the hop and the extension the trace the event
 * started in (the same over one hop), so a header wins over the extension when both are present.
 * Other headers the propagator reads (`baggage`) are read from the NATS headers either way.
 */
import type { MsgHdrs } from "@nats-io/transport-node";
import { parseJsonBytes } from "../base/utf8-json.js";
import { isBinaryMessage } from "../envelope/cloudevents-binary.js";
import { decodeHeaderValue } from "../envelope/cloudevents-header-value.js";
import { msgHdrsGetter, type OtelApi, type OtelContext, type TextMapGetter } from "./otel-api.js";

const TRACEPARENT = "traceparent";
const TRACESTATE = "tracestate";
const CE_TRACEPARENT = "ce-traceparent";
const CE_TRACESTATE = "ce-tracestate";
/** A structured body is parsed for the extension only if these bytes occur in it (see `fromEnvelope`). */
const TRACEPARENT_MEMBER = Buffer.from(`"${TRACEPARENT}"`);

export interface TracedMessage {
  readonly headers?: MsgHdrs | undefined;
  readonly data: Uint8Array;
}

/** The NATS headers, with `traceparent`/`tracestate` taken from the CloudEvents extension instead. */
interface ExtensionCarrier {
  headers: MsgHdrs | undefined;
  traceparent: string;
  tracestate: string | undefined;
}

const extensionGetter: TextMapGetter<ExtensionCarrier> = {
  keys: (c) => [...msgHdrsGetter.keys(c.headers).filter((k) => !isTraceHeader(k.toLowerCase())), TRACEPARENT, ...(c.tracestate === undefined ? [] : [TRACESTATE])],
  get: (c, key) => (key === TRACEPARENT ? c.traceparent : key === TRACESTATE ? c.tracestate : msgHdrsGetter.get(c.headers, key)),
};

/** `cloudEvents`: the registry's envelope is a CloudEvent, so the extension is looked for too. */
export function extractParent(api: OtelApi, msg: TracedMessage, cloudEvents: boolean): OtelContext {
  const active = api.context.active();
  if (cloudEvents && msgHdrsGetter.get(msg.headers, TRACEPARENT) === undefined) {
    const extension = fromHeaders(msg.headers) ?? (isBinaryMessage(msg.headers) ? undefined : fromEnvelope(msg.data));
    if (extension !== undefined) return api.propagation.extract(active, { headers: msg.headers, ...extension }, extensionGetter);
  }
  return api.propagation.extract(active, msg.headers, msgHdrsGetter);
}

function isTraceHeader(name: string): boolean {
  return name === TRACEPARENT || name === TRACESTATE;
}

/** `ce-traceparent`/`ce-tracestate`, percent-decoded as every binary-mode attribute is. */
function fromHeaders(headers: MsgHdrs | undefined): Omit<ExtensionCarrier, "headers"> | undefined {
  const traceparent = headerText(headers, CE_TRACEPARENT);
  return traceparent === undefined ? undefined : { traceparent, tracestate: headerText(headers, CE_TRACESTATE) };
}

function headerText(headers: MsgHdrs | undefined, name: string): string | undefined {
  const raw = msgHdrsGetter.get(headers, name);
  if (typeof raw !== "string" || raw === "") return undefined;
  try {
    return decodeHeaderValue(raw);
  } catch {
    return undefined;
  }
}

/**
 * The envelope's `traceparent`/`tracestate` members. The body is parsed here a second time (decode
 * parses it again for the handler), so only when the member's name occurs in its bytes: a message
 * without the extension costs one byte search. Not for a binary-mode body: that is the payload.
 */
function fromEnvelope(body: Uint8Array): Omit<ExtensionCarrier, "headers"> | undefined {
  if (Buffer.from(body.buffer, body.byteOffset, body.byteLength).indexOf(TRACEPARENT_MEMBER) === -1) return undefined;
  let envelope: unknown;
  try {
    envelope = parseJsonBytes(body, "the body");
  } catch {
    return undefined; // decode dead-letters it, with the reason
  }
  if (typeof envelope !== "object" || envelope === null) return undefined;
  const { traceparent, tracestate } = envelope as Record<string, unknown>;
  if (typeof traceparent !== "string") return undefined;
  return { traceparent, tracestate: typeof tracestate === "string" ? tracestate : undefined };
}
