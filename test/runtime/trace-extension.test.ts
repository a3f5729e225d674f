/**
 * The trace context a CloudEvents publish sends as the CloudEvents Distributed Tracing extension
 * too, read back by the official CloudEvents SDK (`cloudevents`, its HTTP binding standing in for a
 * NATS transport) from what a real nats-server stored: `ce-traceparent`/`ce-tracestate` in binary
 * mode, `traceparent`/`tracestate` members in structured mode, both only when the registry's
 * envelope schema accepts them (a consumer validates them as envelope members); the `traceparent`
 * header is sent either way.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import { CloudEvent, HTTP } from "cloudevents";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { beforeEach, describe, expect, it } from "vitest";
import { createEventClient, type CompiledValidator, type ContentMode, type PublishAck, type RegistryDescriptor } from "../../runtime/src/index.js";
import { decodeEnvelope } from "../../runtime/src/envelope/decode-envelope.js";
import { binaryCodec } from "../../runtime/src/envelope/cloudevents-binary.js";
import { admittedPayload, cloudEventSchema, cloudEventsRegistry } from "../support/cloudevents-registry.js";
import { freshStreams } from "../support/consume.js";
import { useJetStream } from "../support/use-jetstream.js";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

/** The test registry's CloudEvents envelope, as it is or closed to members it does not declare. */
function registry(mode: ContentMode, envelope: "open" | "closed"): RegistryDescriptor {
  const r = cloudEventsRegistry(mode, { maxDeliver: 2 });
  if (envelope === "closed") r.envelope = { ...r.envelope, validate: ajv.compile({ ...cloudEventSchema, additionalProperties: false }) as unknown as CompiledValidator };
  return r;
}

const nats = useJetStream({ name: "trace-extension" });
let jsm: JetStreamManager;
beforeEach(async () => {
  jsm = await freshStreams(createEventClient(nats.nc, registry("structured", "open"), { source: "setup" }));
});

// given: content mode, envelope schema, trace context sent; want: the extension the SDK reads.
const cases = [
  { given: "binary mode, an envelope open to more members", mode: "binary", envelope: "open", trace: { traceparent: TRACEPARENT, tracestate: TRACESTATE }, want: { traceparent: TRACEPARENT, tracestate: TRACESTATE } },
  { given: "binary mode, no tracestate", mode: "binary", envelope: "open", trace: { traceparent: TRACEPARENT }, want: { traceparent: TRACEPARENT, tracestate: undefined } },
  { given: "structured mode, an envelope open to more members", mode: "structured", envelope: "open", trace: { traceparent: TRACEPARENT, tracestate: TRACESTATE }, want: { traceparent: TRACEPARENT, tracestate: TRACESTATE } },
  { given: "binary mode, an envelope that forbids undeclared members", mode: "binary", envelope: "closed", trace: { traceparent: TRACEPARENT, tracestate: TRACESTATE }, want: { traceparent: undefined, tracestate: undefined } },
  { given: "structured mode, an envelope that forbids undeclared members", mode: "structured", envelope: "closed", trace: { traceparent: TRACEPARENT }, want: { traceparent: undefined, tracestate: undefined } },
  { given: "binary mode, no trace context", mode: "binary", envelope: "open", trace: {}, want: { traceparent: undefined, tracestate: undefined } },
] as const;

describe("trace context as the CloudEvents Distributed Tracing extension", () => {
  it.each(cases)("$given", async ({ mode, envelope, trace, want }) => {
    const r = registry(mode, envelope);
    const client = createEventClient(nats.nc, r, { source: "traced-service", contentMode: mode });
    const ack = (await client.publish("position.admitted@1", admittedPayload(1), {}, trace)) as PublishAck;
    const stored = (await jsm.streams.getMessage(ack.stream, { seq: ack.seq }))!;

    const headers: Record<string, string> = {};
    for (const key of stored.header.keys()) headers[key] = stored.header.get(key);
    const event = HTTP.toEvent({ headers, body: new TextDecoder().decode(stored.data) }) as CloudEvent<unknown>;
    expect({ traceparent: event["traceparent"], tracestate: event["tracestate"] }).toEqual(want);
    // The header is sent as before, whatever the envelope allows.
    expect(stored.header.get("traceparent")).toBe("traceparent" in trace ? TRACEPARENT : "");
    // What a jetschema consumer makes of the message is a valid envelope.
    const decoded = decodeEnvelope(binaryCodec(r.envelope), stored.header, stored.data, "the message");
    expect(r.envelope.validate(decoded)).toBe(true);
  });
});
