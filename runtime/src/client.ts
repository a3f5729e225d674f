/**
 * createEventClient: what a generated package's `createEvents(nc, options)` returns, before the
 * typed wrappers. Synchronous on purpose (the usage snippet does not await it); the JetStream
 * manager is created on first use.
 */
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { consumeEvents } from "./consume/consume.js";
import { requestEvent } from "./request/request-event.js";
import { serveEvent, type RequestHandler, type Responder, type ServeOptions } from "./request/serve-event.js";
import type { ConsumeOptions, HandlerMap, RunningConsumer } from "./consume/chain/types.js";
import type { ConsumerSpec, ContentMode, RegistryDescriptor, StreamSpec } from "./base/descriptor.js";
import { resolveWireFormat } from "./envelope/content-mode.js";
import type { EventContext } from "./envelope/build-envelope.js";
import { lookupEvent } from "./publish/prepare-message.js";
import { publishEvent } from "./publish/publish-event.js";
import { publishMany, type PublishManyOptions } from "./publish/publish-many.js";
import { DEFAULT_ACK_TIMEOUT_MS, resolveRetryPolicy, type RetryPolicy } from "./publish/retry-policy.js";
import type {
  PublisherDeps,
  PublishManyItem,
  PublishManyResult,
  PublishOptions,
  PublishResult,
} from "./publish/types.js";
import type { ApplyResult } from "./provision/apply.js";
import { ensureStreams, type EnsureStreamsOptions } from "./provision/ensure-streams.js";
import { planStreams } from "./provision/plan.js";
import type { Plan } from "./provision/plan-types.js";
import { environmentNames } from "./base/environment.js";
import { normalizeSubjectPrefix, withPrefix } from "./base/subjects.js";
import { tracedSend } from "./tracing/spans.js";

export interface EventClientOptions {
  /** The envelope's `source`: the publishing service. */
  source: string;
  /**
   * The environment: a prefix for every subject, stream subject and consumer filter ("prod" →
   * "prod.<subject>"), and for stream and durable consumer names (`prod_ORDERS`,
   * `prod-billing`), so several environments can share one NATS account.
   */
  subjectPrefix?: string;
  /** Ack timeout of one publish attempt in ms (default 5000; never beyond the retry deadline). */
  timeoutMs?: number;
  /** Retry of transient failures (defaults: deadline 30 s, first pause 50 ms, pauses up to 1 s). */
  retry?: Partial<RetryPolicy>;
  /**
   * CloudEvents registries only: publish in `"structured"` mode (the whole event as JSON in the
   * body) or `"binary"` mode (attributes as `ce-*` headers, the payload as the body). Default:
   * registry.json `envelope.cloudevents.mode`. Consumers read both modes whatever this says.
   */
  contentMode?: ContentMode;
  /**
   * OpenTelemetry spans and W3C trace context for publish, consume, request and serve, when the
   * application has `@opentelemetry/api` installed (an optional peer dependency). Default true;
   * false turns them off for this client.
   */
  tracing?: boolean;
}

export interface EventClient {
  /** Validates, wraps in the envelope and publishes `key` (`"position.admitted@1"`). */
  publish(key: string, data: unknown, context?: EventContext, options?: PublishOptions): Promise<PublishResult>;
  /** Publishes many with at most `window` acks in flight; one result per item, in order. */
  publishMany(items: readonly PublishManyItem[], options?: PublishManyOptions): Promise<PublishManyResult[]>;
  /** Creates or updates every stream, then every durable consumer, of the registry. Idempotent. */
  ensureStreams(options?: EnsureStreamsOptions): Promise<ApplyResult>;
  /** What ensureStreams would change, without changing it. */
  planStreams(options?: EnsureStreamsOptions): Promise<Plan>;
  /**
   * Consumes with the registry's consumer `consumer`: handlers keyed by the envelope's type,
   * validated, acked on success, retried with backoff, dead-lettered when hopeless.
   */
  consume(consumer: string, handlers: HandlerMap, options?: ConsumeOptions): Promise<RunningConsumer>;
  /** Sends a request-reply event and resolves to the validated reply envelope (payload in its data field). */
  request(key: string, data: unknown, context?: EventContext, options?: PublishOptions): Promise<unknown>;
  /** Answers a request-reply event: one handler, replies validated before they are sent. */
  serve(key: string, handler: RequestHandler, options?: ServeOptions): Responder;
  /** The published subject of `key`, prefix included. */
  subject(key: string): string;
  /** The registry's streams as this client's environment names them: prefixed names and subjects. */
  readonly streams: readonly StreamSpec[];
  /** The registry's consumers as this client's environment names them: prefixed names, streams and filters. */
  readonly consumers: readonly ConsumerSpec[];
  readonly registry: RegistryDescriptor;
  readonly subjectPrefix: string;
  /** The content mode this client publishes in. */
  readonly contentMode: ContentMode;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  /** The JetStream manager (created on first call, then reused). */
  jsm(): Promise<JetStreamManager>;
}

