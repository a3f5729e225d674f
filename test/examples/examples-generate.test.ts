/**
 * Every seed system as a registry (examples/) and the flagship (schemas/): `jetschema check` passes,
 * `generate` succeeds, the output type-checks in a strict TypeScript service (with mistakes the types
 * must catch marked @ts-expect-error), and the generated validators accept every example.
 * Plus what each seed fixes: the rules engine's 55 subjects, streams and consumers field for field,
 * SlotWise's CloudEvents conventions, GIIA's unversioned subjects, tenant envelope and seven streams.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typecheckFiles } from "../support/typecheck.js";
import { createAjv } from "../../generator/base/ajv.js";
import { consumerEvents } from "../../generator/model/consumer-events.js";
import type { Checked } from "../../generator/front-end/front-end.js";
import type { RegistryDescriptor } from "../../runtime/src/index.js";
import { EXAMPLES, generateAll, makeTmpDir } from "./support.js";

const tmp = makeTmpDir("gen");
let checked: Map<string, Checked>;

beforeAll(async () => {
  checked = await generateAll(tmp);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function registryOf(name: string): Checked {
  const r = checked.get(name);
  if (!r) throw new Error(`no checked registry ${name}`);
  return r;
}

async function descriptor(name: string): Promise<RegistryDescriptor> {
  const mod = (await import(pathToFileURL(join(tmp, name, "registry.js")).href)) as { registry: RegistryDescriptor };
  return mod.registry;
}

/** tsc once over every example's consumer; its output, or "" when everything compiles. */
let tscOutput: string | undefined;
function typecheckConsumers(): string {
  if (tscOutput !== undefined) return tscOutput;
  const files = EXAMPLES.map((ex) => `${ex.name}-consumer.ts`);
  for (const ex of EXAMPLES) writeFileSync(join(tmp, `${ex.name}-consumer.ts`), ex.consumer);
  tscOutput = typecheckFiles(tmp, files, { skipLibCheck: false });
  return tscOutput;
}

