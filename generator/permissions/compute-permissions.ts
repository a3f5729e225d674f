/**
 * Least-privilege NATS permissions per service, from the registry: each service user may
 * publish only the subjects of the events it produces and subscribe only to its own inbox (and
 * to the at-most-once events it consumes), plus exactly the JetStream API subjects its publishes
 * and its consumers need (js-api.ts). The mapping is documented in docs/security.md.
 *
 * Credentials never come from the registry: a password is a reference to an environment
 * variable (`$WAITINGROOM_API_PASSWORD`), an nkey user's public key likewise
 * (`$WAITINGROOM_API_NKEY`); nats-server resolves them when it reads the configuration.
 */
import { deadLetterSubject } from "@jetschema/runtime";
import { Diagnostics } from "../base/diagnostics.js";
import type { RegistryModel } from "../model/registry-model.js";
import {
  ackSubjects,
  allAcks,
  allApi,
  consumerCreateEphemeral,
  consumerInfo,
  consumerNext,
  streamInfo,
  streamNames,
} from "./js-api.js";
import { serviceTraffic } from "./service-traffic.js";

export const RULE_SERVICE_NAMES_DISTINCT = "Service names give distinct credentials and inboxes";

/** One subject of an allow or deny list, with why it is there (printed as a comment). */
export interface SubjectGrant {
  subject: string;
  why: string[];
}

export interface SubjectPermissions {
  allow: SubjectGrant[];
  deny: SubjectGrant[];
}

export interface UserPermissions {
  /** The NATS user name: the service name, or the administrator's. */
  user: string;
  role: "service" | "admin";
  /** Environment variable holding the password: `WAITINGROOM_API_PASSWORD`. */
  passwordEnv: string;
  /** Environment variable holding the nkey public key (`--nkeys`): `WAITINGROOM_API_NKEY`. */
  nkeyEnv: string;
  /** The inbox prefix the service must connect with: `connect({ inboxPrefix })`. */
  inboxPrefix: string;
  publish: SubjectPermissions;
  subscribe: SubjectPermissions;
  /** Serves request-reply events: may publish one reply to each request's reply subject. */
  allowResponses?: { why: string[] };
}

export interface PermissionsOptions {
  /** The runtime subjectPrefix, already normalized ("" for none). */
  subjectPrefix?: string;
  /**
   * The environment's stream and consumer names on the server (the runtime's environmentNames
   * for subjectPrefix); default: the registry's own names. User names take the consumer form
   * (`prod-waitingroom-api`), so several environments' users fit in one configuration.
   */
  names?: { stream(name: string): string; consumer(name: string): string };
  /**
   * Add an administrator user of this name (`jetschema-admin` by default from the CLI):
   * provisioning (ensureStreams, `jetschema streams apply`) and `jetschema dlq`.
   */
  admin?: string;
}

export interface RegistryPermissions {
  namespace: string;
  /** The account name of the `accounts` format: the namespace, upper case. */
  account: string;
  users: UserPermissions[];
}

