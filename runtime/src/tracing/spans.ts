/**
 * OpenTelemetry spans for publish, consume and request-reply, following the messaging semantic
 * conventions: `send <subject>` (PRODUCER) around a publish or request, `process <subject>`
 * (CONSUMER) around a consumed message (consume/middleware/tracing.ts) or an answered request
 * (serve-span.ts), the latter a child of the former through W3C trace context
 * (`traceparent`/`tracestate`) injected into the NATS headers by the registered propagator and
 * extracted from them (trace-context.ts).
 *
 * Cost: without `@opentelemetry/api` nothing is wrapped. With it but no SDK registered, the API's
 * tracer could only hand out non-recording spans, so none is started (`onlyNoopSpans`,
 * tracing/tracer.ts) and the publish runs unchanged; an SDK registered later is seen at the next
 * message. A span that does not record for another reason (a sampler) is ended at once, nothing
 * injected.
 */
import { randomUUID } from "node:crypto";
import type { RegistryDescriptor } from "../base/descriptor.js";
import type { PublishOptions } from "../publish/types.js";
import { withPrefix } from "../base/subjects.js";
import { loadOtelApi, otelApiIfLoaded, type Attributes, type OtelApi, type Span, type TextMapGetter } from "./otel-api.js";
import { onlyNoopSpans, tracer } from "./tracer.js";

export { loadOtelApi };

const SYSTEM = "nats";

export const ATTR = {
  system: "messaging.system",
  destination: "messaging.destination.name",
  messageId: "messaging.message.id",
  operationName: "messaging.operation.name",
  operationType: "messaging.operation.type",
  consumerGroup: "messaging.consumer.group.name",
  bodySize: "messaging.message.body.size",
  eventType: "jetschema.event.type",
  outcome: "jetschema.outcome",
} as const;

export function fail(api: OtelApi, span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: api.SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

type Send<R> = (key: string, data: unknown, context?: Record<string, unknown>, options?: PublishOptions) => Promise<R>;

/** Reads a `traceparent`/`tracestate` passed in the publish options, for the propagator. */
const optionsGetter: TextMapGetter<PublishOptions> = {
  keys: (o) => ["traceparent", ...(o.tracestate === undefined ? [] : ["tracestate"])],
  get: (o, key) => (key === "traceparent" ? o.traceparent : key === "tracestate" ? o.tracestate : undefined),
};

/**
 * Wraps publish or request in a `send` span and passes the span's trace context as the message's
 * `traceparent`/`tracestate`. The span is the child of the active span, or, when the caller passed
 * a `traceparent` (a trace that is not the active context, e.g. taken from an incoming HTTP
 * request), of that span: the message then carries the send span's context in the caller's
 * trace, so the chain stays caller → send → process. A propagator that does not read W3C trace
 * context leaves the caller's `traceparent` as it was. The span's message id is the event id a
 * publish resolves to; a request resolves to its reply, so with `assignIds` the request's id is
 * chosen here (only when a span records).
 */
export function tracedSend<R>(send: Send<R>, settings: { registry: RegistryDescriptor; subjectPrefix: string }, assignIds = false): Send<R> {
  const ready = loadOtelApi();
  const traced: Send<R> = (key, data, context, options) => {
    const api = otelApiIfLoaded();
    if (api === undefined) return ready.then(() => traced(key, data, context, options));
    if (api === null || onlyNoopSpans(api)) return send(key, data, context, options);
    const event = settings.registry.events[key];
    if (event === undefined) return send(key, data, context, options);
    const subject = withPrefix(settings.subjectPrefix, event.subject);
    const active = api.context.active();
    const parent = options?.traceparent === undefined ? active : api.propagation.extract(active, options, optionsGetter);
    const span = tracer(api).startSpan(
      `send ${subject}`,
      {
        kind: api.SpanKind.PRODUCER,
        attributes: { [ATTR.system]: SYSTEM, [ATTR.destination]: subject, [ATTR.operationName]: "send", [ATTR.operationType]: "send", [ATTR.eventType]: event.type },
      },
      parent,
    );
    if (!span.isRecording()) {
      span.end();
      return send(key, data, context, options);
    }
    let sendOptions = options;
    if (assignIds && options?.id === undefined) {
      sendOptions = { ...options, id: randomUUID() };
      span.setAttribute(ATTR.messageId, sendOptions.id!);
    }
    const carrier: Record<string, string> = {};
    api.propagation.inject(api.trace.setSpan(parent, span), carrier);
    if (carrier["traceparent"] !== undefined) {
      sendOptions = { ...sendOptions, traceparent: carrier["traceparent"], ...(carrier["tracestate"] ? { tracestate: carrier["tracestate"] } : {}) };
    }
    return send(key, data, context, sendOptions).then(
      (result) => {
        const id = (result as { id?: unknown } | undefined)?.id;
        if (!assignIds && typeof id === "string") span.setAttribute(ATTR.messageId, id);
        span.end();
        return result;
      },
      (err: unknown) => {
        const id = (err as { id?: unknown }).id;
        if (typeof id === "string") span.setAttribute(ATTR.messageId, id);
        fail(api, span, err);
        span.end();
        throw err;
      },
    );
  };
  return traced;
}

/** The attributes of a `process` span (a consumed message or an answered request). */
export function processAttributes(subject: string, consumer: string, bodySize: number): Attributes {
  return {
    [ATTR.system]: SYSTEM,
    [ATTR.destination]: subject,
    [ATTR.operationName]: "process",
    [ATTR.operationType]: "process",
    [ATTR.consumerGroup]: consumer,
    [ATTR.bodySize]: bodySize,
  };
}
