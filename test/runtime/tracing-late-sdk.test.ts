/**
 * With `@opentelemetry/api` installed and no SDK registered, the runtime starts no span at all
 * (tracing/tracer.ts, `onlyNoopSpans`): such a span could never record. That shortcut must end
 * the moment a tracer provider is registered, even for a client, a consumer and a responder made
 * before it (an SDK started after the service's NATS set-up): from the next message on, publish,
 * consume, request and serve make their spans and carry `traceparent` exactly as in
 * tracing.test.ts, where the SDK is registered first. On a real nats-server.
 */
import { context, propagation, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEventClient, type EventClient, type PublishAck } from "../../runtime/src/index.js";
import { loadOtelApi } from "../../runtime/src/tracing/otel-api.js";
import { onlyNoopSpans } from "../../runtime/src/tracing/tracer.js";
import { consumeRegistry, freshStreams, waitFor } from "../support/consume.js";
import { admittedPayload, withQueueLengthQuery } from "../support/registry.js";
import { useJetStream } from "../support/use-jetstream.js";

const SUBJECT = "waitingroom.position.admitted.v1";
const exporter = new InMemorySpanExporter();

const nats = useJetStream({ name: "tracing-late-sdk" });
let events: EventClient;

beforeAll(async () => {
  events = createEventClient(nats.nc, withQueueLengthQuery(consumeRegistry({ maxDeliver: 2 })), { source: "late-sdk", timeoutMs: 2000 });
  await freshStreams(events);
});

afterAll(() => {
  trace.disable();
  propagation.disable();
  context.disable();
});

const spans = (name: string) => exporter.getFinishedSpans().filter((s) => s.name === name);
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

it("takes the no-span path only until a tracer provider is registered, then traces from the next message on", async () => {
  const api = (await loadOtelApi())!;
  const handled: string[] = [];
  const running = await events.consume("analytics-processor", { "position.admitted": (event) => void handled.push(event.id) });
  const responder = events.serve("queue.length@1", () => ({ length: trace.getActiveSpan() ? 1 : 0 }));
  const traceparentOf = async (ack: PublishAck) => (await (await events.jsm()).streams.getMessage(ack.stream, { seq: ack.seq }))!.header.get("traceparent");

  // Given / want: nothing registered, the shortcut is taken and nothing is injected.
  expect(onlyNoopSpans(api)).toBe(true);
  const untraced = (await events.publish("position.admitted@1", admittedPayload(1), { queue_id: "q" })) as PublishAck;
  await waitFor(() => handled.length === 1, 10_000, () => "the first message handled");
  expect(await events.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" })).toMatchObject({ data: { length: 0 } });
  expect(await traceparentOf(untraced)).toBe("");

  // An SDK registered now, after the client, the consumer and the responder were made.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  expect(onlyNoopSpans(api)).toBe(false);

  const traced = (await events.publish("position.admitted@1", admittedPayload(2), { queue_id: "q" })) as PublishAck;
  await waitFor(() => spans(`process ${SUBJECT}`).length === 1, 10_000, () => "the process span of the second message");
  const reply = (await events.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" })) as Record<string, unknown>;
  await responder.stop();
  await running.stop();

  const [send] = spans(`send ${SUBJECT}`);
  const [processed] = spans(`process ${SUBJECT}`);
  expect(spans(`send ${SUBJECT}`)).toHaveLength(1);
  expect(send!.kind).toBe(SpanKind.PRODUCER);
  expect(send!.attributes["messaging.message.id"]).toBe(traced.id);
  expect(await traceparentOf(traced)).toBe(`00-${send!.spanContext().traceId}-${send!.spanContext().spanId}-01`);
  expect(parentOf(processed!)).toBe(send!.spanContext().spanId);
  expect(processed!.attributes["messaging.message.id"]).toBe(traced.id);

  const query = events.subject("queue.length@1");
  const [requested] = spans(`send ${query}`);
  const [served] = spans(`process ${query}`);
  expect(reply).toMatchObject({ data: { length: 1 } });
  expect(parentOf(served!)).toBe(requested!.spanContext().spanId);
});
