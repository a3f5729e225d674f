import { isThenable } from "../chain/sync-or-async.js";
import type { Middleware } from "../chain/types.js";
import { loadOtelApi } from "../../tracing/otel-api.js";
import { ATTR, fail, processAttributes } from "../../tracing/spans.js";
import { extractParent } from "../../tracing/trace-context.js";
import { onlyNoopSpans, tracer } from "../../tracing/tracer.js";

/**
 * Consume middleware (outermost): a `process` span per delivery, child of the publisher's span
 * when the message carries trace context (with `cloudEvents`, also the CloudEvents extension's:
 * tracing/trace-context.ts), active while the handler runs. Undefined without
 * @opentelemetry/api; span names and attributes as in tracing/spans.ts.
 */
export async function tracingMiddleware(consumer: string, cloudEvents: boolean): Promise<Middleware | undefined> {
  const api = await loadOtelApi();
  if (api === null) return undefined;
  const t = tracer(api);
  return (next) => (ctx) => {
    // No provider registered: the span could not record, so it is not started (tracing/tracer.ts).
    if (onlyNoopSpans(api)) return next(ctx);
    const parent = extractParent(api, ctx.msg, cloudEvents);
    const span = t.startSpan(`process ${ctx.subject}`, { kind: api.SpanKind.CONSUMER, attributes: processAttributes(ctx.subject, consumer, ctx.msg.data.length) }, parent);
    if (!span.isRecording()) {
      span.end();
      return next(ctx);
    }
    const done = (err?: unknown) => {
      if (ctx.eventId !== undefined) span.setAttribute(ATTR.messageId, ctx.eventId);
      if (ctx.type !== undefined) span.setAttribute(ATTR.eventType, ctx.type);
      span.setAttribute(ATTR.outcome, ctx.outcome ?? (err === undefined ? "handled" : "failed"));
      if (err !== undefined) fail(api, span, err);
      else if (ctx.outcome === "dead-lettered") fail(api, span, ctx.error ?? new Error(`dead-lettered: ${ctx.deadLetterReason ?? "max-deliver"}`));
      span.end();
    };
    let result;
    try {
      result = api.context.with(api.trace.setSpan(parent, span), next, undefined, ctx);
    } catch (err) {
      done(err);
      throw err;
    }
    // A dead letter written in the background (ctx.hold) settles the message later.
    const settled = () => (ctx.held !== undefined ? void ctx.held.then(() => done(), done) : done());
    if (isThenable(result)) {
      return Promise.resolve(result).then(settled, (err: unknown) => {
        done(err);
        throw err;
      });
    }
    settled();
  };
}
