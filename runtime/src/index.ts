/**
 * @jetschema/runtime: every behaviour behind a generated event package (envelope, publish with
 * retries and dedup, typed consume with middleware and dead letters, stream/consumer
 * provisioning). Generated code passes a RegistryDescriptor.
 */
export type * from "./base/descriptor.js";

export { createEventClient, type EventClient, type EventClientOptions } from "./client.js";
export { lazyValidator } from "./base/lazy-validator.js";

export {
  NarrowingHeldError,
  NoStreamError,
  ProvisioningError,
  PublishError,
  RefusedChangeError,
  ReplicasError,
  ValidationError,
  type ValidationIssue,
} from "./base/errors.js";

export { durationToNanos, formatBytes, formatDurationNanos, parseDuration, parseSize } from "./base/durations.js";
export { normalizeSubjectPrefix, subjectMatches, withPrefix } from "./base/subjects.js";
export { environmentNames, type EnvironmentNames } from "./base/environment.js";

export { buildEnvelope, type BuiltEnvelope, type EnvelopeInput, type EventContext } from "./envelope/build-envelope.js";
export { buildHeaders, CONTENT_TYPE_HEADER, JSON_CONTENT_TYPE, MSG_ID_HEADER, type TraceContext } from "./envelope/headers.js";
export { escapePointerToken } from "./base/json-pointer.js";
export { toValidationIssues, validateWith } from "./envelope/issues.js";
export {
  BinaryDecodeError,
  CloudEventDecodeError,
  binaryCodec,
  CE_HEADER_PREFIX,
  CLOUDEVENTS_JSON_CONTENT_TYPE,
  decodeBinary,
  encodeBinary,
  isBinaryMessage,
  SPECVERSION_HEADER,
  type BinaryCodec,
} from "./envelope/cloudevents-binary.js";
export { decodeHeaderValue, encodeHeaderValue } from "./envelope/cloudevents-header-value.js";
export { decodeEnvelope } from "./envelope/decode-envelope.js";
export { resolveWireFormat, type WireFormat } from "./envelope/content-mode.js";

export { classifyPublishError, isNoResponders, type PublishFailureKind } from "./publish/classify-error.js";
export { DEFAULT_WINDOW, type PublishManyOptions } from "./publish/publish-many.js";
export { backoffDelay, DEFAULT_ACK_TIMEOUT_MS, DEFAULT_RETRY, type RetryPolicy } from "./publish/retry-policy.js";
export type {
  CorePublishAck,
  PublishAck,
  PublishManyItem,
  PublishManyResult,
  PublishOptions,
  PublishResult,
} from "./publish/types.js";

export { applyStreams, type ApplyOptions, type ApplyResult } from "./provision/apply.js";
export {
  desiredConsumerConfig,
  desiredStreamConfig,
  type DesiredConsumerConfig,
  type DesiredStreamConfig,
  type ProvisionOptions,
} from "./provision/desired-config.js";
export { diffStreams } from "./provision/diff.js";
export { ensureStreams, type EnsureStreamsOptions } from "./provision/ensure-streams.js";
export { CONSUMER_FIELDS, STREAM_FIELDS, type FieldRule } from "./provision/fields.js";
export { formatApplyResult, formatPlan } from "./provision/format-plan.js";
export { filterCovers, holdNarrowing, NARROWING_RULES, narrowingOf, type Narrowing, type NarrowingRule } from "./provision/narrowing.js";
export { planStreams, readServerState } from "./provision/plan.js";
export {
  consumerKey,
  type ConsumerPlanItem,
  type FieldChange,
  type Plan,
  type PlanAction,
  type PlanItem,
  type ServerState,
  type StreamPlanItem,
} from "./provision/plan-types.js";

export { consumeEvents, DEAD_LETTER_DEADLINE_MS, type ConsumeDeps } from "./consume/consume.js";
export { MessageContextImpl, type ContextScope } from "./consume/chain/context.js";
export { ConsumerSetupError, ConsumerStoppedError, DeadLetterError, PoisonMessageError, type PoisonReason } from "./consume/chain/errors.js";
export { compose } from "./consume/chain/compose.js";
export { route } from "./consume/routing/route-to-handler.js";
export { receivableEvents, RouteTable, type ValidatorChoice } from "./consume/routing/route-table.js";
export { decode } from "./consume/middleware/decode.js";
export { validate } from "./consume/middleware/validate.js";
export { subjectContract } from "./consume/middleware/subject-contract.js";
export { DEFAULT_NAK_DELAY, nakDelay, resolveRetry, retryBackoff, type ResolvedRetry } from "./consume/middleware/retry-backoff.js";
export { deadLetter, type DeadLetterHooks } from "./consume/middleware/dead-letter.js";
export { idempotency, IN_PROGRESS_RETRY_MS } from "./consume/middleware/idempotency.js";
export { metrics } from "./consume/middleware/metrics.js";
export {
  DEFAULT_HANDLER_TIMEOUT_MS,
  handlerTimeout,
  handlerTimeoutStatus,
  HandlerTimeoutError,
  resolveHandlerTimeout,
} from "./consume/middleware/handler-timeout.js";
export { LruIdempotencyStore, lruStore, type LruStoreOptions } from "./consume/middleware/stores/lru.js";
export {
  DEFAULT_IDEMPOTENCY_BUCKET,
  KvIdempotencyStore,
  kvKey,
  kvStore,
  type KvStoreOptions,
} from "./consume/middleware/stores/kv.js";
export type {
  ConsumeOptions,
  ConsumerStats,
  ConsumerStatus,
  DeadLetterOptions,
  DeadLetterReason,
  EventHandler,
  Handler,
  HandlerMap,
  IdempotencyOptions,
  IdempotencyStore,
  MessageContext,
  MetricsHooks,
  Middleware,
  Outcome,
  PoisonPolicy,
  RetryBackoffOptions,
  RunningConsumer,
  StopOptions,
  ValidateOptions,
} from "./consume/chain/types.js";

export { publishRaw, type RawPublishDeps, type RawPublishOptions } from "./publish/publish-raw.js";

export { DLQ_HEADER, REQUIRED_DLQ_HEADERS, buildDeadLetterHeaders, deadLetterMsgId, replayHeaders } from "./dlq/headers.js";
export { deadLetterFilter, deadLetterSubject } from "./dlq/subject.js";
export { createDeadLetterWriter, type DeadLetterWriter } from "./dlq/write-dead-letter.js";
export { listDeadLetters, parseSince, readDeadLetter, type DeadLetter, type DeadLetterQuery, type DlqRegistry } from "./dlq/list.js";
export { bodyBytes, plainHeaders, type BodyEncoding, type PlainHeaders } from "./dlq/plain-record.js";
export { replayDeadLetters, replayMsgId, type ReplayOptions, type ReplayResult } from "./dlq/replay.js";
export { formatDeadLetters, formatReplayResult } from "./dlq/format.js";

export { requestEvent } from "./request/request-event.js";
export { serveEvent, type RequestHandler, type Responder, type ServeOptions } from "./request/serve-event.js";
export { REPLY_ERROR_HEADER, RequestError } from "./request/reply-error.js";
export { isTooLargeToStore, omittedOriginal, referenceHeaders, sha256Hex, type OmittedOriginal } from "./dlq/oversized.js";
export { fetchOriginal } from "./dlq/fetch-original.js";
export { MAX_PARTS, MIN_PART_BYTES, PART_HEADER } from "./dlq/parts.js";
export type { DeadLetterParts } from "./dlq/gather-parts.js";
