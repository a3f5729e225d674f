/**
 * The rules engine's commands and queries are request-reply: a generated, typed request helper
 * and responder, over a real nats-server, with the CQRS stream storing requests without acking.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typecheckFiles } from "../support/typecheck.js";
import type { NatsConnection } from "@nats-io/transport-node";
import { generate } from "../../generator/generate-run.js";
import { EXAMPLES, firstExample, makeTmpDir } from "./support.js";
import { useJetStream } from "../support/use-jetstream.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";

const rules = EXAMPLES.find((e) => e.name === "rules-engine")!;
let tmp: string;
const nats = useJetStream();
type Client = Record<string, (...args: unknown[]) => any> & { ensureStreams(o: object): Promise<unknown> };
let events: Client;

beforeAll(async () => {
  tmp = makeTmpDir("rr");
  await generate({ schemas: rules.dir, out: join(tmp, "rules-engine") });
  const pkg = (await import(pathToFileURL(join(tmp, "rules-engine", "index.js")).href)) as { createEvents: (nc: NatsConnection, o: object) => Client };
  events = pkg.createEvents(nats.nc, { source: rules.source });
  await events.ensureStreams({ replicas: 1 });
});
afterAll(async () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("request-reply in the rules engine", () => {
  it("requestCommandRuleCreate gets the reply serveCommandRuleCreate gives, validated", async () => {
    const { model } = checkRegistryAt(rules.dir);
    const create = model.majors.find((m) => m.key === "command.rule.create@1")!;
    const request = firstExample(create);
    const reply = { success: true, rule_id: "rule-7f3c2a91", version: 1, status: "DRAFT" };
    const seen: Array<Record<string, unknown>> = [];
    const responder = events.serveCommandRuleCreate!((e: Record<string, unknown>) => {
      seen.push(e);
      return reply;
    });
    const subject = create.subject;
    const got = await events.requestCommandRuleCreate!(request, rules.context(subject));
    expect(got).toMatchObject({ type: create.type, source: rules.source, data: reply });
    expect(got.data).toEqual(reply);
    expect(seen[0]).toMatchObject({ type: create.type, data: request });
    // The CQRS stream keeps the request (no_ack): the requester got the responder's reply, not a PubAck.
    const jsm = nats.jsm;
    const info = await jsm.streams.info("RULES_CQRS_EVENTS");
    expect(info.config.no_ack).toBe(true);
    expect(info.state.messages).toBeGreaterThanOrEqual(1);
    await responder.stop();
  });

  it("a reply that breaks the reply schema never reaches the requester", async () => {
    const { model } = checkRegistryAt(rules.dir);
    const create = model.majors.find((m) => m.key === "command.rule.create@1")!;
    const responder = events.serveCommandRuleCreate!(() => ({ success: "yes" }));
    await expect(events.requestCommandRuleCreate!(firstExample(create), rules.context(create.subject))).rejects.toMatchObject({ name: "RequestError", reason: "responder-error" });
    await responder.stop();
  });

  it("the helpers are typed: request payload, handler event and reply", () => {
    writeFileSync(
      join(tmp, "consumer.ts"),
      `import { connect } from "@nats-io/transport-node";
import { createEvents, type CommandRuleCreate, type CommandRuleCreateReply, type CommandRuleCreateReplyEvent } from "./rules-engine/index.js";
declare const request: CommandRuleCreate;
declare const context: Parameters<ReturnType<typeof createEvents>["publishCommandRuleCreate"]>[1];
const events = createEvents(await connect(), { source: "x" });
const reply: CommandRuleCreateReplyEvent = await events.requestCommandRuleCreate(request, context);
const payload: CommandRuleCreateReply = reply.data;
void [payload.success, reply.id, reply.source];
// @ts-expect-error the reply is the envelope; the payload is its data
void reply.success;
events.serveCommandRuleCreate((e) => ({ success: true, rule_id: e.data.name, version: 1, status: "DRAFT" }));
// @ts-expect-error the reply must match the reply schema
events.serveCommandRuleCreate(() => ({ success: "yes" }));
// @ts-expect-error the request payload is checked
await events.requestCommandRuleCreate({ name: 5 }, context);
`,
    );
    expect(typecheckFiles(tmp, ["consumer.ts"])).toBe("");
  });
});