export function createEventClient(
  nc: NatsConnection,
  registry: RegistryDescriptor,
  options: EventClientOptions,
): EventClient {
  if (!options?.source) throw new TypeError("createEventClient: options.source (the publishing service) is required");
  const subjectPrefix = normalizeSubjectPrefix(options.subjectPrefix);
  const names = environmentNames(subjectPrefix);
  const timeoutMs = options.timeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`Invalid timeoutMs ${timeoutMs}: expected a number of milliseconds > 0`);
  }
  const js = jetstream(nc, { timeout: timeoutMs });
  let manager: Promise<JetStreamManager> | undefined;
  // checkAPI: false: no round trip at creation; the first real request reports a missing JetStream.
  const jsm = () => (manager ??= jetstreamManager(nc, { checkAPI: false, timeout: timeoutMs }));

  const wire = resolveWireFormat(registry.envelope, options.contentMode);
  const deps: PublisherDeps = {
    nc,
    js,
    jsm,
    registry,
    source: options.source,
    subjectPrefix,
    names,
    timeoutMs,
    retry: resolveRetryPolicy(options.retry),
    wire,
    tracing: options.tracing ?? true,
  };
  // Bound rather than wrapped in an arrow: a bound function adds no stack frame, and every frame
  // above js.publish is captured twice per publish by nats.js (see publish-event.ts).
  const boundPublish: (key: string, data: unknown, context?: EventContext, opts?: PublishOptions) => Promise<PublishResult> =
    publishEvent.bind(undefined, deps);
  const publish = deps.tracing ? tracedSend(boundPublish, deps) : boundPublish;
  const request = deps.tracing
    ? tracedSend((key, data, context, opts) => requestEvent(deps, key, data, context, opts), deps, true)
    : (key: string, data: unknown, context?: EventContext, opts?: PublishOptions) => requestEvent(deps, key, data, context, opts);
  const provision = (opts: EnsureStreamsOptions = {}) => ({ ...opts, subjectPrefix });

  return {
    publish,
    publishMany: (items, opts) =>
      publishMany((item) => publish(item.key, item.data, item.context, item.options), items, opts),
    ensureStreams: async (opts) => ensureStreams(await jsm(), registry, provision(opts)),
    planStreams: async (opts) => planStreams(await jsm(), registry, provision(opts)),
    consume: (consumer, handlers, opts) => consumeEvents(deps, consumer, handlers, opts),
    request,
    serve: (key, handler, opts) => serveEvent(deps, key, handler, opts),
    subject: (key) => withPrefix(subjectPrefix, lookupEvent(registry, key).subject),
    streams: registry.streams.map((s) => ({
      ...s,
      name: names.stream(s.name),
      subjects: s.subjects.map((x) => withPrefix(subjectPrefix, x)),
    })),
    consumers: registry.consumers.map((c) => ({
      ...c,
      name: names.consumer(c.name),
      stream: names.stream(c.stream),
      ...(c.filter_subject === undefined ? {} : { filter_subject: withPrefix(subjectPrefix, c.filter_subject) }),
    })),
    registry,
    subjectPrefix,
    contentMode: wire.mode,
    nc,
    js,
    jsm,
  };
}
