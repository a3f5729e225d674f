/**
 * OpenTelemetry on a real nats-server, with the SDK's in-memory exporter under a registered global
 * tracer provider, W3C propagator and async context manager: publish, consume, request and serve
 * make spans following the messaging semantic conventions, the trace context travels in the NATS
 * headers (or, from a CloudEvents SDK, in the Distributed Tracing extension's attributes), and a
 * consume span is the child of its publish span.
 */
import { headers as natsHeaders } from "@nats-io/transport-node";
import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { CloudEvent, HTTP } from "cloudevents";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEventClient, type EventClient, type PublishAck } from "../../runtime/src/index.js";
import { cloudEventsRegistry } from "../support/cloudevents-registry.js";
import { admittedEnvelope, consumeRegistry, encoder, freshStreams, waitFor } from "../support/consume.js";
import { admittedPayload, withQueueLengthQuery } from "../support/registry.js";
import { useJetStream } from "../support/use-jetstream.js";

const SUBJECT = "waitingroom.position.admitted.v1";
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

const nats = useJetStream({ name: "tracing" });
let events: EventClient;

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  events = createEventClient(nats.nc, withQueueLengthQuery(consumeRegistry({ maxDeliver: 2 })), { source: "tracing-test", timeoutMs: 2000 });
});

beforeEach(async () => {
  await freshStreams(events);
  exporter.reset();
});

afterAll(async () => {
  trace.disable();
  propagation.disable();
  context.disable();
});

