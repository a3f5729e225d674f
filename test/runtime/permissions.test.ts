/**
 * `jetschema permissions` against a real nats-server: the configuration generated for the
 * flagship registry (schemas/) is loaded with `-c`, with the passwords in environment variables
 * as in production. Then every service connects as its own user and
 *  - publishes each of its events through the generated helpers (`@waitingroom/events`),
 *  - consumes through its consumer with the typed `events.consume` (and dead-letters poison),
 *  - and is refused, with a "Permissions Violation", everything else: another service's events,
 *    another consumer, subscriptions outside its inbox, JetStream administration, the shared
 *    default inbox.
 * Provisioning (ensureStreams) runs as the administrator user (`--admin`).
 * The nkey flavour (`--nkeys --format accounts`) is checked on a second server.
 */
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, errors, nkeyAuthenticator, nkeys, type NatsConnection, type Status } from "@nats-io/transport-node";
import { createEventClient, ProvisioningError, PublishError } from "@jetschema/runtime";
import { createEvents, registry as waitingroom, type Events } from "@waitingroom/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { consumerEvents } from "../../generator/model/consumer-events.js";
import type { MajorModel, RegistryModel } from "../../generator/model/registry-model.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { generate } from "../../generator/generate-run.js";
import { computePermissions, type UserPermissions } from "../../generator/permissions/compute-permissions.js";
import { renderConfig } from "../../generator/permissions/render-config.js";
import type { ConsumerStats } from "../../runtime/src/index.js";
import { EXAMPLES, firstExample } from "../examples/support.js";
import { sleep, waitFor } from "../support/consume.js";
import { expectPermissionError } from "../support/permission-error.js";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";

const ADMIN = "jetschema-admin";
const tmp = join(process.cwd(), "test", `.tmp-permissions-${process.pid}`);
const model: RegistryModel = checkRegistryAt("schemas").model;
const perms = computePermissions(model, { admin: ADMIN });
const users = new Map(perms.users.map((u) => [u.user, u]));
const services = perms.users.filter((u) => u.role === "service");
const traffic = (name: string) => ({
  publishes: model.majors.filter((m) => model.events.find((e) => e.name === m.event)!.producers.includes(name)),
  consumers: model.consumers.filter((c) => c.name === name),
});
const delivered = new Map(consumerEvents(model).map((c) => [c.name, c]));

let server: NatsServer | undefined;
const connections: NatsConnection[] = [];
/** Event ids published in the publish test, by event key (position.admitted@1). */
const published = new Map<string, string>();

/**
 * The password of a user, set once in the environment nats-server inherits. nats-server parses
 * a variable's value as a configuration value: unquoted, `a,b` becomes `a`, `12345` a number and
 * `a b` a syntax error. So the value is written as a double-quoted string (docs/security.md), and
 * the passwords here start with a digit and carry `,}; #"\\` to prove it.
 */
