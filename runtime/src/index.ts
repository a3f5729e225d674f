/**
 * @jetschema/runtime: every behaviour behind a generated event package (envelope, publish with
 * retries and dedup, stream/consumer provisioning). Generated code passes a RegistryDescriptor.
 */
export type * from "./descriptor.js";

export { createEventClient, type EventClient, type EventClientOptions } from "./client.js";

export {
  NoStreamError,
  ProvisioningError,
  PublishError,
  RefusedChangeError,
  ReplicasError,
  ValidationError,
  type ValidationIssue,
} from "./errors.js";

export { durationToNanos, formatBytes, formatDurationNanos, parseDuration, parseSize } from "./durations.js";
export { normalizeSubjectPrefix, withPrefix } from "./subjects.js";

export { buildEnvelope, type BuiltEnvelope, type EnvelopeInput, type EventContext } from "./envelope/build-envelope.js";
export { buildHeaders, CONTENT_TYPE_HEADER, JSON_CONTENT_TYPE, MSG_ID_HEADER, type TraceContext } from "./envelope/headers.js";
export { escapePointerToken, toValidationIssues, validateWith } from "./envelope/issues.js";

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
