/**
 * The AsyncAPI export of every registry in the repository is read by the AsyncAPI parser
 * (@asyncapi/parser: the 3.0.0 JSON Schema plus the Spectral rules AsyncAPI tools run) with no
 * error, and says what the registry says: a channel per subject, a message per major, each
 * service's operations, shared definitions referenced from components.
 */
import { Parser } from "@asyncapi/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BINARY_SLOTWISE, exportAll, REGISTRIES, type Exported } from "./registries.js";

/** Every diagnostic the parser gives on any export; anything new fails the test (see docs/catalog.md#asyncapi). */
const KNOWN_DIAGNOSTICS = new Set([
  // Info: the brief asks for 3.0.0; 3.1.0 is out and backwards compatible.
  "asyncapi-latest-version",
]);

const ERROR = 0;

type Doc = Record<string, any>;

let exported: Exported[];
const parsed = new Map<string, { doc: Doc; diagnostics: Array<{ code: string | number; severity: number; message: string; path: string }> }>();

beforeAll(async () => {
  exported = exportAll();
  const parser = new Parser();
  for (const e of exported) {
    const { document, diagnostics } = await parser.parse(e.yaml);
    expect(document, `${e.dir}: the parser returned no document`).toBeDefined();
    parsed.set(e.dir, {
      doc: parse(e.yaml) as Doc,
      diagnostics: diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, path: d.path.join("/") })),
    });
  }
}, 120_000);

const of = (dir: string) => parsed.get(dir)!;

describe.each(REGISTRIES.map((dir) => ({ dir })))("the AsyncAPI export of $dir", ({ dir }) => {
  it("parses with no error, and only the known infos or warnings", () => {
    const { diagnostics } = of(dir);
    expect(diagnostics.filter((d) => d.severity === ERROR)).toEqual([]);
    expect(diagnostics.filter((d) => !KNOWN_DIAGNOSTICS.has(String(d.code)))).toEqual([]);
  });

  it("is AsyncAPI 3.0.0 with the registry's package as info", () => {
    const { doc } = of(dir);
    const { model } = exported.find((e) => e.dir === dir)!;
    expect(doc.asyncapi).toBe("3.0.0");
    expect(doc.info.title).toBe(model.config.package.name);
    expect(doc.info.version).toBe(model.config.package.version);
  });

  it("has one channel per subject and one message per event major, each on its subject's channel", () => {
    const { doc } = of(dir);
    const { model } = exported.find((e) => e.dir === dir)!;
    const subjects = [...new Set(model.majors.map((m) => m.subject))].sort();
    const eventChannels = Object.keys(doc.channels).filter((id) => doc.channels[id].address !== null);
    expect(eventChannels.sort()).toEqual(subjects);
    for (const m of model.majors) {
      expect(doc.components.messages[m.typeName], m.key).toBeDefined();
      expect(doc.channels[m.subject].messages[m.typeName]).toEqual({ $ref: `#/components/messages/${m.typeName}` });
      expect(doc.components.schemas[m.typeName], `payload schema of ${m.key}`).toBeDefined();
    }
  });

  it("gives every service a send per major it publishes and a receive per major it consumes", () => {
    const { doc } = of(dir);
    const { model } = exported.find((e) => e.dir === dir)!;
    const ops = Object.values(doc.operations) as Doc[];
    for (const event of model.events) {
      for (const m of event.majors) {
        const on = (action: string) => ops.filter((o) => o.action === action && o.channel.$ref === `#/channels/${m.subject}` && o.messages[0].$ref.endsWith(`/messages/${m.typeName}`));
        expect(on("send").map((o) => o["x-jetschema-service"]).sort(), `senders of ${m.key}`).toEqual(event.producers);
        expect(on("receive").map((o) => o["x-jetschema-service"]).sort(), `receivers of ${m.key}`).toEqual(event.consumers);
      }
    }
  });

  it("refers to components for every $ref, and every one of them exists", () => {
    const { doc } = of(dir);
    const refs = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          if (k === "$ref" && typeof x === "string") refs.add(x);
          else walk(x);
        }
      }
    };
    walk(doc);
    expect([...refs].filter((r) => !r.startsWith("#/"))).toEqual([]);
    for (const r of refs) {
      const target = r
        .slice(2)
        .split("/")
        .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce<any>((node, key) => node?.[key], doc);
      expect(target, r).toBeDefined();
    }
  });

  it("lists the streams and consumers of registry.json under x-jetstream", () => {
    const { doc } = of(dir);
    const { model } = exported.find((e) => e.dir === dir)!;
    expect(Object.keys(doc["x-jetstream"].streams)).toEqual(model.streams.map((s) => s.name));
    expect(Object.keys(doc["x-jetstream"].consumers)).toEqual(model.consumers.map((c) => c.name));
  });
});

