/**
 * Go zero values: the seeds' Go structs leave `omitempty` off several fields, so a Go service
 * built from a seed sends `""`, `null` or an empty struct where nothing was set. Each is decided
 * (examples/README.md, "Go zero values"):
 *
 * | field | Go sends | decision |
 * |---|---|---|
 * | SlotWise `correlationid`, `causationid` | `""` | accepted: "" means none (the seed's own consumer tests `!= ""`) |
 * | SlotWise `metadata` (map) | `null` (nil map) | accepted: no metadata |
 * | SlotWise `subject` | `""` | services must change: CloudEvents says a present subject is non-empty; tag it `omitempty` |
 * | rules engine `metadata` (EventMetadata struct) | `{"source":"",...}` (omitempty never drops a struct) | accepted: "" in its five strings means unset |
 * | rules engine `subject` | `""` | services must change: it is the NATS subject, always known to the publisher |
 *
 * The messages are the bytes Go's encoding/json writes for the seed structs, recorded from Go
 * (test/fixtures/go-zero-values/main.go) and rebuilt here field by field with goMarshal; each is
 * validated by the generated package and consumed from a real nats-server exactly as Go published
 * it (no headers: the seeds call js.Publish(subject, data)).
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { listDeadLetters, type DeadLetter, type RegistryDescriptor } from "../../runtime/src/index.js";
import { goMarshal, goMap, goStruct, type GoValue } from "../support/go-json.js";
import { waitFor } from "../support/consume.js";
import { makeTmpDir } from "./support.js";
import { useJetStream } from "../support/use-jetstream.js";

const AT = "2025-06-01T09:00:00Z";

// ---------------------------------------------------------------- SlotWise (seed 002)

const userCreatedData = goStruct(
  ["userId", "usr_01HZX3M2R4"],
  ["email", "tom@example.org"],
  ["role", "customer"],
  ["businessId", null, { omitempty: true }],
  ["createdAt", AT],
);

/**
 * `UserCreatedEvent{BaseEvent, Data}`: the embedded BaseEvent's fields in order, its `Data`
 * shadowed by the outer `Data`, which Go writes last.
 */
function slotwiseEvent(
  id: string,
  set: { subject?: string; subjectOmitempty?: boolean; correlationid?: string; metadata?: GoValue } = {},
): GoValue {
  return goStruct(
    ["id", id],
    ["source", "auth-service"],
    ["specversion", "1.0"],
    ["type", "auth.user.created.v1"],
    ["subject", set.subject ?? "", { omitempty: set.subjectOmitempty ?? false }],
    ["time", AT],
    ["datacontenttype", "application/json"],
    ["correlationid", set.correlationid ?? ""],
    ["causationid", ""],
    ["version", "1.0"],
    ["metadata", set.metadata ?? null],
    ["data", userCreatedData],
  );
}

// ---------------------------------------------------------------- rules engine (seed 000)

/** EventMetadata nobody filled: its omitempty fields dropped, the five others "". */
const zeroMetadata = goStruct(
  ["user_id", "", { omitempty: true }],
  ["session_id", "", { omitempty: true }],
  ["request_id", "", { omitempty: true }],
  ["source", ""],
  ["environment", ""],
  ["region", "", { omitempty: true }],
  ["schema_version", ""],
  ["content_type", ""],
  ["encoding", ""],
  ["retry_count", 0, { omitempty: true }],
  ["max_retries", 0, { omitempty: true }],
  ["priority", "", { omitempty: true }],
  ["ttl", 0, { omitempty: true }],
  ["process_after", null, { omitempty: true }],
);

const ruleCreatedData = goStruct(
  ["rule_id", "rule-7f3c2a91"],
  ["name", "Summer 10% off electronics"],
  ["description", "10% discount on electronics for orders above 100 EUR."],
  ["rule_type", "PROMOTION"],
  ["status", "DRAFT"],
  ["priority", "HIGH"],
  ["dsl_content", 'WHEN cart.category == "electronics" AND cart.total > 100 && cart.items < 50 THEN discount(10%)'],
  ["created_by", "maria.lopez@example.com"],
  ["created_at", "2025-06-01T09:30:00Z"],
  ["version", 1],
  ["template_id", null, { omitempty: true }],
  ["tags", null, { omitempty: true }],
  ["dependencies", null, { omitempty: true }],
  ["affected_services", null, { omitempty: true }],
);

function ruleCreatedEvent(id: string, subject: string): GoValue {
  return goStruct(
    ["id", id],
    ["type", "rules.domain.rule.created"],
    ["source", "rules-management"],
    ["subject", subject],
    ["time", AT],
    ["version", "1.0"],
    ["correlation_id", "", { omitempty: true }],
    ["causation_id", "", { omitempty: true }],
    ["event_chain_id", "", { omitempty: true }],
    ["sequence_number", 0, { omitempty: true }],
    ["metadata", zeroMetadata, { omitempty: true }],
    ["data", ruleCreatedData],
  );
}

