/**
 * Where each connection setting comes from (flag, then NATS_* variable, then nats context), how
 * credentials leave the URL, and that no secret survives in what may be shown. Logging in to real
 * servers is test/cli/secured-server.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveConnection, splitCredentials, type ConnectionFlags } from "../../generator/cli/connection-options.js";

const dir = mkdtempSync(join(tmpdir(), "jetschema-conn-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const contexts = join(dir, "nats", "context");
mkdirSync(contexts, { recursive: true });
writeFileSync(join(contexts, "prod.json"), JSON.stringify({ description: "prod", url: "nats://ctx:4222", user: "ctx-user", password: "ctx-pass", inbox_prefix: "_INBOX.ops" }));
writeFileSync(join(contexts, "nsc.json"), JSON.stringify({ url: "nats://x:4222", nsc: "nsc://op/acct/user" }));
writeFileSync(join(contexts, "bad.json"), JSON.stringify({ url: 4222 }));
const base = { XDG_CONFIG_HOME: dir };

describe("splitCredentials", () => {
  it.each([
    { given: "nats://127.0.0.1:4222", want: { url: "nats://127.0.0.1:4222", shown: "nats://127.0.0.1:4222" } },
    { given: "nats://admin:s%40cret@host:4222", want: { url: "nats://host:4222", shown: "nats://admin:***@host:4222", user: "admin", password: "s@cret" } },
    { given: "nats://tok@host:4222", want: { url: "nats://host:4222", shown: "nats://***@host:4222", user: "tok" } },
    { given: "admin:p@ss@host:4222", want: { url: "host:4222", shown: "admin:***@host:4222", user: "admin", password: "p@ss" } },
  ])("$given", ({ given, want }) => {
    expect(splitCredentials(given)).toEqual(want);
  });
});

interface Case {
  name: string;
  flags: ConnectionFlags;
  env?: Record<string, string>;
  want: Record<string, unknown>;
  shown?: string;
}

const cases: Case[] = [
  { name: "the flag wins over the variable", flags: { server: "nats://flag:4222" }, env: { NATS_URL: "nats://env:4222" }, want: { servers: ["nats://flag:4222"] } },
  { name: "NATS_URL when there is no flag", flags: {}, env: { NATS_URL: "nats://env:4222" }, want: { servers: ["nats://env:4222"] } },
  { name: "a comma-separated list of servers", flags: { server: "nats://a:4222, nats://b:4222" }, want: { servers: ["nats://a:4222", "nats://b:4222"] } },
  { name: "URL credentials become user and pass", flags: { server: "nats://u:p@h:1" }, want: { servers: ["nats://h:1"], user: "u", pass: "p" }, shown: "nats://u:***@h:1" },
  { name: "a URL user alone is a token", flags: { server: "nats://tok@h:1" }, want: { token: "tok" }, shown: "nats://***@h:1" },
  { name: "--user alone is a token, as in the nats CLI", flags: { server: "nats://h:1", user: "tok" }, want: { token: "tok" } },
  { name: "--user and --password win over the URL's", flags: { server: "nats://u:p@h:1", user: "v", password: "q" }, want: { user: "v", pass: "q" } },
  { name: "the context fills what flags and variables leave out", flags: { context: "prod" }, want: { servers: ["nats://ctx:4222"], user: "ctx-user", pass: "ctx-pass", inboxPrefix: "_INBOX.ops" } },
  { name: "a flag wins over the context", flags: { context: "prod", server: "nats://flag:1" }, want: { servers: ["nats://flag:1"], user: "ctx-user" } },
  { name: "NATS_CONTEXT names the context", flags: {}, env: { NATS_CONTEXT: "prod" }, want: { servers: ["nats://ctx:4222"] } },
  { name: "a tls:// URL asks for TLS", flags: { server: "tls://h:1" }, want: { tls: {} } },
];

describe("resolveConnection", () => {
  it.each(cases)("$name", async (c) => {
    const resolved = await resolveConnection(c.flags, { ...base, ...c.env });
    expect(resolved.options).toMatchObject(c.want);
    if (c.shown) expect(resolved.shown).toBe(c.shown);
  });

  it("redacts every secret it was given from a message", async () => {
    const resolved = await resolveConnection({ server: "nats://u:urlpass@h:1", user: "v", password: "flagpass", token: "tok3n" }, base);
    expect(resolved.redact("urlpass flagpass tok3n v")).toBe("*** *** *** v");
  });

  it.each([
    { name: "no server anywhere", flags: {}, want: /no NATS server/ },
    { name: "--password without --user", flags: { server: "nats://h:1", password: "p" }, want: /--password needs --user/ },
    { name: "--creds and --nkey together", flags: { server: "nats://h:1", creds: "a", nkey: "b" }, want: /one of --creds and --nkey/ },
    { name: "--tlscert without --tlskey", flags: { server: "nats://h:1", tlscert: "c" }, want: /--tlscert and --tlskey go together/ },
    { name: "a missing CA file", flags: { server: "nats://h:1", tlsca: join(dir, "none.pem") }, want: /--tlsca .*none\.pem: no such file/ },
    { name: "a context name with a path in it", flags: { context: "../prod" }, want: /a context name is letters/ },
    { name: "a context needing nsc", flags: { context: "nsc" }, want: /nsc.json: \/nsc is not supported/ },
    { name: "a context field of the wrong type", flags: { context: "bad" }, want: /bad.json: \/url must be a string/ },
  ])("refuses $name", async ({ flags, want }) => {
    await expect(resolveConnection(flags, base)).rejects.toThrow(want);
  });
});
