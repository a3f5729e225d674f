/**
 * Reads a nats CLI context (`nats context save NAME ...`): `<config>/nats/context/NAME.json`, where
 * `<config>` is `$XDG_CONFIG_HOME` or `~/.config`, the selected one named in `<config>/nats/context.txt`.
 * Field names are those of the nats CLI (jsm.go natscontext); jetschema uses the connection ones.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The connection fields of a context file; every one optional, as in the nats CLI. */
export interface NatsContext {
  url?: string;
  user?: string;
  password?: string;
  token?: string;
  creds?: string;
  nkey?: string;
  cert?: string;
  key?: string;
  ca?: string;
  inbox_prefix?: string;
}

const STRING_FIELDS = ["url", "user", "password", "token", "creds", "nkey", "cert", "key", "ca", "inbox_prefix"] as const;
const PATH_FIELDS = new Set<string>(["creds", "nkey", "cert", "key", "ca"]);
/** Fields the nats CLI resolves through other tools (nsc, Windows cert stores): refused, not ignored. */
const UNSUPPORTED_FIELDS = ["nsc", "user_jwt", "user_seed", "windows_cert_store", "socks_proxy"] as const;
const MAX_CONTEXT_BYTES = 64 * 1024;

export class NatsContextError extends Error {
  override name = "NatsContextError";
}

export function natsConfigDir(env: NodeJS.ProcessEnv): string {
  const xdg = env["XDG_CONFIG_HOME"];
  return join(xdg ? xdg : join(env["HOME"] || homedir(), ".config"), "nats");
}

/** The context the user chose with `nats context select`, if any. */
export function selectedContextName(env: NodeJS.ProcessEnv): string | undefined {
  const file = join(natsConfigDir(env), "context.txt");
  if (!existsSync(file)) return undefined;
  const name = readFileSync(file, "utf8").trim();
  return name === "" ? undefined : name;
}

export function readNatsContext(name: string, env: NodeJS.ProcessEnv): NatsContext {
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith(".")) {
    throw new NatsContextError(`nats context "${name}": a context name is letters, digits, "_", "-" and "."`);
  }
  const file = join(natsConfigDir(env), "context", `${name}.json`);
  if (!existsSync(file)) throw new NatsContextError(`nats context "${name}" not found: there is no ${file}`);
  if (statSync(file).size > MAX_CONTEXT_BYTES) throw new NatsContextError(`${file}: larger than ${MAX_CONTEXT_BYTES} bytes, not a nats context`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new NatsContextError(`${file}: not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new NatsContextError(`${file}: expected a JSON object`);
  }
  const record = parsed as Record<string, unknown>;
  const context: NatsContext = {};
  for (const field of STRING_FIELDS) {
    const value = record[field];
    if (value === undefined || value === null || value === "") continue;
    if (typeof value !== "string") throw new NatsContextError(`${file}: /${field} must be a string`);
    context[field] = PATH_FIELDS.has(field) ? expandHome(value, env) : value;
  }
  for (const field of UNSUPPORTED_FIELDS) {
    const value = record[field];
    if (value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0)) {
      throw new NatsContextError(`${file}: /${field} is not supported by jetschema; use creds, nkey or user and password`);
    }
  }
  return context;
}

function expandHome(value: string, env: NodeJS.ProcessEnv): string {
  return value.startsWith("~/") ? join(env["HOME"] || homedir(), value.slice(2)) : value;
}