interface Case {
  name: string;
  registry: "slotwise" | "rules-engine";
  message: GoValue;
  /** What encoding/json wrote for it (test/fixtures/go-zero-values/main.go), when recorded. */
  go?: string;
  /** Accepted, or rejected with this envelope pointer. */
  want: "accepted" | { rejectedAt: string };
}

const CASES: Case[] = [
  {
    name: "SlotWise: the seed's BaseEvent with nothing optional set",
    registry: "slotwise",
    message: slotwiseEvent("evt-go-1"),
    go: '{"id":"evt-go-1","source":"auth-service","specversion":"1.0","type":"auth.user.created.v1","subject":"","time":"2025-06-01T09:00:00Z","datacontenttype":"application/json","correlationid":"","causationid":"","version":"1.0","metadata":null,"data":{"userId":"usr_01HZX3M2R4","email":"tom@example.org","role":"customer","createdAt":"2025-06-01T09:00:00Z"}}',
    want: { rejectedAt: "/subject" },
  },
  {
    name: "SlotWise: subject set (the seed's Subject: cmd.BookingID), correlation, causation and metadata left zero",
    registry: "slotwise",
    message: slotwiseEvent("evt-go-2", { subject: "usr_01HZX3M2R4" }),
    go: '{"id":"evt-go-2","source":"auth-service","specversion":"1.0","type":"auth.user.created.v1","subject":"usr_01HZX3M2R4","time":"2025-06-01T09:00:00Z","datacontenttype":"application/json","correlationid":"","causationid":"","version":"1.0","metadata":null,"data":{"userId":"usr_01HZX3M2R4","email":"tom@example.org","role":"customer","createdAt":"2025-06-01T09:00:00Z"}}',
    want: "accepted",
  },
  {
    name: "SlotWise: tracing metadata injected and a correlation id",
    registry: "slotwise",
    message: slotwiseEvent("evt-go-3", {
      subject: "usr_01HZX3M2R4",
      correlationid: "req-7",
      metadata: goMap({ "uber-trace-id": "5b8aa5a2d2c872e8:5b8aa5a2d2c872e8:0:1", tenant: "studio-ana" }),
    }),
    go: '{"id":"evt-go-3","source":"auth-service","specversion":"1.0","type":"auth.user.created.v1","subject":"usr_01HZX3M2R4","time":"2025-06-01T09:00:00Z","datacontenttype":"application/json","correlationid":"req-7","causationid":"","version":"1.0","metadata":{"tenant":"studio-ana","uber-trace-id":"5b8aa5a2d2c872e8:5b8aa5a2d2c872e8:0:1"},"data":{"userId":"usr_01HZX3M2R4","email":"tom@example.org","role":"customer","createdAt":"2025-06-01T09:00:00Z"}}',
    want: "accepted",
  },
  {
    name: 'SlotWise after the change: `json:"subject,omitempty"` and no subject',
    registry: "slotwise",
    message: slotwiseEvent("evt-go-6", { subjectOmitempty: true }),
    want: "accepted",
  },
  {
    name: "rules engine: EventMetadata left zero (omitempty cannot drop a struct)",
    registry: "rules-engine",
    message: ruleCreatedEvent("evt-go-4", "rules.domain.rule.created"),
    go: '{"id":"evt-go-4","type":"rules.domain.rule.created","source":"rules-management","subject":"rules.domain.rule.created","time":"2025-06-01T09:00:00Z","version":"1.0","metadata":{"source":"","environment":"","schema_version":"","content_type":"","encoding":""},"data":{"rule_id":"rule-7f3c2a91","name":"Summer 10% off electronics","description":"10% discount on electronics for orders above 100 EUR.","rule_type":"PROMOTION","status":"DRAFT","priority":"HIGH","dsl_content":"WHEN cart.category == \\"electronics\\" AND cart.total \\u003e 100 \\u0026\\u0026 cart.items \\u003c 50 THEN discount(10%)","created_by":"maria.lopez@example.com","created_at":"2025-06-01T09:30:00Z","version":1}}',
    want: "accepted",
  },
  {
    name: "rules engine: subject left empty",
    registry: "rules-engine",
    message: ruleCreatedEvent("evt-go-5", ""),
    go: '{"id":"evt-go-5","type":"rules.domain.rule.created","source":"rules-management","subject":"","time":"2025-06-01T09:00:00Z","version":"1.0","metadata":{"source":"","environment":"","schema_version":"","content_type":"","encoding":""},"data":{"rule_id":"rule-7f3c2a91","name":"Summer 10% off electronics","description":"10% discount on electronics for orders above 100 EUR.","rule_type":"PROMOTION","status":"DRAFT","priority":"HIGH","dsl_content":"WHEN cart.category == \\"electronics\\" AND cart.total \\u003e 100 \\u0026\\u0026 cart.items \\u003c 50 THEN discount(10%)","created_by":"maria.lopez@example.com","created_at":"2025-06-01T09:30:00Z","version":1}}',
    want: { rejectedAt: "/subject" },
  },
];

