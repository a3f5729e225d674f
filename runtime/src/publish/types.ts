import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { RegistryDescriptor } from "../base/descriptor.js";
import type { EnvironmentNames } from "../base/environment.js";
import type { WireFormat } from "../envelope/content-mode.js";
import type { EventContext } from "../envelope/build-envelope.js";
import type { TraceContext } from "../envelope/headers.js";
import type { RetryPolicy } from "./retry-policy.js";

/** Per-publish options. */
export interface PublishOptions extends TraceContext {
  /**
   * Event id (also `Nats-Msg-Id`). Default: a fresh UUID. Pass the id of an earlier attempt to
   * make an application-level retry idempotent: the stream drops the duplicate.
   */
  id?: string;
  /** Event time (default: now). */
  time?: Date | string;
  /** Sets the envelope's `correlation` role, if the registry maps one. */
  correlationId?: string;
  /** Sets the envelope's `causation` role, if the registry maps one. */
  causationId?: string;
  /** Ack timeout of each attempt in ms (default: the client's `timeoutMs`). */
  timeoutMs?: number;
}

/** What an at-least-once publish resolves to: where the stream stored the event. */
export interface PublishAck {
  id: string;
  stream: string;
  seq: number;
  /** True when the stream already held this id (a retry or a republish): stored once. */
  duplicate: boolean;
}

/** What an at-most-once (core NATS) publish resolves to: no ack exists. */
export interface CorePublishAck {
  id: string;
}

export type PublishResult = PublishAck | CorePublishAck;

/** Everything a publish needs from its client; built once by createEventClient. */
export interface PublisherDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: () => Promise<JetStreamManager>;
  registry: RegistryDescriptor;
  source: string;
  subjectPrefix: string;
  /** The environment's stream and consumer names (from subjectPrefix). */
  names: EnvironmentNames;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Structured or CloudEvents binary mode, resolved once by createEventClient. */
  wire?: WireFormat;
  /** OpenTelemetry spans when `@opentelemetry/api` is installed (tracing/spans.ts). */
  tracing?: boolean;
}

export interface PublishManyItem {
  key: string;
  data: unknown;
  context?: EventContext;
  options?: PublishOptions;
}

/** Per-item outcome of publishMany, in input order. */
export type PublishManyResult =
  | { ok: true; ack: PublishResult }
  | { ok: false; error: Error };
