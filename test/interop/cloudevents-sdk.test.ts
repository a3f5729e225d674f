/**
 * Interop with the official CloudEvents SDK for JavaScript (`cloudevents` v10) on a real
 * nats-server, both directions, both content modes. The SDK has no NATS transport; its HTTP
 * binding stands in for one, as a service would write it: `HTTP.binary` / `HTTP.structured` give
 * headers and a body, the headers become NATS headers one to one (`ce-*`, `content-type`); a
 * received NATS message goes back through `HTTP.toEvent`. The jetschema side is SlotWise's
 * generated package (a CloudEvents envelope), imported from a temporary directory.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from "@nats-io/transport-node";
import { CloudEvent, HTTP, type CloudEventV1 } from "cloudevents";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createAjv } from "../../generator/base/ajv.js";
import { createEventClient, listDeadLetters, type PublishAck } from "../../runtime/src/index.js";
import { decodeEnvelope } from "../../runtime/src/envelope/decode-envelope.js";
import { waitFor } from "../support/consume.js";
import { startSlotwise, USER_CREATED, USER_CREATED_SUBJECT, type SlotwiseEvents, type SlotwiseOnServer, type SlotwisePackage } from "./slotwise-package.js";

let slotwise: SlotwiseOnServer;
let nc: NatsConnection;
let pkg: SlotwisePackage;
let events: SlotwiseEvents;
let jsm: JetStreamManager;

beforeAll(async () => {
  slotwise = await startSlotwise("cesdk");
  ({ nc, pkg, events, jsm } = slotwise);
}, 120_000);
beforeEach(() => slotwise.freshStreams());
afterAll(() => slotwise?.dispose());

/** A NATS message as the SDK's HTTP binding reads one: header name → value, the body as text. */
function asHttpMessage(h: MsgHdrs | undefined, body: Uint8Array): { headers: Record<string, string>; body: string } {
  const out: Record<string, string> = {};
  for (const key of h?.keys() ?? []) out[key] = h!.get(key);
  return { headers: out, body: new TextDecoder().decode(body) };
}

/** What an SDK service's NATS transport sends for the SDK's HTTP message: the same headers and body. */
async function sendFromSdk(message: { headers: Record<string, unknown>; body: unknown }): Promise<void> {
  const h = natsHeaders();
  for (const [key, value] of Object.entries(message.headers)) h.set(key, String(value));
  const body = message.body;
  await nc.publish(USER_CREATED_SUBJECT, typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body), { headers: h });
}

const CONTEXT = { subject: "usr 01/é", metadata: { tenant: "studio ana", note: "50% off €" } };
const OPTIONS = { correlationId: "req 7 of 9", causationId: "cmd-7" };

describe("jetschema publishes, the SDK reads", () => {
  it.each(["binary", "structured"] as const)("%s mode: every attribute reaches the SDK as it was published", async (contentMode) => {
    const client = pkg.createEvents(nc, { source: "auth-service", contentMode });
    const ack = await client.publishAuthUserCreated(USER_CREATED, CONTEXT, OPTIONS);
    const stored = await jsm.streams.getMessage(ack.stream, { seq: ack.seq });
    const event = HTTP.toEvent(asHttpMessage(stored!.header, stored!.data)) as CloudEventV1<unknown>;

    expect(event).toMatchObject({
      specversion: "1.0",
      id: ack.id,
      type: "auth.user.created.v1",
      source: "auth-service",
      subject: "usr 01/é",
      datacontenttype: "application/json",
      correlationid: "req 7 of 9",
      causationid: "cmd-7",
      version: "1.0",
      data: USER_CREATED,
    });
    // CloudEvents has no object attribute type: in binary mode metadata is its JSON text.
    const metadata = (event as unknown as Record<string, unknown>)["metadata"];
    expect(contentMode === "binary" ? JSON.parse(metadata as string) : metadata).toEqual(CONTEXT.metadata);
  });
});

describe("jetschema publishes trace context, the SDK reads the Distributed Tracing extension", () => {
  const TRACE = { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: "congo=t61rcWkgMzE" };

  // SlotWise's registry on this repository's runtime: the generated package imports the runtime
  // installed as @jetschema/runtime, which need not be this checkout's.
  it.each(["binary", "structured"] as const)("%s mode: the event's traceparent and tracestate are the trace context sent, the header too", async (contentMode) => {
    const client = createEventClient(nc, pkg.registry, { source: "auth-service", contentMode });
    const ack = (await client.publish("auth.user.created@1", USER_CREATED, CONTEXT, { ...OPTIONS, ...TRACE })) as PublishAck;
    const stored = await jsm.streams.getMessage(ack.stream, { seq: ack.seq });
    const event = HTTP.toEvent(asHttpMessage(stored!.header, stored!.data)) as CloudEventV1<unknown>;
    expect(event).toMatchObject(TRACE);
    expect(stored!.header.get("traceparent")).toBe(TRACE.traceparent);
  });
});

