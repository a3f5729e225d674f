/**
 * The commands that connect (`streams`, `dlq`) log in to real nats-servers secured each way an
 * operator secures one: users and passwords, a token, an nkey, a decentralised JWT operator with a
 * creds file, and TLS with client certificates; given as flags, in the URL, as NATS_* variables
 * and as a nats CLI context. A refusal exits 2 and never prints the secret.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { decentralisedAuth, nkeyUser, testCertificates } from "../support/nats-auth.js";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { startedTogether } from "../support/started-together.js";

const dir = mkdtempSync(join(tmpdir(), "jetschema-secured-"));
const PASSWORD = "p@ss:w/rd,#1";
const TOKEN = "t0ken-s3cret";
const servers: Record<string, NatsServer> = {};
let creds = "";
let seedFile = "";
let tls = { ca: "", clientCert: "", clientKey: "" };
const savedEnv = { ...process.env };

beforeAll(async () => {
  const nkey = nkeyUser(dir);
  seedFile = nkey.seedFile;
  const jwt = await decentralisedAuth(dir);
  creds = jwt.credsFile;
  const certificates = testCertificates(dir);
  tls = certificates;
  const [users, token, nkeys, operator, secure] = await startedTogether([
    startNatsServer({ config: `authorization { users = [ { user: "jetschema-admin", password: ${JSON.stringify(PASSWORD)} } ] }` }),
    startNatsServer({ config: `authorization { token: "${TOKEN}" }` }),
    startNatsServer({ config: `authorization { users = [ { nkey: ${nkey.publicKey} } ] }` }),
    startNatsServer({ config: jwt.config }),
    startNatsServer({ config: certificates.config }),
  ]);
  Object.assign(servers, { users, token, nkeys, operator, secure });
  process.env["XDG_CONFIG_HOME"] = join(dir, "config"); // no developer's own nats context leaks in
});

afterAll(async () => {
  process.env = savedEnv;
  await Promise.all(Object.values(servers).map((s) => s.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const before = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(["node", "jetschema", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    process.env = before;
  }
}

function saveContext(name: string, context: Record<string, unknown>, selected = false): void {
  const folder = join(dir, "config", "nats", "context");
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${name}.json`), JSON.stringify({ description: "test", ...context }));
  if (selected) writeFileSync(join(dir, "config", "nats", "context.txt"), name);
}

const hostPort = (s: NatsServer) => `${s.host}:${s.port}`;
const apply = ["streams", "apply", "--replicas", "1"];

interface Case {
  name: string;
  server: string;
  args: () => string[];
  env?: () => Record<string, string>;
  context?: () => Record<string, unknown>;
  selected?: boolean;
}

const logsIn: Case[] = [
  { name: "user and password in the URL (percent-encoded)", server: "users", args: () => ["--server", `nats://jetschema-admin:${encodeURIComponent(PASSWORD)}@${hostPort(servers.users!)}`] },
  { name: "--user and --password", server: "users", args: () => ["--server", servers.users!.url, "--user", "jetschema-admin", "--password", PASSWORD] },
  { name: "NATS_URL, NATS_USER and NATS_PASSWORD", server: "users", args: () => [], env: () => ({ NATS_URL: servers.users!.url, NATS_USER: "jetschema-admin", NATS_PASSWORD: PASSWORD }) },
  { name: "a nats context named with --context", server: "users", args: () => ["--context", "admin"], context: () => ({ url: servers.users!.url, user: "jetschema-admin", password: PASSWORD }) },
  { name: "the selected nats context (context.txt)", server: "users", args: () => [], context: () => ({ url: servers.users!.url, user: "jetschema-admin", password: PASSWORD }), selected: true },
  { name: "--token", server: "token", args: () => ["--server", servers.token!.url, "--token", TOKEN] },
  { name: "a token in the URL", server: "token", args: () => ["--server", `nats://${TOKEN}@${hostPort(servers.token!)}`] },
  { name: "--nkey with a seed file", server: "nkeys", args: () => ["--server", servers.nkeys!.url, "--nkey", seedFile] },
  { name: "NATS_NKEY", server: "nkeys", args: () => ["--server", servers.nkeys!.url], env: () => ({ NATS_NKEY: seedFile }) },
  { name: "--creds (decentralised JWT)", server: "operator", args: () => ["--server", servers.operator!.url, "--creds", creds] },
  { name: "NATS_CREDS", server: "operator", args: () => [], env: () => ({ NATS_URL: servers.operator!.url, NATS_CREDS: creds }) },
  { name: "a context with creds", server: "operator", args: () => ["--context", "deploy"], context: () => ({ url: servers.operator!.url, creds }) },
  { name: "--tlsca, --tlscert and --tlskey", server: "secure", args: () => ["--server", `tls://${hostPort(servers.secure!)}`, "--tlsca", tls.ca, "--tlscert", tls.clientCert, "--tlskey", tls.clientKey] },
  { name: "NATS_CA, NATS_CERT and NATS_KEY", server: "secure", args: () => ["--server", servers.secure!.url], env: () => ({ NATS_CA: tls.ca, NATS_CERT: tls.clientCert, NATS_KEY: tls.clientKey }) },
  { name: "a context with cert, key and ca", server: "secure", args: () => ["--context", "tls"], context: () => ({ url: servers.secure!.url, cert: tls.clientCert, key: tls.clientKey, ca: tls.ca }) },
];

describe("streams apply logs in to a secured server", () => {
  it.each(logsIn)("$name", async (c) => {
    rmSync(join(dir, "config"), { recursive: true, force: true });
    if (c.context) saveContext(c.args()[1] ?? "selected", c.context(), c.selected);
    const r = await run([...apply, ...c.args()], c.env?.() ?? {});
    expect(r.err, servers[c.server]!.logs()).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\d+ applied, \d+ unchanged, 0 error/);
  });
});

describe("dlq takes the same connection options", () => {
  it("dlq list --creds", async () => {
    await run([...apply, "--server", servers.operator!.url, "--creds", creds]);
    const r = await run(["dlq", "list", "--server", servers.operator!.url, "--creds", creds]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });
});

interface Refusal {
  name: string;
  args: () => string[];
  want: RegExp;
  secret?: string;
}

const refused: Refusal[] = [
  { name: "a wrong password in the URL", args: () => ["--server", `nats://jetschema-admin:wrong-${TOKEN}@${hostPort(servers.users!)}`], want: /cannot connect to NATS at nats:\/\/jetschema-admin:\*\*\*@127\.0\.0\.1:\d+: .*Authorization Violation/, secret: `wrong-${TOKEN}` },
  { name: "a wrong password given with --password", args: () => ["--server", servers.users!.url, "--user", "jetschema-admin", "--password", `wrong-${TOKEN}`], want: /Authorization Violation/, secret: `wrong-${TOKEN}` },
  { name: "no credentials", args: () => ["--server", servers.users!.url], want: /Authorization Violation/ },
  { name: "a wrong token in the URL", args: () => ["--server", `nats://not-${TOKEN}@${hostPort(servers.token!)}`], want: /at nats:\/\/\*\*\*@127/, secret: `not-${TOKEN}` },
  { name: "TLS without a client certificate", args: () => ["--server", servers.secure!.url, "--tlsca", tls.ca], want: /cannot connect to NATS/ },
  { name: "a missing creds file", args: () => ["--server", servers.operator!.url, "--creds", join(dir, "missing.creds")], want: /--creds .*missing\.creds: no such file/ },
  { name: "an unknown context", args: () => ["--context", "nowhere"], want: /nats context "nowhere" not found/ },
  { name: "no server at all", args: () => [], want: /no NATS server: give --server/ },
];

describe("a refused login exits 2 and never prints the secret", () => {
  it.each(refused)("$name", async (c) => {
    rmSync(join(dir, "config"), { recursive: true, force: true });
    const r = await run([...apply, ...c.args()], { NATS_URL: "" });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(c.want);
    expect(r.err).not.toContain("    at "); // no stack trace
    if (c.secret) expect(r.out + r.err).not.toContain(c.secret);
  });
});
