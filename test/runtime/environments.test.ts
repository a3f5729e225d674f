/**
 * Two environments in one NATS account: `subjectPrefix` names the environment's subjects, its
 * streams, its durable consumers and its dead letters, so prod and staging provision side by
 * side on one server and each consumes only its own events.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createEventClient,
  environmentNames,
  listDeadLetters,
  type EventClient,
  type PublishAck,
} from "../../runtime/src/index.js";
import { consumeRegistry, waitFor } from "../support/consume.js";
import { admittedPayload } from "../support/registry.js";
import { useJetStream } from "../support/use-jetstream.js";

const nats = useJetStream();
let prod: EventClient;
let staging: EventClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  prod = createEventClient(nats.nc, consumeRegistry(), { source: "api", subjectPrefix: "prod" });
  staging = createEventClient(nats.nc, consumeRegistry(), { source: "api", subjectPrefix: "staging" });
  await prod.ensureStreams({ replicas: 1 });
  await staging.ensureStreams({ replicas: 1 });
  jsm = await prod.jsm();
});

describe("environmentNames: where the prefix goes in JetStream names", () => {
  it.each([
    { prefix: "", stream: "POSITION_EVENTS", consumer: "analytics-processor" },
    { prefix: "prod", stream: "prod_POSITION_EVENTS", consumer: "prod-analytics-processor" },
    { prefix: "eu.prod", stream: "eu_prod_POSITION_EVENTS", consumer: "eu-prod-analytics-processor" },
    { prefix: "a/b\\c", stream: "a_b_c_POSITION_EVENTS", consumer: "a_b_c-analytics-processor" },
  ])("prefix $prefix: stream $stream, consumer $consumer", ({ prefix, stream, consumer }) => {
    const names = environmentNames(prefix);
    expect(names.stream("POSITION_EVENTS")).toBe(stream);
    expect(names.consumer("analytics-processor")).toBe(consumer);
  });
});

describe("prod and staging provisioned side by side on one server", () => {
  it("gives each environment its own streams, subjects and durable consumers", async () => {
    const names: string[] = [];
    for await (const s of jsm.streams.list()) names.push(s.config.name);
    expect(names.sort()).toEqual([
      "prod_AUDIT_EVENTS",
      "prod_DEAD_LETTER_QUEUE",
      "prod_POSITION_EVENTS",
      "staging_AUDIT_EVENTS",
      "staging_DEAD_LETTER_QUEUE",
      "staging_POSITION_EVENTS",
    ]);
    expect((await jsm.streams.info("prod_POSITION_EVENTS")).config.subjects).toEqual(["prod.waitingroom.position.*.v1"]);
    expect((await jsm.streams.info("staging_POSITION_EVENTS")).config.subjects).toEqual(["staging.waitingroom.position.*.v1"]);
    expect((await jsm.consumers.info("staging_POSITION_EVENTS", "staging-analytics-processor")).config.filter_subject).toBe(
      "staging.waitingroom.position.>",
    );
    expect(staging.streams.map((s) => s.name)).toEqual(["staging_POSITION_EVENTS", "staging_AUDIT_EVENTS", "staging_DEAD_LETTER_QUEUE"]);
    expect(staging.consumers.map((c) => `${c.stream}/${c.name}`)).toEqual([
      "staging_POSITION_EVENTS/staging-analytics-processor",
      "staging_AUDIT_EVENTS/staging-audit-archiver",
      "staging_POSITION_EVENTS/staging-live-dashboard",
    ]);
  });

  it("leaves each environment unchanged when the other provisions again", async () => {
    expect((await prod.ensureStreams({ replicas: 1 })).applied).toEqual([]);
    expect((await staging.ensureStreams({ replicas: 1 })).applied).toEqual([]);
    expect((await prod.planStreams({ replicas: 1 })).items.every((i) => i.action === "unchanged")).toBe(true);
  });

  it("stores each environment's publishes in its own stream", async () => {
    const p = (await prod.publish("position.admitted@1", admittedPayload(1), { queue_id: "q" })) as PublishAck;
    const s = (await staging.publish("position.admitted@1", admittedPayload(2), { queue_id: "q" })) as PublishAck;
    expect(p.stream).toBe("prod_POSITION_EVENTS");
    expect(s.stream).toBe("staging_POSITION_EVENTS");
  });

  it("consumes only its own environment's events", async () => {
    const seen = { prod: [] as string[], staging: [] as string[] };
    const handler = (env: "prod" | "staging") => (e: { data: unknown }) => {
      seen[env].push((e.data as { position_id: string }).position_id);
    };
    await prod.publish("position.admitted@1", admittedPayload(3), { queue_id: "q" });
    await staging.publish("position.admitted@1", admittedPayload(4), { queue_id: "q" });
    const running = [
      await prod.consume("analytics-processor", { "position.admitted": handler("prod") }),
      await staging.consume("analytics-processor", { "position.admitted": handler("staging") }),
    ];
    await waitFor(() => seen.prod.length >= 2 && seen.staging.length >= 2, 5_000, () => JSON.stringify(seen));
    await Promise.all(running.map((r) => r.stop()));
    expect(seen).toEqual({ prod: ["pos-1", "pos-3"], staging: ["pos-2", "pos-4"] });
  });

  it("dead-letters into the environment's own dead-letter stream", async () => {
    await staging.publish("position.admitted@1", admittedPayload(5), { queue_id: "q" });
    const running = await staging.consume(
      "analytics-processor",
      { "position.admitted": () => Promise.reject(new Error("staging handler broke")) },
      { retry: { backoff: ["20ms"] } },
    );
    const registry = staging.registry;
    await waitFor(async () => (await jsm.streams.info("staging_DEAD_LETTER_QUEUE")).state.messages === 1, 10_000);
    await running.stop();
    const letters = await listDeadLetters(jsm, registry, { subjectPrefix: "staging" });
    expect(letters.map((d) => [d.dlqSubject, d.stream, d.consumer, d.error])).toEqual([
      ["staging.waitingroom.dlq.analytics-processor", "staging_POSITION_EVENTS", "analytics-processor", "staging handler broke"],
    ]);
    expect((await jsm.streams.info("prod_DEAD_LETTER_QUEUE")).state.messages).toBe(0);
    expect(await listDeadLetters(jsm, registry, { subjectPrefix: "prod" })).toEqual([]);
  });
});
