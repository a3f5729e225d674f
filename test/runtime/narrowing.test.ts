/**
 * ensureStreams never silently narrows a live stream: a change that strands or deletes stored
 * messages is held back (the live value kept, the rest applied) and reported naming the stream
 * and the change; an explicit apply, or ensureStreams({ narrow: true }), makes it.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import { beforeEach, describe, expect, it } from "vitest";
import {
  applyStreams,
  createEventClient,
  filterCovers,
  formatPlan,
  NarrowingHeldError,
  narrowingOf,
  planStreams,
  ProvisioningError,
  type EventClient,
  type RegistryDescriptor,
} from "../../runtime/src/index.js";
import { messageCount } from "../support/jetstream.js";
import { testRegistry } from "../support/registry.js";
import { useJetStream } from "../support/use-jetstream.js";

const HOUR = 3_600_000_000_000;

describe("filterCovers: every subject the narrow filter matches, the wide one matches", () => {
  it.each([
    { wide: "a.>", narrow: "a.b.c", want: true },
    { wide: "a.>", narrow: "a.*", want: true },
    { wide: "a.>", narrow: "a", want: false },
    { wide: "a.*.v1", narrow: "a.b.v1", want: true },
    { wide: "a.b.v1", narrow: "a.*.v1", want: false },
    { wide: "a.*", narrow: "a.>", want: false },
    { wide: ">", narrow: "x.y", want: true },
    { wide: "a.b", narrow: "a.b", want: true },
    { wide: "a.b", narrow: "a.b.c", want: false },
  ])("$wide covers $narrow: $want", ({ wide, narrow, want }) => {
    expect(filterCovers(wide, narrow)).toBe(want);
  });
});

describe("narrowingOf: which changes strand or delete stored messages", () => {
  it.each([
    { kind: "stream", field: "subjects", from: ["a.>", "b.>"], to: ["a.>"], want: "removes b.>" },
    { kind: "stream", field: "subjects", from: ["a.x.v1", "a.y.v1"], to: ["a.*.v1"], want: undefined },
    { kind: "stream", field: "subjects", from: ["a.>"], to: ["a.>", "b.>"], want: undefined },
    { kind: "stream", field: "max_age", from: 168 * HOUR, to: 24 * HOUR, want: "7d -> 1d" },
    { kind: "stream", field: "max_age", from: 0, to: 24 * HOUR, want: "unlimited -> 1d" },
    { kind: "stream", field: "max_age", from: 24 * HOUR, to: 0, want: undefined },
    { kind: "stream", field: "max_msgs", from: -1, to: 10, want: "unlimited -> 10" },
    { kind: "stream", field: "max_msgs", from: 10, to: 100, want: undefined },
    { kind: "stream", field: "max_bytes", from: 1024 * 1024 * 1024, to: 512 * 1024 * 1024, want: "1GB -> 512MB" },
    { kind: "stream", field: "max_msgs_per_subject", from: -1, to: 5, want: "unlimited -> 5" },
    { kind: "stream", field: "discard", from: "old", to: "new", want: undefined },
    { kind: "consumer", field: "filter_subject", from: "a.>", to: "a.b", want: "a.> -> a.b" },
    { kind: "consumer", field: "filter_subject", from: undefined, to: "a.>", want: "> -> a.>" },
    { kind: "consumer", field: "filter_subject", from: "a.b", to: "a.>", want: undefined },
    { kind: "consumer", field: "filter_subject", from: "a.b", to: undefined, want: undefined },
  ] as const)("$kind $field $from -> $to: $want", ({ kind, field, from, to, want }) => {
    const found = narrowingOf(kind, [{ field, from, to }]);
    expect(found[0]?.detail).toBe(want);
  });
});

const nats = useJetStream();
let events: EventClient;
let jsm: JetStreamManager;

/** The test registry with AUDIT_EVENTS changed by `change`. */
function auditChanged(change: (s: RegistryDescriptor["streams"][number]) => RegistryDescriptor["streams"][number]): RegistryDescriptor {
  const registry = testRegistry({ positionReplicas: 1 });
  registry.streams = registry.streams.map((s) => (s.name === "AUDIT_EVENTS" ? change(s) : s));
  return registry;
}

beforeEach(async () => {
  jsm = await createEventClient(nats.nc, testRegistry(), { source: "narrowing-test" }).jsm();
  for (const s of ["POSITION_EVENTS", "AUDIT_EVENTS", "DEAD_LETTER_QUEUE"]) await jsm.streams.delete(s).catch(() => undefined);
  // The live AUDIT_EVENTS captures one subject more than the registry about to start: a newer release's.
  events = createEventClient(nats.nc, auditChanged((s) => ({ ...s, subjects: ["waitingroom.audit.>", "waitingroom.extra.>"] })), {
    source: "narrowing-test",
  });
  await events.ensureStreams({ replicas: 1 });
  await nats.nc.request("waitingroom.extra.note", new TextEncoder().encode("stored on the extra subject"));
});

