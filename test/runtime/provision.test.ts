import type { JetStreamManager } from "@nats-io/jetstream";
import { beforeEach, describe, expect, it } from "vitest";
import {
  applyStreams,
  createEventClient,
  formatApplyResult,
  formatPlan,
  planStreams,
  ProvisioningError,
  RefusedChangeError,
  ReplicasError,
  type EventClient,
} from "../../runtime/src/index.js";
import { testRegistry } from "../support/registry.js";
import { useJetStream } from "../support/use-jetstream.js";

const SECOND = 1_000_000_000;
const HOUR = 3600 * SECOND;
const MB = 1024 * 1024;

const nats = useJetStream({ perTest: true });
let events: EventClient;
let jsm: JetStreamManager;

beforeEach(async () => {
  events = createEventClient(nats.nc, testRegistry(), { source: "provision-test" });
  jsm = await events.jsm();
});

describe("ensureStreams: registry → JetStream config", () => {
  it("creates every stream with durations in nanos and sizes in bytes", async () => {
    await events.ensureStreams({ replicas: 1 });

    expect((await jsm.streams.info("POSITION_EVENTS")).config).toMatchObject({
      name: "POSITION_EVENTS",
      subjects: ["waitingroom.position.*.v1"],
      description: "Queue positions",
      retention: "limits",
      storage: "file",
      max_age: 168 * HOUR,
      max_bytes: 1024 * MB,
      max_msg_size: MB,
      duplicate_window: 120 * SECOND,
      discard: "old",
      max_msgs: -1,
      num_replicas: 1,
    });
    expect((await jsm.streams.info("AUDIT_EVENTS")).config).toMatchObject({
      max_age: 30 * 24 * HOUR,
      max_bytes: 512 * MB,
      max_msgs: 100_000,
      max_msgs_per_subject: 1_000,
    });
  });

  it("creates durable pull consumers with backoff in nanos, and skips non-durable ones", async () => {
    await events.ensureStreams({ replicas: 1 });

    expect((await jsm.consumers.info("POSITION_EVENTS", "analytics-processor")).config).toMatchObject({
      durable_name: "analytics-processor",
      ack_policy: "explicit",
      deliver_policy: "all",
      filter_subject: "waitingroom.position.>",
      max_deliver: 5,
      backoff: [1 * SECOND, 5 * SECOND, 30 * SECOND],
      ack_wait: 1 * SECOND, // JetStream takes the first backoff step as ack_wait
      max_ack_pending: 100,
    });
    const archiver = (await jsm.consumers.info("AUDIT_EVENTS", "audit-archiver")).config;
    expect(archiver).toMatchObject({ ack_wait: 60 * SECOND, max_deliver: 10, description: "Archives audit events" });
    expect(archiver.deliver_subject).toBeUndefined(); // pull, not push
    await expect(jsm.consumers.info("POSITION_EVENTS", "live-dashboard")).rejects.toThrow(/consumer not found/);
  });

  it("is idempotent: a second call changes nothing and leaves the same config", async () => {
    const first = await events.ensureStreams({ replicas: 1 });
    const before = await Promise.all(["POSITION_EVENTS", "AUDIT_EVENTS"].map((s) => jsm.streams.info(s)));
    const consumerBefore = await jsm.consumers.info("POSITION_EVENTS", "analytics-processor");
    const second = await events.ensureStreams({ replicas: 1 });
    const after = await Promise.all(["POSITION_EVENTS", "AUDIT_EVENTS"].map((s) => jsm.streams.info(s)));

    expect(first.applied.map((i) => `${i.kind}:${i.name}:${i.action}`)).toEqual([
      "stream:POSITION_EVENTS:create",
      "stream:AUDIT_EVENTS:create",
      "stream:DEAD_LETTER_QUEUE:create",
      "consumer:analytics-processor:create",
      "consumer:audit-archiver:create",
    ]);
    expect(second.applied).toEqual([]);
    expect(second.unchanged).toHaveLength(5);
    expect(second.ok).toBe(true);
    expect(after.map((i) => i.config)).toEqual(before.map((i) => i.config));
    expect((await jsm.consumers.info("POSITION_EVENTS", "analytics-processor")).config).toEqual(consumerBefore.config);
  });
});