describe.each(EXAMPLES)("$name ($dir)", (ex) => {
  it("passes jetschema check with no errors", () => {
    const { diagnostics, model } = registryOf(ex.name);
    expect(diagnostics.errors).toEqual([]);
    expect(model.events.length).toBe(ex.events);
    expect(model.majors.length).toBe(ex.majors);
  });

  it("generates a package", () => {
    for (const file of ["package.json", "index.js", "index.d.ts", "registry.js", "subjects.js", "streams.js", "docs/README.md"]) {
      expect(existsSync(join(tmp, ex.name, file)), file).toBe(true);
    }
    expect(readdirSync(join(tmp, ex.name, "types")).length).toBeGreaterThan(ex.events);
  });

  it("type-checks in a strict consumer, and the marked mistakes are compile errors", () => {
    expect(ex.consumer.match(/@ts-expect-error/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    const mine = typecheckConsumers()
      .split("\n")
      .filter((line) => line.includes(`${ex.name}-consumer.ts`) || line.includes(`${ex.name}/`));
    expect(mine).toEqual([]);
  });

  it("has examples, and the generated validators accept every one", async () => {
    const { model } = registryOf(ex.name);
    const registry = await descriptor(ex.name);
    let checkedExamples = 0;
    for (const m of model.majors) {
      const event = registry.events[m.key];
      expect(event, m.key).toBeDefined();
      for (const v of m.versions) {
        const examples = v.doc.schema["examples"];
        expect(Array.isArray(examples) && examples.length > 0, `${v.file} has examples`).toBe(true);
        const validate = event!.validators[v.version]!;
        for (const example of examples as unknown[]) {
          const ok = validate(example);
          expect(ok, `${v.file}: ${JSON.stringify(validate.errors)}`).toBe(true);
          checkedExamples++;
        }
      }
    }
    expect(checkedExamples).toBeGreaterThanOrEqual(ex.majors);
  });

  it("the envelope validator accepts each first example wrapped with the context a publisher passes", async () => {
    const { model } = registryOf(ex.name);
    const registry = await descriptor(ex.name);
    const f = registry.envelope.fields;
    for (const m of model.majors) {
      const event = registry.events[m.key]!;
      const envelope: Record<string, unknown> = {
        ...ex.context(event.subject),
        [f.id]: randomUUID(),
        [f.type]: event.type,
        [f.version]: event.version,
        [f.source]: ex.source,
        [f.time]: new Date().toISOString(),
        [f.data]: (m.latest.doc.schema["examples"] as unknown[])[0],
      };
      for (const c of registry.envelope.context) if (c.const !== undefined) envelope[c.name] = c.const;
      const ok = registry.envelope.validate(envelope);
      expect(ok, `${m.key}: ${JSON.stringify(registry.envelope.validate.errors)}`).toBe(true);
    }
  });
});

describe("flagship and examples together", () => {
  it("every consumer compiles (whole tsc output)", () => {
    expect(typecheckConsumers()).toBe("");
  });
});

// ------------------------------------------------------------------ rules engine (seeds 000, 001)

/** The subject hierarchy of seed 000, verbatim. */
const RULES_SUBJECTS = `
rules.domain.rule.created rules.domain.rule.updated rules.domain.rule.activated rules.domain.rule.deactivated rules.domain.rule.deleted
rules.domain.evaluation.started rules.domain.evaluation.completed rules.domain.evaluation.failed rules.domain.evaluation.timeout
rules.domain.promotion.applied rules.domain.promotion.expired rules.domain.promotion.conflict
rules.domain.loyalty.points.awarded rules.domain.loyalty.points.redeemed rules.domain.loyalty.tier.upgraded rules.domain.loyalty.tier.downgraded
rules.domain.coupon.created rules.domain.coupon.redeemed rules.domain.coupon.expired rules.domain.coupon.fraud.detected
rules.domain.tax.calculated rules.domain.tax.jurisdiction.updated rules.domain.tax.rate.changed
rules.domain.payment.route.selected rules.domain.payment.fraud.detected rules.domain.payment.optimization.applied
rules.integration.external.call.initiated rules.integration.external.call.completed rules.integration.external.call.failed rules.integration.external.call.timeout
rules.integration.webhook.received rules.integration.webhook.processed rules.integration.webhook.failed
rules.integration.sync.started rules.integration.sync.completed rules.integration.sync.failed
rules.command.rule.create rules.command.rule.update rules.command.rule.activate rules.command.rule.deactivate
rules.command.evaluation.execute rules.command.evaluation.cancel rules.command.evaluation.retry
rules.command.cache.invalidate rules.command.cache.warm rules.command.cache.clear
rules.query.rule.get rules.query.rule.list rules.query.rule.search
rules.query.metrics.performance rules.query.metrics.usage rules.query.metrics.health
rules.query.audit.trail rules.query.audit.compliance rules.query.audit.changes
`
  .trim()
  .split(/\s+/);

describe("rules engine: what seeds 000 and 001 fix", () => {
  it("has every subject of the seed's hierarchy, without a version suffix, and nothing else", () => {
    const { model } = registryOf("rules-engine");
    expect(RULES_SUBJECTS.length).toBe(55);
    expect(model.majors.map((m) => m.subject).sort()).toEqual([...RULES_SUBJECTS].sort());
    for (const m of model.majors) expect(m.type).toBe(m.subject);
  });

  it("keeps the seed's three streams field for field, and its consumer configurations", () => {
    const { model } = registryOf("rules-engine");
    const streams = Object.fromEntries(model.streams.map((s) => [s.name, s]));
    expect(streams["RULES_DOMAIN_EVENTS"]).toMatchObject({
      subjects: ["rules.domain.>"], storage: "file", retention: "limits", max_age: "30d", max_bytes: "10GB", max_msgs: 1000000, replicas: 3,
    });
    expect(streams["RULES_INTEGRATION_EVENTS"]).toMatchObject({
      subjects: ["rules.integration.>"], storage: "file", retention: "limits", max_age: "7d", max_bytes: "5GB", max_msgs: 500000, replicas: 3,
    });
    expect(streams["RULES_CQRS_EVENTS"]).toMatchObject({
      subjects: ["rules.command.>", "rules.query.>"], storage: "memory", retention: "limits", max_age: "1h", max_bytes: "1GB", max_msgs: 100000, replicas: 1,
    });
    const raw = JSON.parse(readFileSync("examples/rules-engine/registry.json", "utf8")) as {
      streams: Record<string, { duplicates?: string }>;
      consumers: Record<string, Record<string, unknown>>;
    };
    expect([raw.streams["RULES_DOMAIN_EVENTS"]?.duplicates, raw.streams["RULES_INTEGRATION_EVENTS"]?.duplicates, raw.streams["RULES_CQRS_EVENTS"]?.duplicates]).toEqual(["2m", "1m", "30s"]);
    const calc = { durable: true, deliver_policy: "all", ack_policy: "explicit", ack_wait: "30s", max_deliver: 3, max_ack_pending: 1000 };
    expect(raw.consumers["rules-calculation-service"]).toMatchObject({ ...calc, stream: "RULES_DOMAIN_EVENTS", filter_subject: "rules.domain.rule.>" });
    expect(raw.consumers["rules-calculation-service-commands"]).toMatchObject({ ...calc, stream: "RULES_CQRS_EVENTS", filter_subject: "rules.command.evaluation.>" });
    const monitoring = { durable: false, deliver_policy: "new", ack_policy: "none" };
    expect(raw.consumers["monitoring-evaluations"]).toMatchObject({ ...monitoring, filter_subject: "rules.domain.evaluation.>" });
    expect(raw.consumers["monitoring-external-calls"]).toMatchObject({ ...monitoring, filter_subject: "rules.integration.external.call.>" });
  });

  it("the envelope is the seed's BaseEvent with EventMetadata as a referenced object", () => {
    const { model } = registryOf("rules-engine");
    expect(model.envelope.fields).toMatchObject({ time: "time", correlation: "correlation_id", causation: "causation_id" });
    expect(model.envelope.context).toEqual([
      { name: "subject", required: true },
      { name: "event_chain_id", required: false },
      { name: "sequence_number", required: false },
      { name: "metadata", required: false },
    ]);
    const envelope = JSON.parse(readFileSync("examples/rules-engine/envelope.schema.json", "utf8")) as { properties: Record<string, { $ref?: string }> };
    expect(envelope.properties["metadata"]?.$ref).toBe("defs/metadata.json");
    const types = readFileSync(join(tmp, "rules-engine", "types", "_shared.d.ts"), "utf8");
    for (const name of ["EventMetadata", "EventPriority", "ImpactArea", "AggregatedResult", "ServiceResult", "PerformanceMetrics", "SecurityCheck", "RetryPolicy"]) {
      expect(types, name).toMatch(new RegExp(`export (interface|type) ${name}\\b`));
    }
  });

  it("marks every command and query request-reply with an x-reply that resolves, and the reply examples are valid", () => {
    const { model } = registryOf("rules-engine");
    const root = resolve("examples/rules-engine");
    const ajv = createAjv("draft7");
    for (const file of readdirSync(join(root, "defs"))) {
      ajv.addSchema(JSON.parse(readFileSync(join(root, "defs", file), "utf8")) as object, pathToFileURL(join(root, "defs", file)).href);
    }
    let replies = 0;
    for (const m of model.majors) {
      const schema = m.latest.doc.schema;
      const cqrs = m.event.startsWith("command.") || m.event.startsWith("query.");
      expect(schema["x-pattern"], m.key).toBe(cqrs ? "request-reply" : undefined);
      if (!cqrs) continue;
      expect(m.stream).toBe("RULES_CQRS_EVENTS");
      const reply = (schema["x-reply"] as { $ref?: unknown } | undefined)?.$ref;
      expect(typeof reply).toBe("string");
      const url = new URL(reply as string, pathToFileURL(join(root, m.latest.file))).href;
      const validate = ajv.getSchema(url);
      expect(validate, `${m.key}: x-reply ${String(reply)}`).toBeDefined();
      const pointer = decodeURIComponent(new URL(url).hash.slice(1)).split("/").filter(Boolean);
      let def: unknown = JSON.parse(readFileSync(join(root, "defs", "replies.json"), "utf8"));
      for (const token of pointer) def = (def as Record<string, unknown>)[token];
      for (const example of ((def as { examples?: unknown[] }).examples ?? [])) {
        expect(validate!(example), `${url}: ${JSON.stringify(validate!.errors)}`).toBe(true);
        replies++;
      }
    }
    expect(replies).toBeGreaterThanOrEqual(19);
  });
});

// ------------------------------------------------------------------ SlotWise (seed 002)

describe("SlotWise: what seed 002 fixes", () => {
  it("types and subjects are {domain}.{entity}.{action}.v{major}", () => {
    const { model } = registryOf("slotwise");
    for (const m of model.majors) {
      expect(m.subject).toMatch(/^[a-z]+\.[a-z]+\.[a-z]+\.v1$/);
      expect(m.type).toBe(m.subject);
    }
    expect(model.majors.map((m) => m.type)).toContain("auth.user.created.v1");
    expect(model.majors.map((m) => m.type)).toContain("booking.appointment.confirmed.v1");
  });

  it("the envelope is CloudEvents 1.0 with the SlotWise extensions", () => {
    const { model } = registryOf("slotwise");
    expect(model.envelope.fields).toEqual({
      id: "id", type: "type", time: "time", version: "version", source: "source", data: "data", correlation: "correlationid", causation: "causationid",
    });
    expect(model.envelope.context).toEqual([
      { name: "specversion", required: true, const: "1.0" },
      { name: "subject", required: false },
      { name: "datacontenttype", required: false, default: "application/json" },
      { name: "metadata", required: false },
    ]);
  });

  it("payload property names are camelCase, at every depth", () => {
    const { model } = registryOf("slotwise");
    const names: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== "object") return;
      const o = node as Record<string, unknown>;
      if (o["properties"] && typeof o["properties"] === "object") names.push(...Object.keys(o["properties"] as object));
      for (const [k, v] of Object.entries(o)) if (k !== "examples") walk(v);
    };
    for (const m of model.majors) walk(m.latest.doc.schema);
    expect(names.length).toBeGreaterThan(40);
    expect(names.filter((n) => !/^[a-z][a-zA-Z0-9]*$/.test(n))).toEqual([]);
  });
});

