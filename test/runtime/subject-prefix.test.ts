import type { JetStreamManager } from "@nats-io/jetstream";
import type { Msg } from "@nats-io/transport-node";
import { beforeAll, describe, expect, it } from "vitest";
import { createEventClient, normalizeSubjectPrefix, type EventClient, type PublishAck } from "../../runtime/src/index.js";
import { admittedPayload, testRegistry } from "../support/registry.js";
import { useJetStream } from "../support/use-jetstream.js";

const nats = useJetStream();
let prod: EventClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  prod = createEventClient(nats.nc, testRegistry(), { source: "api", subjectPrefix: "prod" });
  await prod.ensureStreams({ replicas: 1 });
  jsm = await prod.jsm();
});

describe('subjectPrefix "prod": one prefix for publishes, stream and consumer names and subjects', () => {
  it("prefixes every stream subject on the server", async () => {
    expect((await jsm.streams.info("prod_POSITION_EVENTS")).config.subjects).toEqual(["prod.waitingroom.position.*.v1"]);
    expect((await jsm.streams.info("prod_AUDIT_EVENTS")).config.subjects).toEqual(["prod.waitingroom.audit.>"]);
    expect((await jsm.streams.info("prod_DEAD_LETTER_QUEUE")).config.subjects).toEqual(["prod.waitingroom.dlq.>"]);
  });

  it("prefixes consumer filters and leaves unfiltered consumers unfiltered", async () => {
    expect((await jsm.consumers.info("prod_POSITION_EVENTS", "prod-analytics-processor")).config.filter_subject).toBe(
      "prod.waitingroom.position.>",
    );
    expect((await jsm.consumers.info("prod_AUDIT_EVENTS", "prod-audit-archiver")).config.filter_subject ?? "").toBe("");
  });

  it("publishes on the prefixed subject, which the stream stores", async () => {
    const ack = (await prod.publish("position.admitted@1", admittedPayload(1), { queue_id: "q" })) as PublishAck;
    const stored = await jsm.streams.getMessage("prod_POSITION_EVENTS", { seq: ack.seq });
    expect(stored?.subject).toBe("prod.waitingroom.position.admitted.v1");
    expect(prod.subject("position.admitted@1")).toBe("prod.waitingroom.position.admitted.v1");
  });

  it("prefixes at-most-once publishes too", async () => {
    const got = new Promise<Msg>((resolve) => nats.nc.subscribe("prod.waitingroom.queue.heartbeat.v1", { max: 1, callback: (_e, m) => resolve(m) }));
    await nats.nc.flush();
    const ack = await prod.publish("queue.heartbeat@1", { queue_length: 1 }, { queue_id: "q" });
    expect((await got).json<{ id: string }>().id).toBe(ack.id);
  });

  it("exposes the prefixed streams and consumers as data", () => {
    expect(prod.subjectPrefix).toBe("prod");
    expect(prod.streams.find((s) => s.name === "prod_POSITION_EVENTS")?.subjects).toEqual(["prod.waitingroom.position.*.v1"]);
    expect(prod.consumers.find((c) => c.name === "prod-analytics-processor")?.filter_subject).toBe("prod.waitingroom.position.>");
    // The registry itself is left as generated.
    expect(prod.registry.streams[0]).toMatchObject({ name: "POSITION_EVENTS", subjects: ["waitingroom.position.*.v1"] });
  });

  it("is idempotent: a second ensureStreams with the same prefix changes nothing", async () => {
    const result = await prod.ensureStreams({ replicas: 1 });
    expect(result.applied).toEqual([]);
  });

  it("normalizes a trailing dot and rejects wildcards and empty tokens", () => {
    expect(normalizeSubjectPrefix("prod.")).toBe("prod");
    expect(normalizeSubjectPrefix("eu.prod")).toBe("eu.prod");
    expect(normalizeSubjectPrefix("")).toBe("");
    expect(() => createEventClient(nats.nc, testRegistry(), { source: "x", subjectPrefix: "prod.*" })).toThrow(/Invalid subjectPrefix/);
    expect(() => normalizeSubjectPrefix("a..b")).toThrow(/Invalid subjectPrefix/);
  });
});