describe("ensureStreams: replicas on a single server", () => {
  it("reports replicas 3 clearly, naming the stream and the field, and creates nothing for it", async () => {
    const err = await events.ensureStreams().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ReplicasError);
    expect((err as ReplicasError).message).toBe(
      "stream POSITION_EVENTS: replicas 3 but the server has 1 node; pass ensureStreams({ replicas: 1 }) on a single dev server",
    );
    expect((err as ReplicasError).stream).toBe("POSITION_EVENTS");
    expect((err as ReplicasError).field).toBe("replicas");
    await expect(jsm.streams.info("POSITION_EVENTS")).rejects.toThrow(/stream not found/);
    // The other streams, which ask for 1 replica, were still created.
    await expect(jsm.streams.info("AUDIT_EVENTS")).resolves.toBeTruthy();
  });

  it("explains the server's own refusal the same way, and skips the stream's consumers", async () => {
    // Without the single-server pre-check (cluster unknown) the server answers 10074; the runtime explains it.
    const plan = await planStreams(jsm, testRegistry(), {});
    const result = await applyStreams(jsm, { ...plan, clustered: undefined });
    expect(result.errors).toHaveLength(1);
    const err = result.errors[0];
    expect(err).toBeInstanceOf(ReplicasError);
    expect(err?.message).toMatch(/^stream POSITION_EVENTS: replicas 3 but the server has 1 node/);
    expect(err?.cause).toBeInstanceOf(Error);
    expect((err?.cause as Error).message).toContain("replicas > 1 not supported in non-clustered mode");
    expect(result.skipped.map((i) => i.name)).toEqual(["analytics-processor"]);
    expect(result.ok).toBe(false);
    expect(formatApplyResult(result)).toContain(
      "skipped: consumer analytics-processor on stream POSITION_EVENTS (stream POSITION_EVENTS could not be created)",
    );
  });

  it("refuses to raise replicas of an existing stream on a single server (2.9 would accept it silently)", async () => {
    await events.ensureStreams({ replicas: 1 });
    const err = await events.ensureStreams().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplicasError);
    expect((await jsm.streams.info("POSITION_EVENTS")).config.num_replicas).toBe(1);
  });

  it("works with { replicas: 1 }", async () => {
    const result = await events.ensureStreams({ replicas: 1 });
    expect(result.ok).toBe(true);
    expect((await jsm.streams.info("POSITION_EVENTS")).config.num_replicas).toBe(1);
  });
});