/** Throws RegistryError (registry.json diagnostics) when a service's traffic cannot be granted. */
export function computePermissions(model: RegistryModel, options: PermissionsOptions = {}): RegistryPermissions {
  const diagnostics = new Diagnostics();
  const prefix = options.subjectPrefix ?? "";
  const withPrefix = (subject: string) => (prefix === "" ? subject : `${prefix}.${subject}`);
  const streamName = options.names?.stream ?? ((name: string) => name);
  const consumerName = options.names?.consumer ?? ((name: string) => name);
  const userName = consumerName;
  const secretEnv = (name: string, what: "PASSWORD" | "NKEY") =>
    `${prefix === "" ? "" : `${prefix.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_`}${envName(namespace, name, what)}`;
  const namespace = model.config.namespace;
  const traffic = serviceTraffic(model, diagnostics);

  const users: UserPermissions[] = [];
  for (const service of traffic) {
    const pub = new Grants();
    const sub = new Grants();
    const denyPub = new Grants();
    const user = userName(service.name);
    const inboxPrefix = `_INBOX.${subjectToken(user)}`;
    sub.add(`${inboxPrefix}.>`, "its own inbox: publish acks, JetStream API replies, pulled messages");

    for (const m of service.publishes) {
      pub.add(withPrefix(m.subject), `publishes ${m.key}`);
      if (m.delivery === "at-least-once" && m.stream) {
        pub.add(streamInfo(streamName(m.stream)), `stream info of ${streamName(m.stream)}`);
        pub.add(streamNames(), 'tells "no stream" from "JetStream unavailable" after no responders');
      }
    }
    const serves: string[] = [];
    for (const m of service.consumes) {
      if (m.requestReply) {
        sub.add(withPrefix(m.subject), `serves ${m.key} (request-reply)`);
        serves.push(m.key);
      } else if (m.delivery === "at-most-once") sub.add(withPrefix(m.subject), `consumes ${m.key} (at-most-once, core NATS)`);
    }
    for (const c of service.consumers) {
      const stream = streamName(c.stream);
      const consumer = consumerName(c.name);
      pub.add(streamInfo(stream), `stream info of ${stream}`);
      if (c.durable === false) {
        // The server names an ephemeral consumer: every consumer name on the stream is allowed,
        // except the durable consumers, which belong to other services.
        pub.add(consumerCreateEphemeral(stream), `creates its ephemeral consumer ${c.name}`);
        pub.add(consumerInfo(stream, "*"), `consumer info of its ephemeral consumer ${c.name}`);
        pub.add(consumerNext(stream, "*"), `pulls from its ephemeral consumer ${c.name}`);
        pub.add(ackSubjects(stream, "*"), `acks what its ephemeral consumer ${c.name} delivers`);
        for (const other of model.consumers.filter((o) => o.stream === c.stream && o.durable !== false)) {
          if (service.consumers.includes(other)) continue;
          denyPub.add(consumerNext(stream, consumerName(other.name)), `durable consumer ${other.name} belongs to another service`);
          denyPub.add(ackSubjects(stream, consumerName(other.name)), `durable consumer ${other.name} belongs to another service`);
        }
      } else {
        pub.add(consumerInfo(stream, consumer), `binds to consumer ${consumer}`);
        pub.add(consumerNext(stream, consumer), `pulls from consumer ${consumer}`);
        pub.add(ackSubjects(stream, consumer), `acks, naks, terms and extends what ${consumer} delivers`);
      }
      if (model.dlq) {
        pub.add(
          withPrefix(deadLetterSubject(model.dlq, { namespace, consumer: c.name, stream: c.stream })),
          `dead letters of ${c.name} (stream ${streamName(model.dlq.stream)})`,
        );
        pub.add(streamNames(), 'tells "no stream" from "JetStream unavailable" after no responders');
      }
    }
    users.push({
      user,
      role: "service",
      passwordEnv: secretEnv(service.name, "PASSWORD"),
      nkeyEnv: secretEnv(service.name, "NKEY"),
      inboxPrefix,
      publish: { allow: pub.list(), deny: denyPub.list() },
      subscribe: { allow: sub.list(), deny: [] },
      // A reply goes to the requester's inbox, which no allow list names: nats-server lets a
      // responder publish one message to the reply subject of each request it received.
      ...(serves.length > 0 ? { allowResponses: { why: [`replies to ${serves.join(", ")}`] } } : {}),
    });
  }

  if (options.admin !== undefined) {
    const name = userName(options.admin);
    const pub = new Grants();
    pub.add(allApi(), "provisioning: streams and consumers (ensureStreams, jetschema streams apply), jetschema dlq");
    pub.add(allAcks(), "jetschema dlq list (reading the dead-letter stream)");
    for (const m of model.majors) pub.add(withPrefix(m.subject), `jetschema dlq replay: republishes ${m.key}`);
    const sub = new Grants();
    sub.add("_INBOX.>", "replies (the jetschema CLI connects with the default inbox prefix)");
    users.push({
      user: name,
      role: "admin",
      passwordEnv: secretEnv(options.admin, "PASSWORD"),
      nkeyEnv: secretEnv(options.admin, "NKEY"),
      inboxPrefix: "_INBOX",
      publish: { allow: pub.list(), deny: [] },
      subscribe: { allow: sub.list(), deny: [] },
    });
  }

  // Two services must not share a user, an environment variable or an inbox.
  for (const key of ["user", "passwordEnv", "inboxPrefix"] as const) {
    const seen = new Map<string, string>();
    for (const u of users) {
      const other = seen.get(u[key]);
      if (other !== undefined && !(key === "inboxPrefix" && u.role === "admin")) {
        diagnostics.error(
          "registry.json",
          "/services",
          RULE_SERVICE_NAMES_DISTINCT,
          `${u.role === "admin" ? "the administrator" : "service"} "${u.user}" and service "${other}" both map to ${key === "user" ? "the user" : key === "passwordEnv" ? "the environment variable" : "the inbox"} ${u[key]}; rename one`,
        );
      }
      seen.set(u[key], u.user);
    }
  }
  diagnostics.throwIfErrors(model.root);
  return { namespace, account: namespace.toUpperCase().replace(/[^A-Z0-9_]/g, "_"), users };
}

/**
 * `WAITINGROOM_API_PASSWORD` for service `waitingroom-api` in namespace `waitingroom`;
 * `WAITINGROOM_ANALYTICS_PROCESSOR_PASSWORD` for `analytics-processor` (the namespace is put in
 * front unless the service name already starts with it).
 */
export function envName(namespace: string, service: string, what: "PASSWORD" | "NKEY"): string {
  const upper = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  const ns = upper(namespace);
  const name = upper(service);
  const base = name === ns || name.startsWith(`${ns}_`) ? name : `${ns}_${name}`;
  return `${/^[0-9]/.test(base) ? `_${base}` : base}_${what}`;
}

/** A service name as one subject token: characters NATS does not allow in a token become `_`. */
export function subjectToken(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, "_") || "_";
}

/** Subjects, each with every reason it was added for. */
class Grants {
  private readonly map = new Map<string, string[]>();
  add(subject: string, why: string): void {
    const reasons = this.map.get(subject) ?? [];
    if (!reasons.includes(why)) reasons.push(why);
    this.map.set(subject, reasons);
  }
  /** Application subjects first, then the inbox, then the JetStream API; each group sorted. */
  list(): SubjectGrant[] {
    const group = (s: string) => (s.startsWith("$JS.") ? 2 : s.startsWith("_INBOX") ? 1 : 0);
    return [...this.map]
      .map(([subject, why]) => ({ subject, why }))
      .sort((a, b) => group(a.subject) - group(b.subject) || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
  }
}
