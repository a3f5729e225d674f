/**
 * The registries the example suites run over: the flagship (schemas/) and the three seed systems
 * in examples/. Each entry says how a service of that system creates its client (source, runtime
 * subject prefix), which envelope context it passes when publishing, and a strict TypeScript
 * consumer of its generated package (compiled by examples-generate.test.ts).
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { checkRegistryAt, type Checked } from "../../generator/front-end/front-end.js";
import { generate } from "../../generator/generate-run.js";
import type { MajorModel } from "../../generator/model/registry-model.js";

export interface ExampleRegistry {
  /** Folder of the generated package inside the temporary directory. */
  name: string;
  /** Registry folder, relative to the repository root. */
  dir: string;
  /** `createEvents(nc, { source })`. */
  source: string;
  /** The runtime's environment prefix, if the system uses one. */
  subjectPrefix?: string;
  /** Envelope context for a publish on `subject` (the published subject, prefix included). */
  context(subject: string): Record<string, unknown>;
  events: number;
  majors: number;
  /** A strict TypeScript service using the package, imported as `./<name>/index.js`. */
  consumer: string;
}

const ORG_ID = "8f14e45f-ceea-467f-a0e6-5e8a3f7c1b2d";

export const EXAMPLES: ExampleRegistry[] = [
  {
    name: "waitingroom",
    dir: "schemas",
    source: "waitingroom-api",
    context: () => ({ queue_id: "concert-tickets", trace_id: "4bf92f3577b34da6a3ce929d0e0e4736", span_id: "00f067aa0ba902b7" }),
    events: 17,
    majors: 18,
    consumer: `import { connect } from "@nats-io/transport-node";
import { createEvents, subjects, type PositionAdmitted } from "./waitingroom/index.js";

const events = createEvents(await connect(), { source: "waitingroom-api" });
const admitted: PositionAdmitted = { position_id: "pos-1", session_id: "sess-1", wait_time_seconds: 300, queue_length_after: 1522 };
const ack = await events.publishPositionAdmitted(admitted, { queue_id: "concert-tickets" });
const seq: number = ack.seq;
// @ts-expect-error wait_time_seconds is a number
await events.publishPositionAdmitted({ ...admitted, wait_time_seconds: "300" }, { queue_id: "concert-tickets" });
const running = await events.consume("analytics-processor", {
  "position.admitted": (e) => {
    const id: string = e.data.position_id;
    void id;
  },
});
await running.stop();
// @ts-expect-error analytics-processor reads positions; it never receives session events
await events.consume("analytics-processor", { "session.started": () => {} });
const subject: "waitingroom.position.admitted.v1" = subjects.position.admitted.v1;
// @ts-expect-error the waiting-room envelope is not a CloudEvents envelope: there is no binary mode
createEvents(await connect(), { source: "waitingroom-api", contentMode: "binary" });
createEvents(await connect(), { source: "waitingroom-api", contentMode: "structured" });
void [seq, subject];
`,
  },
  {
    name: "rules-engine",
    dir: "examples/rules-engine",
    source: "rules-management",
    context: (subject) => ({
      subject,
      event_chain_id: "chain-checkout-42",
      sequence_number: 3,
      metadata: {
        user_id: "usr-1001",
        request_id: "req-6f0b3c2d",
        source: "rules-management-api",
        environment: "test",
        region: "eu-west-1",
        schema_version: "1.0",
        content_type: "application/json",
        encoding: "utf-8",
        priority: "HIGH",
        ttl: 3_600_000_000_000,
        process_after: "2025-06-15T12:00:00Z",
      },
    }),
    events: 55,
    majors: 55,
    consumer: `import { connect } from "@nats-io/transport-node";
import { createEvents, subjects, type DomainRuleCreated, type EventMetadata, type ImpactArea } from "./rules-engine/index.js";

const events = createEvents(await connect(), { source: "rules-management" });
const created: DomainRuleCreated = {
  rule_id: "rule-1", name: "Summer", description: "10% off", rule_type: "PROMOTION", status: "DRAFT", priority: "HIGH",
  dsl_content: "WHEN true THEN discount(10%)", created_by: "ana@example.com", created_at: "2025-06-01T09:30:00Z", version: 1,
};
const metadata: EventMetadata = {
  source: "rules-management", environment: "production", schema_version: "1.0", content_type: "application/json",
  encoding: "utf-8", priority: "CRITICAL", ttl: 60_000_000_000,
};
const ack = await events.publishDomainRuleCreated(created, { subject: subjects.domain.rule.created.v1, metadata }, { correlationId: "corr-1" });
const seq: number = ack.seq;
// @ts-expect-error version is an integer, not a string
await events.publishDomainRuleCreated({ ...created, version: "1" }, { subject: subjects.domain.rule.created.v1 });
// @ts-expect-error subject is required context (the seed's BaseEvent.subject)
await events.publishDomainRuleCreated(created, { metadata });
// @ts-expect-error priority is LOW, NORMAL, HIGH or CRITICAL
const urgent: EventMetadata = { ...metadata, priority: "URGENT" };
const impact: ImpactArea = { service: "promotions", components: ["cache"], severity_level: "LOW", action_required: false };
await events.consume("rules-calculation-service", {
  "rules.domain.rule.created": (e) => {
    const rule: string = e.data.rule_id;
    const meta: EventMetadata | undefined = e.metadata;
    void [rule, meta];
  },
});
// @ts-expect-error rules-calculation-service's filter is rules.domain.rule.>
await events.consume("rules-calculation-service", { "rules.domain.evaluation.completed": () => {} });
const subject: "rules.domain.loyalty.points.awarded" = subjects.domain.loyalty.points.awarded.v1;
void [seq, urgent, impact, subject];
`,
  },
  {
    name: "slotwise",
    dir: "examples/slotwise",
    source: "auth-service",
    subjectPrefix: "prod",
    context: () => ({
      subject: "res-usr_01HZX3K5Q8",
      metadata: { "uber-trace-id": "5b8aa5a2d2c872e8:5b8aa5a2d2c872e8:0:1", tenant: "studio-ana" },
    }),
    events: 8,
    majors: 8,
    consumer: `import { connect } from "@nats-io/transport-node";
import { createEvents, type AuthUserCreated, type AuthUserCreatedEvent } from "./slotwise/index.js";

const events = createEvents(await connect(), { source: "auth-service", subjectPrefix: "prod" });
const user: AuthUserCreated = { userId: "usr_1", email: "ana@example.com", role: "customer", createdAt: "2025-06-01T09:00:00Z" };
const ack = await events.publishAuthUserCreated(user, { subject: "usr_1", metadata: { traceparent: "00-abc-def-01" } }, { correlationId: "req-1", causationId: "cmd-1" });
const seq: number = ack.seq;
// @ts-expect-error payload property names are camelCase
await events.publishAuthUserCreated({ user_id: "usr_1", email: "ana@example.com", role: "customer", createdAt: "2025-06-01T09:00:00Z" });
// @ts-expect-error metadata values are strings
await events.publishAuthUserCreated(user, { metadata: { attempt: 1 } });
// @ts-expect-error specversion is the CloudEvents const "1.0"
await events.publishAuthUserCreated(user, { specversion: "0.3" });
await events.consume("user-onboarding", {
  "auth.user.created.v1": (e: AuthUserCreatedEvent) => {
    const spec: "1.0" = e.specversion;
    // datacontenttype has a default the runtime fills; other senders may omit it.
    const contentType: string | undefined = e.datacontenttype;
    const id: string = e.data.userId;
    void [spec, contentType, id, e.correlationid];
  },
});
// CloudEvents binary mode: same helpers and types; attributes travel as ce-* headers.
const binary = createEvents(await connect(), { source: "auth-service", subjectPrefix: "prod", contentMode: "binary" });
await binary.publishAuthUserCreated(user, { subject: "usr_1", metadata: { tenant: "studio-ana" } });
// @ts-expect-error contentMode is "structured" or "binary"
createEvents(await connect(), { source: "auth-service", contentMode: "text" });
void seq;
`,
  },
  {
    name: "giia",
    dir: "examples/giia",
    source: "auth-service",
    context: () => ({ organization_id: ORG_ID }),
    events: 9,
    majors: 9,
    consumer: `import { connect } from "@nats-io/transport-node";
import { createEvents, subjects, type AuthUserCreated } from "./giia/index.js";

const events = createEvents(await connect(), { source: "auth-service" });
const user: AuthUserCreated = {
  user_id: "0b9d3c1e-5f4a-4e2b-9c8d-7a6b5c4d3e2f", email: "lucia@example.com", first_name: "Lucía", last_name: "Fernández", status: "active",
};
const ack = await events.publishAuthUserCreated(user, { organization_id: "${ORG_ID}" });
const seq: number = ack.seq;
// @ts-expect-error organization_id is required context (every event carries its tenant)
await events.publishAuthUserCreated(user);
// @ts-expect-error reason is user_not_found, invalid_password or inactive_account
await events.publishAuthUserLoginFailed({ email: "lucia@example.com", reason: "locked" }, { organization_id: "${ORG_ID}" });
await events.consume("catalog-service", {
  "user.created": (e) => {
    const tenant: string = e.organization_id;
    void [tenant, e.data.email];
  },
  "user.updated": (e) => {
    const changed: Array<"email" | "first_name" | "last_name" | "status"> = e.data.changed_fields;
    void changed;
  },
  "user.deleted": (e) => void e.data.user_id,
});
// @ts-expect-error catalog-service's filter auth.user.* never delivers the four-token auth.user.login.failed
await events.consume("catalog-service", { "user.login.failed": () => {} });
// @ts-expect-error nor the four-token auth.user.role.updated
await events.consume("catalog-service", { "user.role.updated": () => {} });
await events.consume("ddmrp-service", { "product.updated": (e) => void e.data.sku });
const buffer = await events.publishDdmrpBufferCalculated(
  {
    buffer_id: "3c1d7e2a-9b4f-4c6d-8e1a-2b3c4d5e6f70", product_id: "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", location_id: "WH-BA-01",
    average_daily_usage: 42.5, decoupled_lead_time_days: 12, red_zone: 382.5, yellow_zone: 510, green_zone: 255, top_of_green: 1147.5,
    net_flow_position: 640, status: "yellow",
  },
  { organization_id: "${ORG_ID}" },
);
// @ts-expect-error a buffer's status is red, yellow or green
await events.publishDdmrpBufferCalculated({ status: "blue" }, { organization_id: "${ORG_ID}" });
const subject: "auth.user.login.failed" = subjects.auth.user.login.failed.v1;
void [seq, subject, buffer.seq];
`,
  },
];

/** A temporary directory inside the repository, so the generated packages resolve node_modules. */
export function makeTmpDir(prefix: string): string {
  const base = join(process.cwd(), "test");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `.tmp-examples-${prefix}-`));
}

/** Checks and generates every example into `<tmp>/<name>`; returns the checked registries by name. */
export async function generateAll(tmp: string): Promise<Map<string, Checked>> {
  const checked = new Map<string, Checked>();
  for (const ex of EXAMPLES) {
    checked.set(ex.name, checkRegistryAt(ex.dir));
    await generate({ schemas: ex.dir, out: join(tmp, ex.name) });
  }
  return checked;
}

/** The payload a round trip publishes for a major: the first example of its latest minor. */
export function firstExample(m: MajorModel): Record<string, unknown> {
  const examples = m.latest.doc.schema["examples"];
  if (!Array.isArray(examples) || examples.length === 0) throw new Error(`${m.key} (${m.latest.file}) has no example`);
  return examples[0] as Record<string, unknown>;
}

/** `prefix.subject`, or the subject itself without a prefix. */
export function prefixed(prefix: string | undefined, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}