describe("ensureStreams at start-up, with a registry that would narrow a live stream", () => {
  it("keeps the subject, applies the rest and reports the stream and the change", async () => {
    const older = createEventClient(nats.nc, auditChanged((s) => ({ ...s, description: "older release" })), { source: "old" });
    const err = await older.ensureStreams({ replicas: 1 }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(NarrowingHeldError);
    expect(err).toMatchObject({ stream: "AUDIT_EVENTS", field: "subjects" });
    expect((err as Error).message).toBe(
      "stream AUDIT_EVENTS: not narrowed: subjects removes waitingroom.extra.> (Removing a stream subject strands the " +
        "messages stored on it). The live value was kept and everything else applied. Narrow it on purpose with " +
        "`jetschema streams apply` or ensureStreams({ narrow: true }), or put the registry back.",
    );
    const config = (await jsm.streams.info("AUDIT_EVENTS")).config;
    expect(config.subjects).toEqual(["waitingroom.audit.>", "waitingroom.extra.>"]);
    expect(config.description).toBe("older release"); // the rest was applied
    expect(await messageCount(jsm, "AUDIT_EVENTS")).toBe(1);
    // Publishing on the kept subject still works.
    await expect(nats.nc.request("waitingroom.extra.note", new TextEncoder().encode("again"))).resolves.toBeTruthy();
  });

  it("holds back a lower limit too, and adds new subjects while keeping the old ones", async () => {
    const older = createEventClient(
      nats.nc,
      auditChanged((s) => ({ ...s, subjects: ["waitingroom.audit.>", "waitingroom.added.>"], max_msgs: 1 })),
      { source: "old" },
    );
    const err = (await older.ensureStreams({ replicas: 1 }).catch((e: unknown) => e)) as NarrowingHeldError;
    expect(err).toBeInstanceOf(NarrowingHeldError);
    expect(err.narrowing.map((n) => `${n.field}: ${n.detail}`)).toEqual([
      "subjects: removes waitingroom.extra.>",
      "max_msgs: 100000 -> 1",
    ]);
    const config = (await jsm.streams.info("AUDIT_EVENTS")).config;
    expect([...(config.subjects ?? [])].sort()).toEqual(["waitingroom.added.>", "waitingroom.audit.>", "waitingroom.extra.>"]);
    expect(config.max_msgs).toBe(100_000);
  });

  it("reports a narrowed consumer filter the same way and keeps the live filter", async () => {
    const registry = testRegistry({ positionReplicas: 1 });
    registry.streams = events.registry.streams;
    registry.consumers = registry.consumers.map((c) =>
      c.name === "analytics-processor" ? { ...c, filter_subject: "waitingroom.position.admitted.v1" } : c,
    );
    const err = await createEventClient(nats.nc, registry, { source: "old" }).ensureStreams({ replicas: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NarrowingHeldError);
    expect(err).toMatchObject({ stream: "POSITION_EVENTS", consumer: "analytics-processor", field: "filter_subject" });
    expect((await jsm.consumers.info("POSITION_EVENTS", "analytics-processor")).config.filter_subject).toBe("waitingroom.position.>");
  });

  it("leaves a stream with a refused change untouched, so nothing of it narrows either", async () => {
    const registry = auditChanged((s) => ({ ...s, storage: "memory" as const }));
    const err = (await createEventClient(nats.nc, registry, { source: "old" }).ensureStreams({ replicas: 1 }).catch((e: unknown) => e)) as ProvisioningError;
    expect(err.name).toBe("RefusedChangeError");
    expect((await jsm.streams.info("AUDIT_EVENTS")).config.subjects).toEqual(["waitingroom.audit.>", "waitingroom.extra.>"]);
  });

  it("shows the narrowing in the plan", async () => {
    const plan = await planStreams(jsm, testRegistry({ positionReplicas: 1 }), {});
    expect(formatPlan(plan)).toContain(
      '    subjects: ["waitingroom.audit.>","waitingroom.extra.>"] -> ["waitingroom.audit.>"]   [narrows: Removing a stream ' +
        "subject strands the messages stored on it; ensureStreams keeps the live value, apply narrows]",
    );
  });
});

describe("narrowing on purpose", () => {
  it("ensureStreams({ narrow: true }) removes the subject", async () => {
    const result = await createEventClient(nats.nc, testRegistry({ positionReplicas: 1 }), { source: "new" }).ensureStreams({
      replicas: 1,
      narrow: true,
    });
    expect(result.ok).toBe(true);
    expect((await jsm.streams.info("AUDIT_EVENTS")).config.subjects).toEqual(["waitingroom.audit.>"]);
  });

  it("an explicit apply (jetschema streams apply) removes it", async () => {
    const result = await applyStreams(jsm, await planStreams(jsm, testRegistry({ positionReplicas: 1 }), {}));
    expect(result.ok).toBe(true);
    expect((await jsm.streams.info("AUDIT_EVENTS")).config.subjects).toEqual(["waitingroom.audit.>"]);
  });
});