/** How each system's service consumes the event (the seeds' subscribers). */
const SYSTEMS = {
  slotwise: {
    dir: "examples/slotwise",
    options: { source: "auth-service", subjectPrefix: "prod" },
    subject: "prod.auth.user.created.v1",
    consumer: "user-onboarding",
    type: "auth.user.created.v1",
    key: "auth.user.created@1",
  },
  "rules-engine": {
    dir: "examples/rules-engine",
    options: { source: "rules-management" },
    subject: "rules.domain.rule.created",
    consumer: "rules-calculation-service",
    type: "rules.domain.rule.created",
    key: "domain.rule.created@1",
  },
} as const;

interface Package {
  registry: RegistryDescriptor;
  createEvents(nc: NatsConnection, options: { source: string; subjectPrefix?: string }): {
    ensureStreams(o: { replicas: number }): Promise<unknown>;
    consume(name: string, handlers: Record<string, (e: Record<string, unknown>) => void>): Promise<{ stop(): Promise<void> }>;
    jsm(): Promise<import("@nats-io/jetstream").JetStreamManager>;
    js: import("@nats-io/jetstream").JetStreamClient;
  };
}

const tmp = makeTmpDir("go-zero-values");
const packages = new Map<string, Package>();
const nats = useJetStream({ name: "go-zero-values" });

beforeAll(async () => {
  for (const [name, system] of Object.entries(SYSTEMS)) {
    await generate({ schemas: system.dir, out: join(tmp, name) });
    packages.set(name, (await import(pathToFileURL(join(tmp, name, "index.js")).href)) as Package);
  }
});

afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
});

describe("goMarshal writes what Go's encoding/json wrote for the seed structs", () => {
  it.each(CASES.filter((c) => c.go !== undefined))("$name", ({ message, go }) => {
    expect(new TextDecoder().decode(goMarshal(message))).toBe(go);
  });
});

describe("the generated validators decide each Go zero value", () => {
  it.each(CASES)("$name: $want", ({ registry, message, want }) => {
    const pkg = packages.get(registry)!;
    const body = JSON.parse(new TextDecoder().decode(goMarshal(message))) as Record<string, unknown>;
    const validate = pkg.registry.envelope.validate;
    const ok = validate(body);
    const event = pkg.registry.events[SYSTEMS[registry].key]!;
    const payloadOk = event.validators["1.0"]!(body["data"]);
    expect(payloadOk, JSON.stringify(event.validators["1.0"]!.errors)).toBe(true);
    if (want === "accepted") {
      expect(ok, JSON.stringify(validate.errors)).toBe(true);
    } else {
      expect(ok).toBe(false);
      expect(validate.errors?.map((e) => e.instancePath)).toEqual([want.rejectedAt]);
    }
  });
});

describe("consumed from a real nats-server as Go published them", () => {
  it.each(Object.keys(SYSTEMS) as Array<keyof typeof SYSTEMS>)("%s: handled when accepted, dead-lettered as invalid when not", async (name) => {
    const system = SYSTEMS[name];
    const pkg = packages.get(name)!;
    const events = pkg.createEvents(nats.nc, system.options);
    await events.ensureStreams({ replicas: 1 });
    const cases = CASES.filter((c) => c.registry === name);
    for (const c of cases) await events.js.publish(system.subject, goMarshal(c.message));

    const handled: Array<Record<string, unknown>> = [];
    const running = await events.consume(system.consumer, { [system.type]: (e) => void handled.push(e) });
    const jsm = await events.jsm();
    const dlqOptions = "subjectPrefix" in system.options ? { subjectPrefix: system.options.subjectPrefix } : {};
    let letters: DeadLetter[] = [];
    const rejected = cases.filter((c) => c.want !== "accepted").length;
    const accepted = cases.length - rejected;
    await waitFor(
      async () => {
        letters = await listDeadLetters(jsm, pkg.registry, dlqOptions);
        return handled.length === accepted && letters.length === rejected;
      },
      10_000,
      () => `${handled.length}/${accepted} handled, ${letters.length}/${rejected} dead-lettered`,
    );
    await running.stop();

    const idOf = (c: Case) => (JSON.parse(new TextDecoder().decode(goMarshal(c.message))) as { id: string }).id;
    expect(handled.map((e) => e["id"]).sort()).toEqual(cases.filter((c) => c.want === "accepted").map(idOf).sort());
    expect(letters.map((d) => [d.eventId, d.reason])).toEqual(cases.filter((c) => c.want !== "accepted").map((c) => [idOf(c), "invalid"]));
    for (const d of letters) expect(d.error).toContain("/subject");
    if (name === "slotwise") {
      // What a TypeScript consumer sees of Go's zero values: "" and null, as sent.
      const bare = handled.find((e) => e["id"] === "evt-go-2")!;
      expect([bare["correlationid"], bare["causationid"], bare["metadata"]]).toEqual(["", "", null]);
    }
  });
});
