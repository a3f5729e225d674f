/**
 * `events.consume(consumer, handlers, options)`: binds to the registry's durable pull consumer
 * (created by ensureStreams), assembles the middleware chain and starts a Supervisor (the pull,
 * restarts, statuses, stop) feeding a Scheduler (queue, concurrency, dispatch).
 *
 * Chain, outermost first:
 *   metrics? → retry/backoff → dead-letter → decode → subject contract → validate → idempotency?
 *     → handler timeout → your middleware → handler
 * decode reads structured and (CloudEvents registries) binary-mode messages alike.
 * A message that leaves the chain unsettled is acked.
 */
import {
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerInfo,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConsumerSpec, RegistryDescriptor } from "../base/descriptor.js";
import { createDeadLetterWriter } from "../dlq/write-dead-letter.js";
import { binaryCodec } from "../envelope/cloudevents-binary.js";
import { environmentNames } from "../base/environment.js";
import { desiredConsumerConfig } from "../provision/desired-config.js";
import { DEFAULT_RETRY } from "../publish/retry-policy.js";
import { withPrefix } from "../base/subjects.js";
import { Supervisor } from "./supervisor.js";
import { DeliveryLimit } from "./delivery-limit.js";
import { decode } from "./middleware/decode.js";
import { ConsumerSetupError } from "./chain/errors.js";
import { deadLetter } from "./middleware/dead-letter.js";
import { handlerTimeout, handlerTimeoutStatus, resolveHandlerTimeout } from "./middleware/handler-timeout.js";
import { idempotency } from "./middleware/idempotency.js";
import { metrics } from "./middleware/metrics.js";
import { resolveRetry, retryBackoff } from "./middleware/retry-backoff.js";
import { subjectContract } from "./middleware/subject-contract.js";
import { validate } from "./middleware/validate.js";
import { compose } from "./chain/compose.js";
import { route } from "./routing/route-to-handler.js";
import { RouteTable } from "./routing/route-table.js";
import { tracingMiddleware } from "./middleware/tracing.js";
import type { ConsumeOptions, HandlerMap, Middleware, RunningConsumer } from "./chain/types.js";

export interface ConsumeDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: () => Promise<JetStreamManager>;
  registry: RegistryDescriptor;
  subjectPrefix: string;
  timeoutMs: number;
  tracing?: boolean;
}

/** Default time one dead-letter publish keeps retrying transient failures. */
export const DEAD_LETTER_DEADLINE_MS = 5_000;