const secrets = new Map<string, string>();
function secret(u: UserPermissions): string {
  let pw = secrets.get(u.passwordEnv);
  if (pw === undefined) {
    pw = `1${randomBytes(12).toString("base64url")},}; #"\\`;
    secrets.set(u.passwordEnv, pw);
    process.env[u.passwordEnv] = JSON.stringify(pw);
  }
  return pw;
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "jetschema", ...args], { out: (l) => void out.push(l), err: (l) => void err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Connects as `user` with its password from the environment (as a service would) and its inbox prefix. */
async function connectAs(user: UserPermissions, options: { inboxPrefix?: string } = {}) {
  const errors: Error[] = [];
  const nc = await connect({
    servers: server!.url,
    user: user.user,
    pass: secret(user),
    inboxPrefix: options.inboxPrefix ?? user.inboxPrefix,
    name: user.user,
    reconnect: false,
  });
  connections.push(nc);
  void (async () => {
    for await (const s of nc.status() as AsyncIterable<Status>) if (s.type === "error") errors.push(s.error);
  })();
  const events = createEvents(nc, { source: user.user, timeoutMs: 2_000, retry: { deadlineMs: 3_000 } });
  return { nc, events, errors };
}

function example(m: MajorModel): Record<string, unknown> {
  const examples = m.latest.doc.schema.examples;
  if (!Array.isArray(examples) || examples.length === 0) throw new Error(`${m.key} has no example in ${m.latest.file}`);
  return examples[0] as Record<string, unknown>;
}

function permissionViolation(errors: Error[], operation: "publish" | "subscription", subject: string): boolean {
  return errors.some((e) => /Permissions Violation/i.test(e.message) && e.message.includes(operation === "publish" ? "Publish" : "Subscription") && e.message.includes(subject));
}

beforeAll(async () => {
  mkdirSync(tmp, { recursive: true });
  const file = join(tmp, "permissions.conf");
  const result = await cli(["permissions", "--schemas", "schemas", "--admin", "--out", file]);
  expect(result.err).toBe("");
  expect(result.code).toBe(0);
  // Real secrets, only in the environment nats-server inherits.
  for (const u of perms.users) secret(u);
  server = await startNatsServer({ args: ["-c", file] });

  const { events } = await connectAs(users.get(ADMIN)!);
  await events.ensureStreams({ replicas: 1 });
});

afterAll(async () => {
  for (const nc of connections) await nc.close().catch(() => undefined);
  await server?.dispose();
  rmSync(tmp, { recursive: true, force: true });
  for (const name of secrets.keys()) delete process.env[name];
});

describe("jetschema permissions: the configuration", () => {
  it("names every service, takes secrets from the environment, and never contains one", async () => {
    const { code, out } = await cli(["permissions", "--schemas", "schemas"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^authorization \{/m);
    for (const s of services) {
      expect(out).toContain(`user: "${s.user}"`);
      expect(out).toContain(`password: $${s.passwordEnv}`);
    }
    expect(out).toContain("password: $WAITINGROOM_API_PASSWORD");
    expect(out).not.toContain(ADMIN);
    expect(out).not.toMatch(/password: "/);

    const accounts = await cli(["permissions", "--schemas", "schemas", "--format", "accounts", "--nkeys", "--prefix", "prod"]);
    expect(accounts.code).toBe(0);
    expect(accounts.out).toMatch(/^accounts \{\n {2}WAITINGROOM: \{\n {4}jetstream: enabled/m);
    expect(accounts.out).toContain("nkey: $PROD_WAITINGROOM_API_NKEY");
    expect(accounts.out).toContain('# service "prod-waitingroom-api"');
    expect(accounts.out).toContain('"prod.waitingroom.position.admitted.v1"');
    // The environment's own streams and consumers (runtime environmentNames), not another environment's.
    expect(accounts.out).toContain('"$JS.API.CONSUMER.MSG.NEXT.prod_POSITION_EVENTS.prod-analytics-processor"');
    expect(accounts.out).toContain('"$JS.ACK.prod_POSITION_EVENTS.prod-analytics-processor.>"');
    expect(accounts.out).not.toMatch(/"\$JS[^"]*\.(POSITION_EVENTS|analytics-processor)[."]/);
    expect(accounts.out).not.toContain("password:");

    expect((await cli(["permissions", "--format", "yaml"])).code).toBe(2);
    expect((await cli(["permissions", "--prefix", "a b"])).code).toBe(2);
  });

  it("refuses a consuming service without a consumer, naming the fix", async () => {
    const dir = join(tmp, "no-consumer");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync("schemas", dir, { recursive: true });
    const registry = JSON.parse(readFileSync(join(dir, "registry.json"), "utf8")) as Record<string, any>;
    registry.$schema = undefined;
    registry.services["billing"] = { publishes: [], consumes: ["position.admitted"] };
    registry.services["analytics-processor"].consumers = ["no-such-consumer"];
    writeFileSync(join(dir, "registry.json"), JSON.stringify(registry, null, 2));
    const { code, err } = await cli(["permissions", "--schemas", dir]);
    expect(code).toBe(1);
    expect(err).toContain('service "billing" consumes position.admitted@1, position.admitted@2 but no consumer is assigned');
    expect(err).toContain("(consumers delivering them: analytics-processor)");
    expect(err).toContain('at #/services/analytics-processor/consumers/0');
    expect(err).toContain('"no-such-consumer" is not a consumer of this registry');
  });
});

describe("jetschema permissions on a real nats-server: each service does exactly its declared traffic", () => {
  it("each producer publishes every one of its events through the generated helpers", async () => {
    let count = 0;
    for (const s of services) {
      const majors = traffic(s.user).publishes;
      if (majors.length === 0) continue;
      const { events, errors } = await connectAs(s);
      for (const m of majors) {
        const helper = (events as unknown as Record<string, (d: unknown) => Promise<{ id: string; stream?: string }>>)[m.helperName]!;
        const ack = await helper.call(events, example(m));
        expect(ack.id).toBeTruthy();
        if (m.delivery === "at-least-once") expect(ack.stream).toBe(m.stream);
        published.set(m.key, ack.id);
        count++;
      }
      expect(errors).toEqual([]);
    }
    expect(count).toBe(model.majors.length);
  });

  it("each consumer reads its events through its own consumer with the typed consume, and dead-letters poison", async () => {
    for (const s of services) {
      const consumers = traffic(s.user).consumers;
      if (consumers.length === 0) continue;
      const { events, errors } = await connectAs(s);
      for (const c of consumers) {
        const deliver = delivered.get(c.name)!;
        const expected = new Set(deliver.types.flatMap((t) => t.majors.map((m) => published.get(m.key)!)));
        const seen = new Set<string>();
        const handlers = Object.fromEntries(deliver.types.map((t) => [t.type, (e: { id: string }) => void seen.add(e.id)]));
        const running = await (events as Events).consume(c.name as never, handlers as never, { expires: 2_000 });
        await waitFor(() => seen.size >= expected.size, 10_000, () => `${c.name}: ${seen.size}/${expected.size} handled; errors ${errors.join("; ")}`);
        expect([...seen].sort()).toEqual([...expected].sort());
        await running.stop();
      }
      expect(errors).toEqual([]);
    }
  });

  it("a consumer writes dead letters to its own dead-letter subject", async () => {
    const admin = await connectAs(users.get(ADMIN)!);
    await jetstream(admin.nc).publish("waitingroom.position.enqueued.v1", new TextEncoder().encode("{not json"));
    const { events, errors } = await connectAs(users.get("analytics-processor")!);
    let stats: ConsumerStats | undefined;
    const running = await events.consume("analytics-processor", {}, { expires: 2_000 });
    await waitFor(() => (stats = running.stats()).deadLettered === 1, 10_000, () => `one dead letter (${JSON.stringify(stats)}; ${errors.join("; ")})`);
    await running.stop();
    const jsm = await jetstreamManager(admin.nc);
    const dead = await jsm.streams.getMessage("DEAD_LETTER_QUEUE", { last_by_subj: "waitingroom.dlq.analytics-processor" });
    expect(dead?.string()).toBe("{not json");
    expect(errors).toEqual([]);
  });

  it("at-most-once events reach their consumers' plain subscriptions", async () => {
    const monitor = await connectAs(users.get("ops-monitor")!);
    const received: string[] = [];
    const sub = monitor.nc.subscribe("waitingroom.system.health.v1", { callback: (_e, m) => void received.push(m.subject) });
    await monitor.nc.flush();
    const producer = await connectAs(users.get("waitingroom-monitor")!);
    const health = model.majors.find((m) => m.key === "system.health@1")!;
    await producer.events.publishSystemHealth(example(health) as never);
    await waitFor(() => received.length === 1, 5_000, () => "the health event");
    sub.unsubscribe();
    expect(monitor.errors).toEqual([]);
  });

  it("everything else is refused with a permission error", async () => {
    for (const s of services) {
      const { nc, events, errors } = await connectAs(s);
      const mine = new Set(traffic(s.user).publishes.map((m) => m.key));

      // Another service's event, through the generated helper: rejected at once, not retried.
      const foreign = model.majors.find((m) => !mine.has(m.key) && m.delivery === "at-least-once")!;
      const started = Date.now();
      await expectPermissionError(events.publish(foreign.key as never, example(foreign) as never));
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(permissionViolation(errors, "publish", foreign.subject)).toBe(true);

      // Reading the traffic directly, or somebody else's inbox.
      for (const subject of ["waitingroom.>", foreign.subject, "_INBOX.>"]) {
        nc.subscribe(subject);
        await nc.flush();
        await waitFor(() => permissionViolation(errors, "subscription", subject), 2_000, () => `${s.user}: subscription to ${subject} refused`);
      }

      // A consumer that is not its own.
      const other = model.consumers.find((c) => !traffic(s.user).consumers.includes(c))!;
      await expectPermissionError(events.consume(other.name as never, {} as never, { expires: 2_000 }));
      await expectPermissionError(events.jsm().then((jsm) => jsm.consumers.info(other.stream, other.name)));

      // JetStream administration.
      await expectPermissionError(events.jsm().then((jsm) => jsm.streams.add({ name: `ROGUE_${s.user.replace(/-/g, "_")}`, subjects: ["rogue.>"] })));
      await expectPermissionError(events.jsm().then((jsm) => jsm.streams.delete(foreign.stream!)));
      await expectPermissionError(events.ensureStreams({ replicas: 1 }).then((r) => { if (!r.ok) throw r.errors[0]; }));

      expect(nc.isClosed()).toBe(false);
    }
    // Streams are intact.
    const admin = await connectAs(users.get(ADMIN)!);
    const names: string[] = [];
    for await (const name of (await jetstreamManager(admin.nc)).streams.names()) names.push(name);
    expect(names.sort()).toEqual(model.streams.map((st) => st.name).sort());
  });

  it("the shared default inbox is refused: a service must connect with its inbox prefix", async () => {
    const s = users.get("waitingroom-api")!;
    const { events, errors } = await connectAs(s, { inboxPrefix: "_INBOX" });
    const m = model.majors.find((x) => x.key === "position.admitted@1")!;
    await expectPermissionError(events.publishPositionAdmitted(example(m) as never));
    await waitFor(() => errors.some((e) => /Permissions Violation for Subscription to "_INBOX\./.test(e.message)), 2_000, () => "inbox refused");
  });
});

describe("a refusal as docs/security.md describes it", () => {
  it("a refused publish is a PublishError, a refused ensureStreams a ProvisioningError; both with nats.js's PermissionViolationError as cause", async () => {
    const { events } = await connectAs(users.get("waitingroom-api")!);
    const expired = model.majors.find((x) => x.key === "position.expired@1")!;
    const published = await events.publishPositionExpired(example(expired) as never).then(() => undefined, (e: unknown) => e);
    expect(published).toBeInstanceOf(PublishError);
    expect((published as Error).cause).toBeInstanceOf(errors.PermissionViolationError);
    expect(((published as Error).cause as Error).message).toBe('Permissions Violation for Publish to "waitingroom.position.expired.v1"');

    const provisioned = await events.ensureStreams({ replicas: 1 }).then(() => undefined, (e: unknown) => e);
    expect(provisioned).toBeInstanceOf(ProvisioningError);
    expect((provisioned as Error).message).toMatch(/^ensureStreams: cannot read the server's streams: .*Permissions Violation for Publish to "\$JS\.API\./);
    expect((provisioned as Error).cause).toBeInstanceOf(errors.PermissionViolationError);
  });
});

describe("the administrator runs the CLI as docs/security.md says", () => {
  it("streams apply and dlq list log in as jetschema-admin; a wrong password is refused without being shown", async () => {
    const pass = secret(users.get(ADMIN)!);
    const hostPort = `${server!.host}:${server!.port}`;
    const applied = await cli(["streams", "apply", "--replicas", "1", "--server", `nats://${ADMIN}:${encodeURIComponent(pass)}@${hostPort}`]);
    expect(applied.err).toBe("");
    expect(applied.code).toBe(0);
    process.env["NATS_USER"] = ADMIN;
    process.env["NATS_PASSWORD"] = pass;
    try {
      const listed = await cli(["dlq", "list", "--server", server!.url]);
      expect(listed.err).toBe("");
      expect(listed.code).toBe(0);
    } finally {
      delete process.env["NATS_USER"];
      delete process.env["NATS_PASSWORD"];
    }
    const wrong = `x${pass}`;
    const refused = await cli(["streams", "diff", "--replicas", "1", "--server", `nats://${ADMIN}:${encodeURIComponent(wrong)}@${hostPort}`]);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(`cannot connect to NATS at nats://${ADMIN}:***@${hostPort}: Authorization Violation`);
  });
});

describe("jetschema permissions --nkeys --format accounts on a real nats-server", () => {
  it("authenticates services by nkey in the namespace's account, with the same limits", async () => {
    const file = join(tmp, "nkeys.conf");
    expect((await cli(["permissions", "--schemas", "schemas", "--format", "accounts", "--nkeys", "--admin", "--out", file])).code).toBe(0);
    const seeds = new Map<string, Uint8Array>();
    for (const u of perms.users) {
      const kp = nkeys.createUser();
      process.env[u.nkeyEnv] = kp.getPublicKey();
      seeds.set(u.user, kp.getSeed());
    }
    const nkeyServer = await startNatsServer({ args: ["-c", file] });
    const opened: NatsConnection[] = [];
    try {
      const as = async (name: string) => {
        const nc = await connect({
          servers: nkeyServer.url,
          authenticator: nkeyAuthenticator(seeds.get(name)!),
          inboxPrefix: users.get(name)!.inboxPrefix,
          reconnect: false,
        });
        opened.push(nc);
        return createEvents(nc, { source: name, timeoutMs: 2_000, retry: { deadlineMs: 3_000 } });
      };
      await (await as(ADMIN)).ensureStreams({ replicas: 1 });
      const api = await as("waitingroom-api");
      const admitted = model.majors.find((x) => x.key === "position.admitted@1")!;
      const expired = model.majors.find((x) => x.key === "position.expired@1")!;
      expect((await api.publishPositionAdmitted(example(admitted) as never)).stream).toBe("POSITION_EVENTS");
      await expectPermissionError(api.publishPositionExpired(example(expired) as never));

      const analytics = await as("analytics-processor");
      const seen: string[] = [];
      const running = await analytics.consume("analytics-processor", { "position.admitted": (e) => void seen.push(e.id) }, { expires: 2_000 });
      await waitFor(() => seen.length === 1, 10_000, () => "one admitted event");
      await running.stop();
      await expectPermissionError(analytics.publishPositionAdmitted(example(admitted) as never));

      // Without a key there is no way in.
      await expect(connect({ servers: nkeyServer.url, reconnect: false })).rejects.toThrow(/Authorization/i);
    } finally {
      for (const nc of opened) await nc.close().catch(() => undefined);
      await nkeyServer.dispose();
      for (const u of perms.users) delete process.env[u.nkeyEnv];
      await sleep(0);
    }
  });
});

describe("a service with an ephemeral consumer (durable: false)", () => {
  it("may create and read its own, but never pull from or ack another service's durable consumer", async () => {
    // The flagship registry plus a tailing service on POSITION_EVENTS with an ephemeral consumer.
    const dir = join(tmp, "ephemeral");
    rmSync(dir, { recursive: true, force: true });
    cpSync("schemas", dir, { recursive: true });
    const raw = JSON.parse(readFileSync(join(dir, "registry.json"), "utf8")) as Record<string, any>;
    const tail = { stream: "POSITION_EVENTS", durable: false, filter_subject: "waitingroom.position.admitted.v1", ack_policy: "explicit" };
    raw.consumers["position-tail"] = tail;
    raw.services["tailer"] = { publishes: [], consumes: ["position.admitted"], consumers: ["position-tail"] };
    writeFileSync(join(dir, "registry.json"), JSON.stringify(raw, null, 2));
    const tailModel = checkRegistryAt(dir).model;
    const tailPerms = computePermissions(tailModel, { admin: ADMIN });
    const tailer = tailPerms.users.find((u) => u.user === "tailer")!;
    expect(tailer.publish.allow.map((g) => g.subject)).toEqual(
      expect.arrayContaining(["$JS.API.CONSUMER.CREATE.POSITION_EVENTS", "$JS.API.CONSUMER.MSG.NEXT.POSITION_EVENTS.*", "$JS.ACK.POSITION_EVENTS.*.>"]),
    );
    expect(tailer.publish.deny.map((g) => g.subject)).toEqual([
      "$JS.ACK.POSITION_EVENTS.analytics-processor.>",
      "$JS.API.CONSUMER.MSG.NEXT.POSITION_EVENTS.analytics-processor",
    ]);

    const file = join(tmp, "ephemeral.conf");
    writeFileSync(file, renderConfig(tailPerms, { format: "authorization" }));
    for (const u of tailPerms.users) secret(u);
    const tailServer = await startNatsServer({ args: ["-c", file] });
    const opened: NatsConnection[] = [];
    const as = async (u: UserPermissions) => {
      const nc = await connect({ servers: tailServer.url, user: u.user, pass: secret(u), inboxPrefix: u.inboxPrefix, reconnect: false });
      opened.push(nc);
      return nc;
    };
    try {
      const descriptor = { ...waitingroom, consumers: [...waitingroom.consumers, { name: "position-tail", ...tail } as (typeof waitingroom.consumers)[number]] };
      await createEventClient(await as(tailPerms.users.find((u) => u.user === ADMIN)!), descriptor, { source: ADMIN }).ensureStreams({ replicas: 1 });
      const api = createEvents(await as(tailPerms.users.find((u) => u.user === "waitingroom-api")!), { source: "waitingroom-api" });
      const admitted = model.majors.find((x) => x.key === "position.admitted@1")!;
      const { id } = await api.publishPositionAdmitted(example(admitted) as never);

      const tailNc = await as(tailer);
      const errors: Error[] = [];
      void (async () => {
        for await (const st of tailNc.status() as AsyncIterable<Status>) if (st.type === "error") errors.push(st.error);
      })();
      const client = createEventClient(tailNc, descriptor, { source: "tailer", timeoutMs: 2_000 });
      const seen: string[] = [];
      const running = await client.consume("position-tail", { "position.admitted": (e: { id: string }) => void seen.push(e.id) }, { expires: 2_000 });
      await waitFor(() => seen.length === 1, 10_000, () => `the admitted event (${errors.join("; ")})`);
      expect(seen).toEqual([id]);
      await running.stop();
      expect(errors).toEqual([]);

      // The wildcard that lets it use a server-named consumer does not reach the durable ones.
      const js = jetstream(tailNc);
      const durable = await js.consumers.get("POSITION_EVENTS", "analytics-processor").catch((e: unknown) => e);
      expect(durable).not.toBeInstanceOf(Error); // consumer info is allowed on the stream ...
      // ... pulling is not: the pull request is refused (nats.js reports it as an async error, and
      // the pull itself ends without a message).
      const pulled = await (durable as { next(o: object): Promise<unknown> }).next({ expires: 1_000 }).catch(() => null);
      expect(pulled).toBeNull();
      await waitFor(
        () => permissionViolation(errors, "publish", "$JS.API.CONSUMER.MSG.NEXT.POSITION_EVENTS.analytics-processor"),
        2_000,
        () => "pull from analytics-processor refused",
      );
    } finally {
      for (const nc of opened) await nc.close().catch(() => undefined);
      await tailServer.dispose();
    }
  });
});

describe("request-reply events (the rules engine's commands)", () => {
  it("the responder serves and replies, the requester gets the reply; neither can take the other's part", async () => {
    const rules = EXAMPLES.find((e) => e.name === "rules-engine")!;
    const rulesModel = checkRegistryAt(rules.dir).model;
    const rulesPerms = computePermissions(rulesModel, { admin: ADMIN });
    const responderUser = rulesPerms.users.find((u) => u.user === "rules-management")!;
    const requesterUser = rulesPerms.users.find((u) => u.user === "rules-api")!;
    expect(responderUser.allowResponses).toBeDefined();
    expect(requesterUser.allowResponses).toBeUndefined();

    const dir = join(tmp, "rules-engine");
    await generate({ schemas: rules.dir, out: join(dir, "pkg") });
    const file = join(tmp, "rules.conf");
    writeFileSync(file, renderConfig(rulesPerms, { format: "accounts" }));
    for (const u of rulesPerms.users) secret(u);
    const rulesServer = await startNatsServer({ args: ["-c", file] });
    const opened: NatsConnection[] = [];
    type Client = Record<string, (...args: any[]) => any> & { ensureStreams(o: object): Promise<unknown> };
    const pkg = (await import(pathToFileURL(join(dir, "pkg", "index.js")).href)) as { createEvents(nc: NatsConnection, o: object): Client };
    const as = async (u: UserPermissions) => {
      const errors: Error[] = [];
      const nc = await connect({ servers: rulesServer.url, user: u.user, pass: secret(u), inboxPrefix: u.inboxPrefix, reconnect: false });
      opened.push(nc);
      void (async () => {
        for await (const st of nc.status() as AsyncIterable<Status>) if (st.type === "error") errors.push(st.error);
      })();
      return { nc, errors, events: pkg.createEvents(nc, { source: u.user, timeoutMs: 2_000, retry: { deadlineMs: 3_000 } }) };
    };
    try {
      await (await as(rulesPerms.users.find((u) => u.user === ADMIN)!)).events.ensureStreams({ replicas: 1 });
      const create = rulesModel.majors.find((m) => m.key === "command.rule.create@1")!;
      const reply = { success: true, rule_id: "rule-7f3c2a91", version: 1, status: "DRAFT" };

      const responder = await as(responderUser);
      const serving = responder.events.serveCommandRuleCreate!(() => reply);
      await responder.nc.flush();
      const requester = await as(requesterUser);
      expect(await requester.events.requestCommandRuleCreate!(firstExample(create), rules.context(create.subject))).toMatchObject({ type: create.type, data: reply });
      expect(responder.errors).toEqual([]);
      expect(requester.errors).toEqual([]);

      // The requester cannot answer requests; the responder cannot send them.
      requester.events.serveCommandRuleCreate!(() => reply);
      await requester.nc.flush();
      await waitFor(() => permissionViolation(requester.errors, "subscription", create.subject), 2_000, () => "rules-api serving refused");
      await expectPermissionError(Promise.resolve().then(() => responder.events.requestCommandRuleCreate!(firstExample(create), rules.context(create.subject))));
      await serving.stop();
    } finally {
      for (const nc of opened) await nc.close().catch(() => undefined);
      await rulesServer.dispose();
    }
  });
});