describe("what each registry's conventions become", () => {
  it("SlotWise: the {env} prefix is a channel parameter, the envelope travels as a structured CloudEvent, the correlation id in correlationid", () => {
    const { doc } = of("examples/slotwise");
    const channel = doc.channels["auth.user.created.v1"];
    expect(channel.address).toBe("{env}.auth.user.created.v1");
    expect(channel.parameters).toEqual({ env: { $ref: "#/components/parameters/env" } });
    expect(doc.components.parameters.env.examples).toEqual(["prod", "staging", "dev"]);
    const message = doc.components.messages.AuthUserCreated;
    expect(message.contentType).toBe("application/cloudevents+json");
    expect(message.payload.allOf[0]).toEqual({ $ref: "#/components/schemas/Envelope" });
    expect(message.payload.allOf[1].properties).toEqual({
      type: { const: "auth.user.created.v1" },
      version: { enum: ["1.0"] },
      data: { $ref: "#/components/schemas/AuthUserCreated" },
    });
    expect(message.correlationId).toEqual({ $ref: "#/components/correlationIds/correlation" });
    expect(doc.components.correlationIds.correlation.location).toBe("$message.payload#/correlationid");
  });

  it("SlotWise in binary mode: data is the payload, the envelope's attributes ce- headers, the correlation id in ce-correlationid", () => {
    const { doc } = of(BINARY_SLOTWISE);
    const message = doc.components.messages.AuthUserCreated;
    expect(message.contentType).toBe("application/json");
    expect(message.payload).toEqual({ $ref: "#/components/schemas/AuthUserCreated" });
    expect(message.headers.allOf[0]).toEqual({ $ref: "#/components/schemas/Headers" });
    expect(message.headers.allOf[1].properties).toEqual({ "ce-type": { const: "auth.user.created.v1" }, "ce-version": { enum: ["1.0"] } });
    const headers = doc.components.schemas.Headers;
    // datacontenttype is optional in SlotWise's envelope (the CloudEvents SDK leaves it out), so its header is too.
    expect(headers.required).toEqual(["Nats-Msg-Id", "Content-Type", "ce-specversion", "ce-id", "ce-source", "ce-type", "ce-time", "ce-version"]);
    expect(headers.properties["ce-datacontenttype"]).toBeDefined();
    expect(headers.properties["ce-data"]).toBeUndefined();
    expect(headers.properties["ce-metadata"]).toMatchObject({ type: "string", contentMediaType: "application/json" });
    expect(headers.properties["ce-time"]).toMatchObject({ type: "string", format: "date-time" });
    expect(doc.components.correlationIds.correlation.location).toBe("$message.header#/ce-correlationid");
  });

  it("the waiting room: no prefix, a plain JSON envelope, no correlation role, v1 and v2 on their own channels", () => {
    const { doc } = of("schemas");
    expect(doc.channels["waitingroom.position.admitted.v1"].address).toBe("waitingroom.position.admitted.v1");
    expect(doc.channels["waitingroom.position.admitted.v1"].parameters).toBeUndefined();
    expect(Object.keys(doc.channels["waitingroom.position.admitted.v2"].messages)).toEqual(["PositionAdmittedV2"]);
    expect(doc.components.messages.PositionAdmitted.contentType).toBe("application/json");
    expect(doc.components.messages.PositionAdmitted.correlationId).toBeUndefined();
    expect(doc.channels["waitingroom.position.admitted.v1"]["x-jetstream-stream"]).toBe("POSITION_EVENTS");
    expect(doc.operations.analyticsProcessorReceivesPositionAdmitted["x-jetstream-consumer"]).toBe("analytics-processor");
  });

  it("shared definitions are components referenced by every user, written once", () => {
    const { doc, } = of("schemas");
    const yaml = exported.find((e) => e.dir === "schemas")!.yaml;
    expect(doc.components.schemas.PositionID).toBeDefined();
    expect(doc.components.schemas.PositionAdmitted.properties.position_id).toMatchObject({ $ref: "#/components/schemas/PositionID" });
    // The definition's own description appears once: in its component.
    const description = doc.components.schemas.PositionID.description as string;
    expect(yaml.split(description).length - 1).toBe(1);
  });

  it("the rules engine: a query is a send with a reply to the requester's inbox, answered by a queue group", () => {
    const { doc } = of("examples/rules-engine");
    const send = doc.operations.rulesApiSendsQueryRuleGet;
    expect(send.reply).toEqual({
      channel: { $ref: "#/channels/rules.query.rule.get:reply" },
      messages: [{ $ref: "#/channels/rules.query.rule.get:reply/messages/QueryRuleGetReply" }],
    });
    expect(doc.channels["rules.query.rule.get:reply"].address).toBeNull();
    expect(doc.operations.rulesManagementReceivesQueryRuleGet.bindings.nats.queue).toBe("jetschema.query.rule.get@1");
    // The reply travels in the envelope (runtime/src/request/reply-envelope.ts), its payload as data.
    const reply = doc.components.messages.QueryRuleGetReply.payload;
    expect(reply.allOf[0]).toEqual({ $ref: "#/components/schemas/Envelope" });
    expect(reply.allOf[1].properties.data).toEqual({ $ref: "#/components/schemas/QueryRuleGetReply" });
    expect(reply.allOf[1].properties.type).toEqual({ const: "rules.query.rule.get" });
  });
});