describe("planStreams / applyStreams: drift between the registry and the server", () => {
  it("reports field changes made behind the registry's back, and apply restores them", async () => {
    await events.ensureStreams({ replicas: 1 });
    await jsm.streams.update("AUDIT_EVENTS", {
      max_msgs: 10,
      subjects: ["waitingroom.audit.>", "waitingroom.extra.>"],
      description: "hand-edited",
    });
    await jsm.consumers.update("POSITION_EVENTS", "analytics-processor", { max_ack_pending: 5 });

    const plan = await planStreams(jsm, testRegistry(), { replicas: 1 });
    const audit = plan.items.find((i) => i.kind === "stream" && i.name === "AUDIT_EVENTS");
    expect(audit?.action).toBe("update");
    expect(audit?.changes).toEqual(
      expect.arrayContaining([
        { field: "max_msgs", from: 10, to: 100_000 },
        { field: "subjects", from: ["waitingroom.audit.>", "waitingroom.extra.>"], to: ["waitingroom.audit.>"] },
        { field: "description", from: "hand-edited", to: undefined },
      ]),
    );
    expect(audit?.changes).toHaveLength(3);
    const consumer = plan.items.find((i) => i.kind === "consumer" && i.name === "analytics-processor");
    expect(consumer).toMatchObject({ action: "update", changes: [{ field: "max_ack_pending", from: 5, to: 100 }] });
    expect(plan.items.filter((i) => i.action === "unchanged").map((i) => i.name)).toEqual([
      "POSITION_EVENTS",
      "DEAD_LETTER_QUEUE",
      "audit-archiver",
    ]);

    const text = formatPlan(plan);
    expect(text).toContain("stream AUDIT_EVENTS: update");
    expect(text).toContain("    max_msgs: 10 -> 100000");
    expect(text).toContain('    subjects: ["waitingroom.audit.>","waitingroom.extra.>"] -> ["waitingroom.audit.>"]');
    expect(text).toContain("consumer analytics-processor on stream POSITION_EVENTS: update");
    expect(text).toContain("Plan: 0 to create, 2 to update, 0 refused, 3 unchanged.");

    const dry = await applyStreams(jsm, plan, { dryRun: true });
    expect(dry.applied).toHaveLength(2);
    expect((await jsm.streams.info("AUDIT_EVENTS")).config.max_msgs).toBe(10);

    const applied = await applyStreams(jsm, plan);
    expect(applied.ok).toBe(true);
    expect(formatApplyResult(applied)).toContain("applied: stream AUDIT_EVENTS (update)");
    const restored = (await jsm.streams.info("AUDIT_EVENTS")).config;
    expect(restored.max_msgs).toBe(100_000);
    expect(restored.subjects).toEqual(["waitingroom.audit.>"]);
    expect(restored.description).toBeUndefined();
    expect((await jsm.consumers.info("POSITION_EVENTS", "analytics-processor")).config.max_ack_pending).toBe(100);
    const again = await planStreams(jsm, testRegistry(), { replicas: 1 });
    expect(again.items.every((i) => i.action === "unchanged")).toBe(true);
  });

  it("provisions discard_new_per_subject, plans turning it on and off, and is unchanged after", async () => {
    await events.ensureStreams({ replicas: 1 });
    const registry = testRegistry();
    const refusing = { discard: "new" as const, discard_new_per_subject: true };
    registry.streams = registry.streams.map((s) => (s.name === "AUDIT_EVENTS" ? { ...s, ...refusing } : s));

    const on = await planStreams(jsm, registry, { replicas: 1 });
    expect(on.items.find((i) => i.name === "AUDIT_EVENTS")?.changes).toEqual([
      { field: "discard", from: "old", to: "new" },
      { field: "discard_new_per_subject", from: undefined, to: true },
    ]);
    expect((await applyStreams(jsm, on)).ok).toBe(true);
    expect((await jsm.streams.info("AUDIT_EVENTS")).config).toMatchObject({ ...refusing, max_msgs_per_subject: 1_000 });
    expect((await planStreams(jsm, registry, { replicas: 1 })).items.every((i) => i.action === "unchanged")).toBe(true);

    const off = await planStreams(jsm, testRegistry(), { replicas: 1 });
    expect(off.items.find((i) => i.name === "AUDIT_EVENTS")?.changes).toContainEqual({ field: "discard_new_per_subject", from: true, to: false });
    expect((await applyStreams(jsm, off)).ok).toBe(true);
    expect((await jsm.streams.info("AUDIT_EVENTS")).config.discard_new_per_subject).toBeFalsy();
  });

  it("flags a storage change as refused with the field, never applies it, and reports it as an error", async () => {
    await events.ensureStreams({ replicas: 1 });
    const registry = testRegistry();
    registry.streams = registry.streams.map((s) =>
      s.name === "POSITION_EVENTS" ? { ...s, storage: "memory" as const, max_msgs: 500 } : s,
    );

    const plan = await planStreams(jsm, registry, { replicas: 1 });
    const position = plan.items.find((i) => i.name === "POSITION_EVENTS");
    expect(position?.action).toBe("refused");
    expect(position?.refused).toEqual([{ field: "storage", from: "file", to: "memory" }]);
    expect(position?.changes).toContainEqual({ field: "max_msgs", from: -1, to: 500 });
    expect(formatPlan(plan)).toMatch(/stream POSITION_EVENTS: REFUSED.*\n(.*\n)*\s+storage: "file" -> "memory"\s+\[refused/);

    const result = await applyStreams(jsm, plan);
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    const err = result.errors[0];
    expect(err).toBeInstanceOf(RefusedChangeError);
    expect(err).toMatchObject({ stream: "POSITION_EVENTS", field: "storage" });
    expect(err?.message).toContain('stream POSITION_EVENTS: JetStream cannot change storage "file" -> "memory" in place');
    // Nothing of the refused stream changed, not even its changeable fields.
    const config = (await jsm.streams.info("POSITION_EVENTS")).config;
    expect(config.storage).toBe("file");
    expect(config.max_msgs).toBe(-1);
    // ensureStreams throws it.
    const client = createEventClient(nats.nc, registry, { source: "x" });
    await expect(client.ensureStreams({ replicas: 1 })).rejects.toBeInstanceOf(RefusedChangeError);
  });

  it("flags consumer fields JetStream cannot edit (deliver_policy) as refused", async () => {
    await events.ensureStreams({ replicas: 1 });
    const registry = testRegistry();
    registry.consumers = registry.consumers.map((c) =>
      c.name === "audit-archiver" ? { ...c, deliver_policy: "new" as const, max_deliver: 3 } : c,
    );

    const plan = await planStreams(jsm, registry, { replicas: 1 });
    const archiver = plan.items.find((i) => i.name === "audit-archiver");
    expect(archiver).toMatchObject({
      kind: "consumer",
      stream: "AUDIT_EVENTS",
      action: "refused",
      refused: [{ field: "deliver_policy", from: "all", to: "new" }],
    });
    const result = await applyStreams(jsm, plan);
    expect(result.errors[0]).toMatchObject({ consumer: "audit-archiver", stream: "AUDIT_EVENTS", field: "deliver_policy" });
    expect((await jsm.consumers.info("AUDIT_EVENTS", "audit-archiver")).config.max_deliver).toBe(10);
  });

  it("reports a server error with the consumer and the field it concerns", async () => {
    const registry = testRegistry();
    // JetStream requires max_deliver to exceed the number of backoff steps.
    registry.consumers = registry.consumers.map((c) => (c.name === "analytics-processor" ? { ...c, max_deliver: 2 } : c));
    const err = await createEventClient(nats.nc, registry, { source: "x" })
      .ensureStreams({ replicas: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvisioningError);
    expect(err).toMatchObject({ consumer: "analytics-processor", stream: "POSITION_EVENTS", field: "max_deliver" });
    expect((err as Error).message).toMatch(/^consumer analytics-processor on stream POSITION_EVENTS: create failed: .*max deliver/);
  });

  it("names the stream and field of an unparsable duration before contacting the server", async () => {
    const registry = testRegistry();
    registry.streams = registry.streams.map((s) => (s.name === "AUDIT_EVENTS" ? { ...s, max_age: "30 days" } : s));
    const err = await planStreams(jsm, registry).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvisioningError);
    expect(err).toMatchObject({ stream: "AUDIT_EVENTS", field: "max_age" });
    expect((err as Error).message).toContain('stream AUDIT_EVENTS: max_age: Invalid duration "30 days"');
  });
});
