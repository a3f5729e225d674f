/**
 * How every command that connects to NATS logs in, with the nats CLI's flag names and
 * environment variables, so an operator's existing set-up works unchanged. Each setting comes
 * from, in order: the flag, its environment variable, the nats context (`--context`, `NATS_CONTEXT`
 * or the selected one). Credentials written in the URL are taken out of it and used as
 * user/password (or token, when there is no password): nats.js ignores them in the URL.
 *
 * Secrets never reach output: `shown` is the URL with passwords and tokens replaced by `***`,
 * and `redact` removes every secret from a message (e.g. a connect error).
 */
import type { Command } from "commander";
import type { NodeConnectionOptions } from "@nats-io/transport-node";
import { existsSync, readFileSync, statSync } from "node:fs";
import { readNatsContext, selectedContextName, type NatsContext } from "./nats-context.js";

export interface ConnectionFlags {
  server?: string;
  user?: string;
  password?: string;
  token?: string;
  creds?: string;
  nkey?: string;
  tlscert?: string;
  tlskey?: string;
  tlsca?: string;
  inboxPrefix?: string;
  context?: string;
}

/** What to pass to `connect()`, the URL as it may be shown, and a scrubber for messages. */
export interface ResolvedConnection {
  options: NodeConnectionOptions;
  shown: string;
  redact(message: string): string;
}

export class ConnectionOptionsError extends Error {
  override name = "ConnectionOptionsError";
}

/** Adds the connection flags to a command (nats CLI names; each also read from its NATS_* variable). */
export function withConnectionOptions(cmd: Command): Command {
  return cmd
    .option("-s, --server <url>", "NATS server URLs, comma-separated; credentials in the URL are used (env NATS_URL)")
    .option("--user <user>", "user name, or a token when no password is given (env NATS_USER)")
    .option("--password <password>", "password (env NATS_PASSWORD)")
    .option("--token <token>", "authentication token (env NATS_TOKEN)")
    .option("--creds <file>", "user credentials file: JWT and nkey seed (env NATS_CREDS)")
    .option("--nkey <file>", "file holding the user's nkey seed (env NATS_NKEY)")
    .option("--tlscert <file>", "TLS client certificate (env NATS_CERT)")
    .option("--tlskey <file>", "TLS client private key (env NATS_KEY)")
    .option("--tlsca <file>", "TLS certificate authority to trust (env NATS_CA)")
    .option("--inbox-prefix <prefix>", "inbox prefix for replies, when the user may only read its own")
    .option("--context <name>", "a nats CLI context, ~/.config/nats/context/<name>.json (env NATS_CONTEXT)");
}

const ENV: Record<keyof Omit<ConnectionFlags, "context" | "inboxPrefix">, string> = {
  server: "NATS_URL",
  user: "NATS_USER",
  password: "NATS_PASSWORD",
  token: "NATS_TOKEN",
  creds: "NATS_CREDS",
  nkey: "NATS_NKEY",
  tlscert: "NATS_CERT",
  tlskey: "NATS_KEY",
  tlsca: "NATS_CA",
};

const FROM_CONTEXT: Record<keyof Omit<ConnectionFlags, "context">, keyof NatsContext> = {
  server: "url",
  user: "user",
  password: "password",
  token: "token",
  creds: "creds",
  nkey: "nkey",
  tlscert: "cert",
  tlskey: "key",
  tlsca: "ca",
  inboxPrefix: "inbox_prefix",
};

const MAX_KEY_FILE_BYTES = 64 * 1024;

