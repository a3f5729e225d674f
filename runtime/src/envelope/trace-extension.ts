/**
 * The CloudEvents Distributed Tracing extension on what jetschema publishes: the trace context the
 * `traceparent`/`tracestate` headers carry is also set as the event's `traceparent`/`tracestate`
 * attributes, so a consumer on a CloudEvents SDK, which reads trace context from the event rather
 * than from NATS headers, sees it. Binary mode sends the attributes as `ce-traceparent` /
 * `ce-tracestate` headers (cloudevents-binary.ts), structured mode as members of the envelope.
 *
 * Either way they are envelope members to a consumer (jetschema's own decodes `ce-*` headers into
 * the envelope and validates it), so they are set only when the registry's envelope schema accepts
 * the envelope with them: an envelope that forbids members it does not declare gets the headers
 * alone. Not for an envelope that sets `traceparent` itself (a declared context property), nor for
 * one that is not a CloudEvent.
 */
import type { EnvelopeDescriptor } from "../base/descriptor.js";
import type { TraceContext } from "./headers.js";

const TRACEPARENT = "traceparent";
const TRACESTATE = "tracestate";

/**
 * `envelope` (built and valid) with the extension's members, or as it is when they may not be
 * added. The generator's verdict (`cloudEvents.traceExtension`) answers for envelope schemas that
 * take or refuse the members whatever their values; the others are asked each time.
 */
export function withTraceExtension(descriptor: EnvelopeDescriptor, envelope: Record<string, unknown>, trace: TraceContext): Record<string, unknown> {
  const cloudEvents = descriptor.cloudEvents;
  if (cloudEvents === undefined || cloudEvents.traceExtension === "refused" || !trace.traceparent || envelope[TRACEPARENT] !== undefined) return envelope;
  const extended: Record<string, unknown> = { ...envelope, [TRACEPARENT]: trace.traceparent };
  if (trace.tracestate && envelope[TRACESTATE] === undefined) extended[TRACESTATE] = trace.tracestate;
  if (cloudEvents.traceExtension === "accepted") return extended;
  return descriptor.validate(extended) ? extended : envelope;
}
