/**
 * `jetschema permissions --prefix prod --prefix staging`: both environments' users in one
 * configuration, one account, on a real nats-server. Each environment's administrator
 * provisions its streams; each service publishes and consumes in its own environment and is
 * refused the other's subjects, streams and consumers.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { createEvents, type Events } from "@waitingroom/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { computePermissions, type UserPermissions } from "../../generator/permissions/compute-permissions.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { environmentNames } from "../../runtime/src/index.js";
import { waitFor } from "../support/consume.js";
import { expectPermissionError } from "../support/permission-error.js";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";

const ENVIRONMENTS = ["prod", "staging"] as const;
type Env = (typeof ENVIRONMENTS)[number];
const tmp = join(process.cwd(), "test", `.tmp-permissions-env-${process.pid}`);
const model = checkRegistryAt("schemas").model;
const users = new Map<string, UserPermissions>(
  ENVIRONMENTS.flatMap((env) =>
    computePermissions(model, { subjectPrefix: env, names: environmentNames(env), admin: "jetschema-admin" }).users.map(
      (u) => [u.user, u] as const,
    ),
  ),
);
const admitted = { position_id: "pos-1", session_id: "sess-1", wait_time_seconds: 300, queue_length_after: 10 };

let server: NatsServer | undefined;
const connections: NatsConnection[] = [];

async function connectAs(user: string, env: Env): Promise<Events> {
  const u = users.get(user);
  if (!u) throw new Error(`no user ${user}`);
  const nc = await connect({ servers: server!.url, user: u.user, pass: process.env[u.passwordEnv]!.slice(1, -1), inboxPrefix: u.inboxPrefix, reconnect: false });
  connections.push(nc);
  return createEvents(nc, { source: user, subjectPrefix: env, timeoutMs: 1_000, retry: { deadlineMs: 1_500 } });
}

beforeAll(async () => {
  mkdirSync(tmp, { recursive: true });
  const file = join(tmp, "permissions.conf");
  const code = await main(
    ["node", "jetschema", "permissions", "--schemas", "schemas", "--admin", "--prefix", "prod", "--prefix", "staging", "--out", file],
    { out: () => undefined, err: (l) => console.error(l) },
  );
  expect(code).toBe(0);
  for (const u of users.values()) process.env[u.passwordEnv] = JSON.stringify(randomBytes(12).toString("hex"));
  server = await startNatsServer({ args: ["-c", file] });
  for (const env of ENVIRONMENTS) await (await connectAs(`${env}-jetschema-admin`, env)).ensureStreams({ replicas: 1 });
});

afterAll(async () => {
  for (const nc of connections) await nc.close().catch(() => undefined);
  await server?.dispose();
  rmSync(tmp, { recursive: true, force: true });
  for (const u of users.values()) delete process.env[u.passwordEnv];
});

describe("two environments' permissions in one account", () => {
  it("names users, secrets and inboxes per environment", () => {
    expect(users.get("prod-waitingroom-api")).toMatchObject({
      passwordEnv: "PROD_WAITINGROOM_API_PASSWORD",
      inboxPrefix: "_INBOX.prod-waitingroom-api",
    });
    expect(users.get("staging-jetschema-admin")?.passwordEnv).toBe("STAGING_WAITINGROOM_JETSCHEMA_ADMIN_PASSWORD");
  });

  it("each service publishes and consumes in its own environment only", async () => {
    for (const env of ENVIRONMENTS) {
      const api = await connectAs(`${env}-waitingroom-api`, env);
      const ack = await api.publishPositionAdmitted({ ...admitted, position_id: `pos-${env}` }, { queue_id: "q" });
      expect(ack.stream).toBe(`${env}_POSITION_EVENTS`);
      const analytics = await connectAs(`${env}-analytics-processor`, env);
      const seen: string[] = [];
      const running = await analytics.consume("analytics-processor", {
        "position.admitted": (e) => void seen.push(e.data.position_id),
      });
      await waitFor(() => seen.length === 1, 5_000);
      await running.stop();
      expect(seen).toEqual([`pos-${env}`]);
    }
  });

  it("refuses a service the other environment's subjects and consumers", async () => {
    const prodApiAsStaging = await connectAs("prod-waitingroom-api", "staging");
    await expectPermissionError(prodApiAsStaging.publishPositionAdmitted(admitted, { queue_id: "q" }));
    const prodAnalyticsAsStaging = await connectAs("prod-analytics-processor", "staging");
    await expectPermissionError(prodAnalyticsAsStaging.consume("analytics-processor", { "position.admitted": () => undefined }));
  });
});