export async function consumeEvents(
  deps: ConsumeDeps,
  consumerName: string,
  handlers: HandlerMap,
  options: ConsumeOptions = {},
): Promise<RunningConsumer> {
  const { registry } = deps;
  const spec = registry.consumers.find((c) => c.name === consumerName);
  if (!spec) {
    const known = registry.consumers.map((c) => c.name).join(", ") || "none";
    throw new ConsumerSetupError(`Unknown consumer "${consumerName}": registry.json defines ${known}`, consumerName);
  }
  const concurrency = options.concurrency ?? 1;
  const batch = options.batch ?? 100;
  const expires = options.expires ?? 30_000;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`Invalid concurrency ${concurrency}: expected an integer >= 1`);
  }
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`Invalid batch ${batch}: expected an integer >= 1`);
  if (!Number.isFinite(expires) || expires < 1_000) throw new RangeError(`Invalid expires ${expires}: expected ms >= 1000`);

  const timeoutMs = resolveHandlerTimeout(options.handlerTimeout);

  const routes = new RouteTable(registry, spec, handlers);
  const info = await bindConsumer(deps, spec);
  const config = info.config;
  const noAck = config.ack_policy === "none";
  const backoffMs = (config.backoff ?? []).map((ns) => ns / 1e6);
  const ackWaitMs = noAck ? 0 : Math.min(...[(config.ack_wait ?? 30e9) / 1e6, ...backoffMs]);

  const consumer = deps.js.consumers.getConsumerFromInfo(info);
  const scope = { consumer: spec.name, maxDeliver: config.max_deliver ?? -1, noAck };
  const limit = new DeliveryLimit(scope, async () => (await consumer.info()).config.max_deliver);

  let supervisor: Supervisor | undefined;
  const middleware: Middleware[] = [];
  if (options.metrics) middleware.push(metrics(options.metrics));
  middleware.push(retryBackoff(resolveRetry(options.retry, backoffMs)));
  if (options.deadLetter !== false && registry.dlq) {
    const dl = options.deadLetter ?? {};
    const writer = createDeadLetterWriter(
      {
        js: deps.js,
        jsm: deps.jsm,
        timeoutMs: dl.timeoutMs ?? deps.timeoutMs,
        retry: { ...DEFAULT_RETRY, deadlineMs: dl.deadlineMs ?? DEAD_LETTER_DEADLINE_MS },
        maxPayload: () => deps.nc.info?.max_payload,
      },
      { ...registry.dlq, stream: environmentNames(deps.subjectPrefix).stream(registry.dlq.stream) },
      { namespace: registry.namespace, consumer: spec.name, stream: spec.stream },
      deps.subjectPrefix,
    );
    middleware.push(
      deadLetter(writer, dl, {
        stopping: () => supervisor?.isStopping() ?? false,
        pause: (ms) => supervisor?.pauseUnlessStopping(ms) ?? Promise.resolve(),
        onError: (error, ctx) => supervisor?.reportError(error, ctx),
        confirmLimit: () => limit.confirm(),
      }),
    );
  }
  middleware.push(decode(registry.envelope.fields, routes, binaryCodec(registry.envelope)));
  middleware.push(subjectContract(Object.values(registry.events), deps.subjectPrefix));
  if (options.validate !== false) middleware.push(validate(registry.envelope, routes, options.validate ?? {}));
  if (options.idempotency) middleware.push(idempotency(options.idempotency));
  middleware.push(handlerTimeout(timeoutMs, (ctx, ms) => supervisor?.reportStatus(handlerTimeoutStatus(ctx, ms))));
  middleware.push(...(options.middleware ?? []));
  const tracing = deps.tracing ? await tracingMiddleware(spec.name, registry.envelope.cloudEvents !== undefined) : undefined;
  if (tracing) middleware.unshift(tracing);

  supervisor = new Supervisor({
    name: info.name,
    stream: info.stream_name,
    nc: deps.nc,
    consumer,
    chain: compose(middleware, route(routes, options.unhandled ?? "ack")),
    scope,
    concurrency,
    batch,
    expires,
    ackWaitMs: options.autoWorking === false ? 0 : ackWaitMs,
    onStatus: options.onStatus,
    onError: options.onError,
    onConsumerInfo: (fresh) => limit.learn(fresh.config.max_deliver),
  });
  await supervisor.start();
  return supervisor;
}

/**
 * The durable consumer must exist (ensureStreams or `jetschema streams apply` creates it); a
 * non-durable one (`durable: false`) is created here, ephemeral, from its registry config.
 */
async function bindConsumer(deps: ConsumeDeps, spec: ConsumerSpec): Promise<ConsumerInfo> {
  const jsm = await deps.jsm();
  const names = environmentNames(deps.subjectPrefix);
  const stream = names.stream(spec.stream);
  if (spec.durable === false) {
    const { durable_name: _durable, ...config } = desiredConsumerConfig(spec, { subjectPrefix: deps.subjectPrefix });
    return jsm.consumers.add(stream, { ...config, inactive_threshold: 5 * 60 * 1e9 });
  }
  const name = names.consumer(spec.name);
  try {
    const info = await jsm.consumers.info(stream, name);
    const expected = spec.filter_subject ? withPrefix(deps.subjectPrefix, spec.filter_subject) : undefined;
    if (expected !== undefined && info.config.filter_subject && info.config.filter_subject !== expected) {
      throw new ConsumerSetupError(
        `consumer ${name} on stream ${stream} filters ${info.config.filter_subject} on the server but ` +
          `${expected} in the registry (subjectPrefix "${deps.subjectPrefix}"); run \`jetschema streams diff\``,
        spec.name,
      );
    }
    return info;
  } catch (err) {
    if (err instanceof JetStreamApiError) {
      if (err.code === JetStreamApiCodes.ConsumerNotFound || err.code === JetStreamApiCodes.StreamNotFound) {
        const what = err.code === JetStreamApiCodes.StreamNotFound ? `stream ${stream}` : `consumer ${name} on stream ${stream}`;
        throw new ConsumerSetupError(
          `consume("${spec.name}"): ${what} does not exist on the server. Create the streams and consumers ` +
            `from the registry first: call ensureStreams() at start-up, or run \`jetschema streams apply --server <url>\`.`,
          spec.name,
          { cause: err },
        );
      }
    }
    throw err;
  }
}
