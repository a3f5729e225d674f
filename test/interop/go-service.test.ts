/**
 * A Go service (test/interop/go, built offline against Debian's nats.go 1.22) next to SlotWise's
 * generated TypeScript package, on a real nats-server. The Go program does not import anything
 * generated: it reads the schema files. It checks that every envelope the generated helpers
 * publish (every major, structured and binary mode) matches the envelope and payload schema files,
 * headers included; and the events it publishes itself, valid and invalid, are handled and
 * dead-lettered by a TypeScript consumer.
 */
import { jetstream, type JetStreamManager } from "@nats-io/jetstream";
import { headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { listDeadLetters } from "../../runtime/src/index.js";
import { firstExample } from "../examples/support.js";
import { waitFor } from "../support/consume.js";
import type { NatsServer } from "../support/nats-server.js";
import { buildGoProgram, type GoProgram } from "./go-program.js";
import { startedTogether } from "../support/started-together.js";
import { startSlotwise, USER_CREATED_SUBJECT, type SlotwiseEvents, type SlotwiseOnServer, type SlotwisePackage } from "./slotwise-package.js";

const SCHEMAS = "examples/slotwise";
const CONTEXT = { subject: "usr 01/é", metadata: { "uber-trace-id": "5b8aa5a2d2c872e8:5b8aa5a2d2c872e8:0:1", tenant: "studio ana" } };

let slotwise: SlotwiseOnServer;
let server: NatsServer;
let nc: NatsConnection;
let pkg: SlotwisePackage;
let events: SlotwiseEvents;
let jsm: JetStreamManager;
let go: GoProgram;

beforeAll(async () => {
  [slotwise, go] = await startedTogether([startSlotwise("go"), buildGoProgram()]);
  ({ server, nc, pkg, events, jsm } = slotwise);
}, 300_000);
beforeEach(() => slotwise.freshStreams());
afterAll(async () => {
  await slotwise?.dispose();
  go?.dispose();
});

interface ManifestMessage {
  stream: string;
  seq: number;
  mode: "structured" | "binary";
  type: string;
  version: string;
  payloadSchema: string;
}

function writeManifest(messages: ManifestMessage[]): string {
  const { envelope } = pkg.registry;
  const file = join(pkg.dir, "go-manifest.json");
  writeFileSync(
    file,
    JSON.stringify({
      server: server.url,
      schemas: resolve(SCHEMAS),
      envelope: { file: resolve(SCHEMAS, "envelope.schema.json"), ...envelope.fields, cloudEvents: true, jsonAttributes: envelope.cloudEvents!.jsonAttributes },
      messages,
    }),
  );
  return file;
}

describe("the Go service reads what the generated helpers publish", () => {
  it("every major, in both content modes, matches the schema files, headers included", async () => {
    const { model } = checkRegistryAt(SCHEMAS);
    const majors = model.majors.filter((m) => m.delivery !== "at-most-once" && m.requestReply === undefined);
    expect(majors.length).toBe(model.majors.length);
    const messages: ManifestMessage[] = [];
    for (const contentMode of ["structured", "binary"] as const) {
      const client = pkg.createEvents(nc, { source: "auth-service", contentMode }) as unknown as Record<string, (...args: unknown[]) => Promise<{ stream: string; seq: number }>>;
      for (const m of majors) {
        const ack = await client[m.helperName]!(firstExample(m), CONTEXT, { correlationId: "req 7 of 9", causationId: "cmd-7" });
        messages.push({ stream: ack.stream, seq: ack.seq, mode: contentMode, type: m.type, version: m.latest.version, payloadSchema: resolve(SCHEMAS, m.latest.file) });
      }
    }
    const result = await go.run("check", writeManifest(messages));
    expect(result.stderr).toBe("");
    expect(result.stdout.trim().split("\n").filter((l) => l.startsWith("ok "))).toHaveLength(messages.length);
    expect(result.code).toBe(0);
  });

  it("and says what is wrong with a message that breaks them (the check can fail)", async () => {
    const h = natsHeaders();
    h.set("Content-Type", "application/cloudevents+json");
    h.set("Nats-Msg-Id", "someone-else");
    const envelope = { specversion: "1.0", id: "hand-made", source: "x", type: "auth.user.created.v1", time: "yesterday", version: "1.0", data: { userId: "usr_1", role: "customer", createdAt: "2025-06-01T09:00:00Z" } };
    const ack = await jetstream(nc).publish(USER_CREATED_SUBJECT, JSON.stringify(envelope), { headers: h, msgID: "someone-else" });
    const { model } = checkRegistryAt(SCHEMAS);
    const major = model.majors.find((m) => m.type === "auth.user.created.v1")!;
    const result = await go.run("check", writeManifest([{ stream: ack.stream, seq: ack.seq, mode: "structured", type: major.type, version: "1.0", payloadSchema: resolve(SCHEMAS, major.latest.file) }]));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('envelope /time "yesterday" is not an RFC 3339 date-time');
    expect(result.stdout).toContain('payload (root) lacks required property "email"');
    expect(result.stdout).toContain('Nats-Msg-Id "someone-else" is not the event id hand-made');
  });
});

describe("the TypeScript consumer handles what the Go service publishes", () => {
  it("handles its valid events in both modes and dead-letters the invalid ones with their reason", async () => {
    const published = await go.run("publish", server.url, USER_CREATED_SUBJECT);
    expect(published.stderr).toBe("");
    expect(published.code).toBe(0);
    const want: Record<string, string> = {
      "go-valid-structured": "handled",
      "go-valid-binary": "handled",
      "go-invalid-payload": "invalid",
      "go-undecodable": "undecodable",
      "go-unknown-type": "unknown-type",
      "go-bad-metadata": "undecodable",
    };
    expect(published.stdout.trim().split("\n")).toEqual(Object.keys(want));

    const handled = new Map<string, Record<string, unknown>>();
    const running = await events.consume("user-onboarding", { "auth.user.created.v1": (e) => void handled.set(e["id"] as string, e) });
    const deadLetters = Object.values(want).filter((w) => w !== "handled").length;
    await waitFor(async () => handled.size === 2 && (await jsm.streams.info("DEAD_LETTERS")).state.messages === deadLetters, 15_000, () => "the Go service's events");
    await running.stop();

    expect([...handled.keys()].sort()).toEqual(["go-valid-binary", "go-valid-structured"]);
    for (const e of handled.values()) expect(e).toMatchObject({ source: "go-auth-service", subject: "usr 01/é", correlationid: "req 7 of 9", data: { userId: "usr_go_1" } });
    expect(handled.get("go-valid-binary")!["metadata"]).toEqual({ tenant: "studio ana" });

    const letters = await listDeadLetters(jsm, pkg.registry);
    const reasons = Object.fromEntries(letters.map((d) => [d.headers["Dlq-Msg-Id"], d.reason]));
    expect(reasons).toEqual(Object.fromEntries(Object.entries(want).filter(([, w]) => w !== "handled")));
    expect(letters.find((d) => d.headers["Dlq-Msg-Id"] === "go-invalid-payload")!.error).toMatch(/\/email is required/);
  });
});
