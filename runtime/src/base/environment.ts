/**
 * Where the runtime `subjectPrefix` (an environment: "prod", "eu.staging") goes in JetStream's
 * names, so several environments share one NATS account: subjects get `prod.` in front (see
 * subjects.ts), streams `prod_` and durable consumers `prod-`. Dead letters follow: their
 * subject is prefixed and their stream is the environment's dead-letter stream.
 *
 * Stream and consumer names cannot hold `.`, `/` or `\`, so those become `_`, and the prefix's
 * tokens are joined by `_` (streams) or `-` (consumers): "eu.prod" → `eu_prod_ORDERS`,
 * `eu-prod-billing`. With no prefix every name is the registry's own.
 */
export interface EnvironmentNames {
  /** The normalized subject prefix ("" for none). */
  readonly prefix: string;
  /** The server name of the registry's stream `name`. */
  stream(name: string): string;
  /** The server (durable) name of the registry's consumer `name`. */
  consumer(name: string): string;
}

const NAME_UNSAFE = /[./\\\s*>]/g;

/** `prefix` must already be normalized (normalizeSubjectPrefix). */
export function environmentNames(prefix: string): EnvironmentNames {
  if (prefix === "") return { prefix, stream: (name) => name, consumer: (name) => name };
  const tokens = prefix.split(".").map((t) => t.replace(NAME_UNSAFE, "_"));
  const streamPrefix = `${tokens.join("_")}_`;
  const consumerPrefix = `${tokens.join("-")}-`;
  return { prefix, stream: (name) => streamPrefix + name, consumer: (name) => consumerPrefix + name };
}