const spans = (name: string) => exporter.getFinishedSpans().filter((s) => s.name === name);
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe("publish", () => {
  it("makes a PRODUCER span `send <subject>` and sends its trace context as traceparent", async () => {
    const ack = (await events.publish("position.admitted@1", admittedPayload(1), { queue_id: "q" })) as PublishAck;
    const [span] = spans(`send ${SUBJECT}`);
    expect(span).toBeDefined();
    expect(span!.kind).toBe(SpanKind.PRODUCER);
    expect(span!.attributes).toMatchObject({
      "messaging.system": "nats",
      "messaging.destination.name": SUBJECT,
      "messaging.operation.name": "send",
      "messaging.operation.type": "send",
      "messaging.message.id": ack.id,
    });
    const stored = await (await events.jsm()).streams.getMessage(ack.stream, { seq: ack.seq });
    const { traceId, spanId } = span!.spanContext();
    expect(stored!.header.get("traceparent")).toBe(`00-${traceId}-${spanId}-01`);
  });

  it("is the child of the active span, and records a failed publish as an error", async () => {
    const parent = trace.getTracer("test").startSpan("checkout");
    await context.with(trace.setSpan(context.active(), parent), async () => {
      await events.publish("position.admitted@1", admittedPayload(2), { queue_id: "q" });
      await expect(events.publish("position.admitted@1", { position_id: "" }, { queue_id: "q" })).rejects.toThrow(/Invalid payload/);
    });
    parent.end();
    const [ok, failed] = spans(`send ${SUBJECT}`);
    expect(parentOf(ok!)).toBe(parent.spanContext().spanId);
    expect(ok!.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(failed!.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed!.events.some((e) => e.name === "exception")).toBe(true);
  });

});

describe("a traceparent passed in the options", () => {
  const CALLER = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
  const options = { traceparent: `00-${CALLER.traceId}-${CALLER.spanId}-01`, tracestate: "vendor=caller" };

  // given: how the event leaves with the caller's traceparent; want: caller → send → process.
  it.each([
    {
      given: "publish",
      send: async () => (await events.publish("position.admitted@1", admittedPayload(3), { queue_id: "q" }, options)) as PublishAck,
    },
    {
      given: "publishMany",
      send: async () => {
        const [result] = await events.publishMany([{ key: "position.admitted@1", data: admittedPayload(3), context: { queue_id: "q" }, options }]);
        if (!result!.ok) throw result!.error;
        return result!.ack as PublishAck;
      },
    },
  ])("$given: the send span is the child of the caller's span, the process span the child of the send span", async ({ send }) => {
    const ack = await send();
    const running = await events.consume("analytics-processor", { "position.admitted": () => undefined });
    await waitFor(() => spans(`process ${SUBJECT}`).length === 1, 10_000, () => "the process span");
    await running.stop();
    const [sent] = spans(`send ${SUBJECT}`);
    const [processed] = spans(`process ${SUBJECT}`);
    expect(sent!.spanContext().traceId).toBe(CALLER.traceId);
    expect(parentOf(sent!)).toBe(CALLER.spanId);
    expect(processed!.spanContext().traceId).toBe(CALLER.traceId);
    expect(parentOf(processed!)).toBe(sent!.spanContext().spanId);
    // What the wire carried: the send span's own context, the caller's tracestate kept.
    expect(processed!.spanContext().traceState?.serialize()).toBe("vendor=caller");
    const stored = await (await events.jsm()).streams.getMessage(ack.stream, { seq: ack.seq });
    expect(stored!.header.get("traceparent")).toBe(`00-${CALLER.traceId}-${sent!.spanContext().spanId}-01`);
    expect(stored!.header.get("tracestate")).toBe("vendor=caller");
  });

  it("request: the send span is the child of the caller's span, the responder's process span the child of the send span", async () => {
    const responder = events.serve("queue.length@1", () => ({ length: 1 }));
    await events.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" }, options);
    await responder.stop();
    const subject = events.subject("queue.length@1");
    const [sent] = spans(`send ${subject}`);
    const [processed] = spans(`process ${subject}`);
    expect(sent!.spanContext().traceId).toBe(CALLER.traceId);
    expect(parentOf(sent!)).toBe(CALLER.spanId);
    expect(processed!.spanContext().traceId).toBe(CALLER.traceId);
    expect(parentOf(processed!)).toBe(sent!.spanContext().spanId);
  });
});

describe("consume", () => {
  it("makes a CONSUMER span `process <subject>`, child of the publish span and active in the handler", async () => {
    await events.publish("position.admitted@1", admittedPayload(4), { queue_id: "q" });
    let activeInHandler: string | undefined;
    const running = await events.consume("analytics-processor", {
      "position.admitted": () => void (activeInHandler = trace.getActiveSpan()?.spanContext().spanId),
    });
    await waitFor(() => spans(`process ${SUBJECT}`).length === 1, 10_000, () => "the process span");
    await running.stop();
    const [send] = spans(`send ${SUBJECT}`);
    const [processed] = spans(`process ${SUBJECT}`);
    expect(processed!.kind).toBe(SpanKind.CONSUMER);
    expect(processed!.spanContext().traceId).toBe(send!.spanContext().traceId);
    expect(parentOf(processed!)).toBe(send!.spanContext().spanId);
    expect(activeInHandler).toBe(processed!.spanContext().spanId);
    expect(processed!.attributes).toMatchObject({
      "messaging.system": "nats",
      "messaging.destination.name": SUBJECT,
      "messaging.operation.name": "process",
      "messaging.operation.type": "process",
      "messaging.consumer.group.name": "analytics-processor",
      "messaging.message.id": send!.attributes["messaging.message.id"],
      "jetschema.outcome": "handled",
    });
  });

  it("marks a dead-lettered message's span as an error; a message without trace context starts a trace", async () => {
    const js = events.js;
    await js.publish(SUBJECT, encoder.encode("{not json"), { msgID: "no-trace-bad" });
    await js.publish(SUBJECT, encoder.encode(JSON.stringify(admittedEnvelope(5, { id: "no-trace-ok" }))), { msgID: "no-trace-ok" });
    const running = await events.consume("analytics-processor", { "position.admitted": () => undefined });
    await waitFor(() => spans(`process ${SUBJECT}`).length === 2, 10_000, () => "two process spans");
    await running.stop();
    const [bad, ok] = spans(`process ${SUBJECT}`);
    expect(bad!.attributes["jetschema.outcome"]).toBe("dead-lettered");
    expect(bad!.status.code).toBe(SpanStatusCode.ERROR);
    expect(ok!.attributes).toMatchObject({ "jetschema.outcome": "handled", "messaging.message.id": "no-trace-ok" });
    expect(parentOf(ok!)).toBeUndefined();
  });
});

describe("request and serve", () => {
  it("the request's send span is the parent of the responder's process span", async () => {
    const responder = events.serve("queue.length@1", () => ({ length: trace.getActiveSpan() ? 1 : 0 }));
    const reply = (await events.request("queue.length@1", { queue_id: "q" }, { queue_id: "q" })) as Record<string, unknown>;
    await responder.stop();
    expect(reply).toMatchObject({ data: { length: 1 } });
    const subject = events.subject("queue.length@1");
    const [send] = spans(`send ${subject}`);
    const [processed] = spans(`process ${subject}`);
    expect(send!.kind).toBe(SpanKind.PRODUCER);
    expect(processed!.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(processed!)).toBe(send!.spanContext().spanId);
    // The request's own id, which the reply names as its cause, not the reply's id.
    expect(send!.attributes["messaging.message.id"]).toBe(reply["causation_id"]);
  });

  /** A request envelope for queue.length 1.0 as any NATS client could send it, bypassing the client's checks. */
  const rawRequest = (id: string, data: unknown) =>
    JSON.stringify({ id, type: "queue.length", version: "1.0", source: "raw", timestamp: new Date().toISOString(), specversion: "1.0", queue_id: "q", data });
  const ok = () => ({ length: 1 });

  // given: the handler and what is sent; want: the process span's outcome, status, exception, message id.
  it.each([
    { given: "a valid request, answered", handler: ok, body: rawRequest("req-ok", { queue_id: "q" }), outcome: "replied", error: undefined, id: "req-ok" },
    { given: "a handler that throws", handler: () => { throw new Error("queue store down"); }, body: rawRequest("req-throws", { queue_id: "q" }), outcome: "failed", error: "queue store down", id: "req-throws" },
    { given: "a handler whose reply breaks the reply schema", handler: () => ({ length: -1 }), body: rawRequest("req-bad-reply", { queue_id: "q" }), outcome: "failed", error: "the handler's reply is invalid: /length must be >= 0", id: "req-bad-reply" },
    { given: "a handler whose reply the server refuses (over max_payload)", handler: () => ({ length: 1, note: "x".repeat(1_100_000) }), body: rawRequest("req-too-large", { queue_id: "q" }), outcome: "failed", error: "the reply could not be sent: 'payload' max_payload size exceeded", id: "req-too-large" },
    { given: "a request whose payload is invalid", handler: ok, body: rawRequest("req-invalid", { queue_id: "" }), outcome: "rejected", error: "invalid request: /queue_id must NOT have fewer than 1 characters", id: "req-invalid" },
    { given: "a request that is not JSON", handler: ok, body: "{not json", outcome: "rejected", error: "the request is not JSON", id: undefined },
  ])("serve, $given: outcome $outcome", async ({ handler, body, outcome, error, id }) => {
    const responder = events.serve("queue.length@1", handler);
    const subject = events.subject("queue.length@1");
    const reply = await nats.nc.request(subject, encoder.encode(body), { timeout: 2000 });
    await responder.stop();
    expect(reply.headers?.get("Jetschema-Error") ?? "").toBe(error ?? "");
    const [processed] = spans(`process ${subject}`);
    expect(processed!.attributes["jetschema.outcome"]).toBe(outcome);
    expect(processed!.attributes["messaging.message.id"]).toBe(id);
    expect(processed!.attributes["jetschema.event.type"]).toBe(id === undefined ? undefined : "queue.length");
    expect(processed!.attributes).toMatchObject({ "messaging.operation.name": "process", "messaging.consumer.group.name": subject });
    expect(processed!.status.code).toBe(error === undefined ? SpanStatusCode.UNSET : SpanStatusCode.ERROR);
    const exception = processed!.events.find((e) => e.name === "exception");
    expect(exception?.attributes?.["exception.message"]).toBe(error);
  });
});

describe("CloudEvents Distributed Tracing extension", () => {
  let cloudEvents: EventClient;
  beforeAll(() => {
    cloudEvents = createEventClient(nats.nc, cloudEventsRegistry("structured", { maxDeliver: 2 }), { source: "tracing-test" });
  });
  beforeEach(() => freshStreams(cloudEvents));

  const tp = (trace: string, span: string) => `00-${trace.repeat(32)}-${span.repeat(16)}-01`;
  /** A position.admitted as the CloudEvents SDK writes it, in either mode, with the extension's attributes. */
  const sdkMessage = (id: string, mode: "binary" | "structured", extension: { readonly traceparent: string; readonly tracestate?: string | undefined }) =>
    (mode === "binary" ? HTTP.binary : HTTP.structured)(
      new CloudEvent({ id, type: "position.admitted", source: "sdk-service", version: "1.1", datacontenttype: "application/json", data: admittedPayload(7), ...extension }),
    );

  // given: where the trace context travels; want: the trace (and parent span) of the process span.
  it.each([
    { given: "binary, ce-traceparent and ce-tracestate only", mode: "binary", extension: { traceparent: tp("a", "1"), tracestate: "sdk=a" }, header: undefined, want: { trace: "a", parent: "1", state: "sdk=a" } },
    { given: "structured, traceparent and tracestate members only", mode: "structured", extension: { traceparent: tp("b", "2"), tracestate: "sdk=b" }, header: undefined, want: { trace: "b", parent: "2", state: "sdk=b" } },
    { given: "binary, a traceparent header and ce-traceparent: the header wins", mode: "binary", extension: { traceparent: tp("c", "3") }, header: tp("d", "4"), want: { trace: "d", parent: "4", state: undefined } },
    { given: "structured, a traceparent header and a traceparent member: the header wins", mode: "structured", extension: { traceparent: tp("e", "5") }, header: tp("f", "6"), want: { trace: "f", parent: "6", state: undefined } },
  ] as const)("$given", async ({ mode, extension, header, want }) => {
    const message = sdkMessage(`ce-${want.trace}`, mode, extension);
    const h = natsHeaders();
    for (const [key, value] of Object.entries(message.headers)) h.set(key, String(value));
    if (header !== undefined) h.set("traceparent", header);
    await cloudEvents.js.publish(SUBJECT, encoder.encode(message.body as string), { headers: h });
    let handled = 0;
    const running = await cloudEvents.consume("analytics-processor", { "position.admitted": () => void handled++ });
    await waitFor(() => spans(`process ${SUBJECT}`).length === 1, 10_000, () => "the process span");
    await running.stop();
    const [processed] = spans(`process ${SUBJECT}`);
    expect(handled).toBe(1);
    expect(processed!.attributes["jetschema.outcome"]).toBe("handled");
    expect(processed!.spanContext().traceId).toBe(want.trace.repeat(32));
    expect(parentOf(processed!)).toBe(want.parent.repeat(16));
    expect(processed!.spanContext().traceState?.serialize()).toBe(want.state);
  });

  it("serve: a binary request with only ce-traceparent is answered in that trace", async () => {
    const registry = withQueueLengthQuery(cloudEventsRegistry("structured"));
    const client = createEventClient(nats.nc, registry, { source: "tracing-test" });
    const responder = client.serve("queue.length@1", () => ({ length: 1 }));
    const message = HTTP.binary(
      new CloudEvent({ id: "ce-req", type: "queue.length", source: "sdk-service", version: "1.0", datacontenttype: "application/json", data: { queue_id: "q" }, traceparent: tp("9", "8") }),
    );
    const h = natsHeaders();
    for (const [key, value] of Object.entries(message.headers)) h.set(key, String(value));
    const subject = client.subject("queue.length@1");
    const reply = await nats.nc.request(subject, encoder.encode(message.body as string), { headers: h, timeout: 2000 });
    await responder.stop();
    expect(reply.headers?.get("Jetschema-Error") ?? "").toBe("");
    const [processed] = spans(`process ${subject}`);
    expect(processed!.spanContext().traceId).toBe("9".repeat(32));
    expect(parentOf(processed!)).toBe("8".repeat(16));
  });
});

describe("tracing: false", () => {
  it("makes no spans and sends no traceparent", async () => {
    const quiet = createEventClient(nats.nc, events.registry, { source: "quiet", tracing: false });
    const ack = (await quiet.publish("position.admitted@1", admittedPayload(6), { queue_id: "q" })) as PublishAck;
    expect(exporter.getFinishedSpans()).toEqual([]);
    const stored = await (await events.jsm()).streams.getMessage(ack.stream, { seq: ack.seq });
    expect(stored!.header.has("traceparent")).toBe(false);
  });
});