export async function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConnection> {
  const contextName = flags.context ?? nonEmpty(env["NATS_CONTEXT"]) ?? selectedContextName(env);
  const context = contextName === undefined ? {} : readNatsContext(contextName, env);
  const pick = (key: keyof Omit<ConnectionFlags, "context">): string | undefined =>
    nonEmpty(flags[key]) ?? (key in ENV ? nonEmpty(env[ENV[key as keyof typeof ENV]]) : undefined) ?? nonEmpty(context[FROM_CONTEXT[key]]);

  const server = pick("server");
  if (server === undefined) {
    throw new ConnectionOptionsError("no NATS server: give --server <url>, set NATS_URL, or name a nats context with --context");
  }
  const urls = server.split(",").map((s) => s.trim()).filter(Boolean).map(splitCredentials);
  const inUrl = urls.find((u) => u.user !== undefined);

  let user = pick("user");
  let password = pick("password");
  let token = pick("token");
  if (user === undefined && password === undefined && token === undefined && inUrl) {
    ({ user, password } = inUrl);
  }
  if (user !== undefined && password === undefined && token === undefined) {
    token = user; // as the nats CLI: a user without a password is a token
    user = undefined;
  }
  if (password !== undefined && user === undefined) throw new ConnectionOptionsError("--password needs --user");

  const options: NodeConnectionOptions = { servers: urls.map((u) => u.url) };
  if (user !== undefined) Object.assign(options, { user, pass: password });
  if (token !== undefined) options.token = token;

  const creds = pick("creds");
  const nkey = pick("nkey");
  if (creds !== undefined && nkey !== undefined) throw new ConnectionOptionsError("give one of --creds and --nkey, not both");
  const secrets = [password, token, ...urls.map((u) => u.password)].filter((s): s is string => !!s);
  // transport-node is loaded only by commands that connect
  const { credsAuthenticator, nkeyAuthenticator } = await import("@nats-io/transport-node");
  if (creds !== undefined) options.authenticator = credsAuthenticator(new TextEncoder().encode(readKeyFile("--creds", creds)));
  if (nkey !== undefined) {
    const seed = readKeyFile("--nkey", nkey).trim();
    if (!/^SU[A-Z2-7]+$/.test(seed)) throw new ConnectionOptionsError(`--nkey ${nkey}: expected a user nkey seed (SU...)`);
    secrets.push(seed);
    options.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed));
  }

  const tlscert = pick("tlscert");
  const tlskey = pick("tlskey");
  const tlsca = pick("tlsca");
  if ((tlscert === undefined) !== (tlskey === undefined)) throw new ConnectionOptionsError("--tlscert and --tlskey go together");
  if (tlscert !== undefined || tlsca !== undefined || urls.some((u) => u.url.startsWith("tls://"))) {
    options.tls = {
      ...(tlscert !== undefined ? { certFile: existing("--tlscert", tlscert), keyFile: existing("--tlskey", tlskey!) } : {}),
      ...(tlsca !== undefined ? { caFile: existing("--tlsca", tlsca) } : {}),
    };
  }
  const inboxPrefix = pick("inboxPrefix");
  if (inboxPrefix !== undefined) options.inboxPrefix = inboxPrefix;

  return {
    options,
    shown: urls.map((u) => u.shown).join(","),
    redact: (message) => secrets.reduce((m, s) => m.split(s).join("***"), message),
  };
}

interface ServerUrl {
  url: string;
  shown: string;
  user?: string;
  password?: string;
}

/** `nats://user:pass@host:4222` → the URL without credentials, and the credentials (percent-decoded). */
export function splitCredentials(raw: string): ServerUrl {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)?(.*)@([^@]*)$/i.exec(raw);
  if (!match) return { url: raw, shown: raw };
  const [, scheme = "", userinfo = "", host = ""] = match;
  const colon = userinfo.indexOf(":");
  const url = scheme + host;
  if (colon < 0) return { url, shown: `${scheme}***@${host}`, user: decode(userinfo) };
  const user = decode(userinfo.slice(0, colon));
  return { url, shown: `${scheme}${userinfo.slice(0, colon)}:***@${host}`, user, password: decode(userinfo.slice(colon + 1)) };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function existing(flag: string, file: string): string {
  if (!existsSync(file)) throw new ConnectionOptionsError(`${flag} ${file}: no such file`);
  return file;
}

function readKeyFile(flag: string, file: string): string {
  existing(flag, file);
  if (statSync(file).size > MAX_KEY_FILE_BYTES) throw new ConnectionOptionsError(`${flag} ${file}: larger than ${MAX_KEY_FILE_BYTES} bytes`);
  return readFileSync(file, "utf8");
}