describe("the SDK publishes, jetschema consumes", () => {
  /** An event as an SDK service builds it, with the SDK's defaults (no datacontenttype). */
  function sdkEvent(id: string, overrides: Record<string, unknown> = {}): CloudEvent<unknown> {
    return new CloudEvent({
      id,
      type: "auth.user.created.v1",
      source: "sdk-service",
      subject: "50% off",
      version: "1.0",
      correlationid: "req 7 of 9",
      data: USER_CREATED,
      ...overrides,
    });
  }

  it("handles valid events of both modes, SDK defaults included; dead-letters invalid ones naming what was received", async () => {
    const valid = [
      { id: "bin-default", message: HTTP.binary(sdkEvent("bin-default")) },
      { id: "bin-charset", message: HTTP.binary(sdkEvent("bin-charset", { datacontenttype: "application/json; charset=utf-8" })) },
      { id: "bin-metadata", message: HTTP.binary(sdkEvent("bin-metadata", { metadata: JSON.stringify({ tenant: "studio ana" }) })) },
      { id: "str-default", message: HTTP.structured(sdkEvent("str-default")) },
      { id: "str-charset", message: HTTP.structured(sdkEvent("str-charset", { datacontenttype: "application/json; charset=utf-8" })) },
      { id: "str-metadata", message: HTTP.structured(sdkEvent("str-metadata", { metadata: { tenant: "studio ana" } })) },
      // Data given as bytes (JSON serialised ahead of time): the SDK writes data_base64 in structured mode, the bytes as the body in binary mode.
      { id: "str-bytes", message: HTTP.structured(sdkEvent("str-bytes", { data: new TextEncoder().encode(JSON.stringify(USER_CREATED)) })) },
      { id: "bin-bytes", message: HTTP.binary(sdkEvent("bin-bytes", { data: new TextEncoder().encode(JSON.stringify(USER_CREATED)) })) },
    ];
    const invalid = [
      { id: "bin-text", message: HTTP.binary(sdkEvent("bin-text", { datacontenttype: "text/plain" })), error: /\/datacontenttype must match pattern .* \(received "text\/plain"\)/ },
      // An empty correlationid is accepted (Go zero values, examples/README.md); an empty subject is not.
      { id: "str-empty", message: HTTP.structured(new CloudEvent({ ...sdkEvent("str-empty").toJSON(), subject: "" }, false)), error: /\/subject must NOT have fewer than 1 characters \(received ""\)/ },
      { id: "bin-email", message: HTTP.binary(sdkEvent("bin-email", { data: { ...USER_CREATED, email: "not an email" } })), error: /\/email must match format "email" \(received "not an email"\)/ },
      { id: "str-bytes-text", message: HTTP.structured(sdkEvent("str-bytes-text", { data: new TextEncoder().encode("not json") })), reason: "undecodable", error: /"data_base64" \(the event's data\) is not JSON/ },
    ];
    for (const { message } of [...valid, ...invalid]) await sendFromSdk(message);

    const handled = new Map<string, Record<string, unknown>>();
    const running = await events.consume("user-onboarding", { "auth.user.created.v1": (e) => void handled.set(e["id"] as string, e) });
    await waitFor(async () => handled.size === valid.length && (await jsm.streams.info("DEAD_LETTERS")).state.messages === invalid.length, 15_000, () => `${valid.length} handled (${[...handled.keys()]}), ${invalid.length} dead-lettered`);
    await running.stop();

    for (const { id } of valid) {
      expect(handled.get(id), id).toMatchObject({ source: "sdk-service", subject: "50% off", correlationid: "req 7 of 9", data: USER_CREATED });
    }
    expect(handled.get("bin-default")!["datacontenttype"]).toBe("application/json; charset=utf-8");
    expect(handled.get("str-default")!["datacontenttype"]).toBeUndefined();
    expect(handled.get("bin-metadata")!["metadata"]).toEqual({ tenant: "studio ana" });
    expect(handled.get("str-metadata")!["metadata"]).toEqual({ tenant: "studio ana" });

    const letters = await listDeadLetters(jsm, pkg.registry);
    expect(letters.map((d) => d.eventId).sort()).toEqual(invalid.map((c) => c.id).sort());
    for (const c of invalid) {
      const letter = letters.find((d) => d.eventId === c.id)!;
      expect(letter.reason, c.id).toBe(c.reason ?? "invalid");
      expect(letter.error, c.id).toMatch(c.error);
    }
  });
});

describe("the envelope `jetschema init --envelope cloudevents` writes", () => {
  const schema = JSON.parse(readFileSync(new URL("../../templates/init/cloudevents.schema.json", import.meta.url), "utf8")) as object;
  const validate = createAjv("draft7").compile(schema);
  const codec = { json: new Set<string>(), dataField: "data", hasDataContentType: true };

  /** The envelope a jetschema consumer makes of what the SDK's service sends. */
  function received(message: { headers: Record<string, unknown>; body: unknown }): unknown {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(message.headers)) h.set(key, String(value));
    const body = typeof message.body === "string" ? new TextEncoder().encode(message.body) : (message.body as Uint8Array);
    return decodeEnvelope(codec, h, body, "the body");
  }

  it.each([
    ["structured, no datacontenttype", HTTP.structured],
    ["binary, Content-Type application/json; charset=utf-8", HTTP.binary],
  ] as const)("accepts the SDK's defaults: %s", (_name, encode) => {
    const event = new CloudEvent({ id: "sdk-1", type: "order.placed", source: "/sdk", version: "1.0", data: { orderId: "o-1" } });
    const envelope = received(encode(event));
    expect(validate(envelope), JSON.stringify(validate.errors)).toBe(true);
  });

  it("still refuses data that is not JSON", () => {
    const event = new CloudEvent({ id: "sdk-2", type: "order.placed", source: "/sdk", version: "1.0", datacontenttype: "text/plain", data: "hello" });
    expect(validate(received(HTTP.structured(event)))).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain("/datacontenttype");
  });
});
