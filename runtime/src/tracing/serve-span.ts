/**
 * The `process <subject>` span (CONSUMER) around answering one request (serve): the child of the
 * requester's `send` span, active while the handler runs, with the consume span's attributes.
 * The request's id and type are known only once it is decoded, and whether it was answered only
 * at the end, so answering reports them (`Answered`) instead of the span reading the message.
 */
import type { Msg } from "@nats-io/transport-node";
import { ATTR, fail, processAttributes } from "./spans.js";
import { extractParent } from "./trace-context.js";
import { otelApiIfLoaded } from "./otel-api.js";
import { onlyNoopSpans, tracer } from "./tracer.js";

/**
 * `jetschema.outcome` of a serve span: `replied` (the handler's reply was sent), `rejected` (the
 * request could not be decoded or is invalid: an error reply, the handler never ran), `failed`
 * (the handler threw or its reply could not be sent: an error reply).
 */
export type ServeOutcome = "replied" | "rejected" | "failed";

export interface Answered {
  outcome: ServeOutcome;
  /** The request's event id and type, once decoded. */
  eventId?: string | undefined;
  type?: string | undefined;
  /** What the error reply said (rejected, failed). */
  error?: Error | undefined;
}

/** `cloudEvents`: the registry's envelope is a CloudEvent (trace-context.ts). */
export function traceServe(msg: Pick<Msg, "subject" | "headers" | "data">, responder: string, cloudEvents: boolean, answer: () => Promise<Answered>): Promise<Answered> {
  const api = otelApiIfLoaded();
  if (!api || onlyNoopSpans(api)) return answer();
  const parent = extractParent(api, msg, cloudEvents);
  const span = tracer(api).startSpan(`process ${msg.subject}`, { kind: api.SpanKind.CONSUMER, attributes: processAttributes(msg.subject, responder, msg.data.length) }, parent);
  if (!span.isRecording()) {
    span.end();
    return answer();
  }
  return api.context.with(api.trace.setSpan(parent, span), answer).then(
    (answered) => {
      if (answered.eventId !== undefined) span.setAttribute(ATTR.messageId, answered.eventId);
      if (answered.type !== undefined) span.setAttribute(ATTR.eventType, answered.type);
      span.setAttribute(ATTR.outcome, answered.outcome);
      if (answered.error !== undefined) fail(api, span, answered.error);
      span.end();
      return answered;
    },
    (err: unknown) => {
      span.setAttribute(ATTR.outcome, "failed" satisfies ServeOutcome);
      fail(api, span, err);
      span.end();
      throw err;
    },
  );
}
