/**
 * NATS headers of a published event. `Nats-Msg-Id` carries the event id so the stream
 * deduplicates retries; W3C trace context travels as `traceparent` / `tracestate`.
 */
import { headers, type MsgHdrs } from "@nats-io/transport-node";

export const MSG_ID_HEADER = "Nats-Msg-Id";
export const CONTENT_TYPE_HEADER = "Content-Type";
export const JSON_CONTENT_TYPE = "application/json";

export interface TraceContext {
  /**
   * W3C `traceparent`, e.g. `00-<trace-id>-<span-id>-01`. In the publish options of a traced
   * client it is the parent of the publish span, whose own context is sent instead
   * (tracing/spans.ts); untraced, it is sent as it is.
   */
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}

export function buildHeaders(id: string, trace: TraceContext = {}, contentType = JSON_CONTENT_TYPE): MsgHdrs {
  const h = headers();
  h.set(MSG_ID_HEADER, id);
  h.set(CONTENT_TYPE_HEADER, contentType);
  if (trace.traceparent) h.set("traceparent", trace.traceparent);
  if (trace.tracestate) h.set("tracestate", trace.tracestate);
  return h;
}