// ------------------------------------------------------------------ GIIA (seed 004)

describe("GIIA: what seed 004 fixes", () => {
  it("subjects are {service}.{entity}.{action} without a version; types drop the service", () => {
    const { model } = registryOf("giia");
    expect(Object.fromEntries(model.majors.map((m) => [m.subject, m.type]))).toEqual({
      "auth.user.created": "user.created",
      "auth.user.deleted": "user.deleted",
      "auth.user.login.succeeded": "user.login.succeeded",
      "auth.user.login.failed": "user.login.failed",
      "auth.user.role.assigned": "user.role.assigned",
      "auth.user.role.updated": "user.role.updated",
      "auth.user.updated": "user.updated",
      "catalog.product.updated": "product.updated",
      "ddmrp.buffer.calculated": "buffer.calculated",
    });
  });

  it("names every event the seed names: its catalog, the publisher example, the subscriber's switch, the subject examples", () => {
    const { model } = registryOf("giia");
    const seedTypes = [
      "user.created", "user.login.succeeded", "user.login.failed", "user.role.assigned", // the events catalog
      "user.role.updated", "user.deleted", // publisher_example.go
      "user.updated", // the subscriber pattern's switch
    ];
    expect(model.majors.map((m) => m.type)).toEqual(expect.arrayContaining(seedTypes));
    expect(model.majors.map((m) => m.subject)).toEqual(
      expect.arrayContaining(["auth.user.created", "auth.user.login.succeeded", "catalog.product.updated", "ddmrp.buffer.calculated"]),
    );
  });

  it("the seed's subscription auth.user.* delivers the three-token user events, which its consumer's handlers list", () => {
    const { model } = registryOf("giia");
    const byConsumer = new Map(consumerEvents(model).map((c) => [c.name, c.types.map((t) => t.type)]));
    expect(byConsumer.get("catalog-service")).toEqual(["user.created", "user.deleted", "user.updated"]);
    expect(byConsumer.get("analytics-service")).toHaveLength(7);
    expect(byConsumer.get("ddmrp-service")).toEqual(["product.updated"]);
    expect(byConsumer.get("analytics-service-ddmrp")).toEqual(["buffer.calculated"]);
  });

  it("the envelope is the tenant envelope: organization_id is required context", () => {
    const { model } = registryOf("giia");
    expect(model.envelope.fields).toMatchObject({ time: "timestamp", version: "schema_version" });
    expect(model.envelope.context).toEqual([{ name: "organization_id", required: true }]);
  });

  it("has the seven streams of the setup script, the DLQ included", () => {
    const { model } = registryOf("giia");
    expect(model.streams.map((s) => s.name)).toEqual([
      "AUTH_EVENTS", "CATALOG_EVENTS", "DDMRP_EVENTS", "EXECUTION_EVENTS", "ANALYTICS_EVENTS", "AI_AGENT_EVENTS", "DLQ_EVENTS",
    ]);
    for (const s of model.streams) {
      expect(s).toMatchObject({ storage: "file", max_age: "7d", max_bytes: "1GB", discard: "old", duplicate_window: "2m" });
    }
    expect(model.dlq?.stream).toBe("DLQ_EVENTS");
  });
});
