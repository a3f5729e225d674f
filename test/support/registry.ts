/**
 * A RegistryDescriptor written by hand, as a generated package would hand it to the runtime,
 * with validators compiled by ajv at run time (generated code uses ajv standalone output instead).
 *
 * Events:
 *  - position.admitted@1 (latest minor 1.1) → stream POSITION_EVENTS
 *  - audit.recorded@1 (1.0)                 → stream AUDIT_EVENTS
 *  - queue.heartbeat@1 (1.0), at-most-once  → core NATS, no stream
 * Envelope: CloudEvents-like; context `queue_id` (required), `tenant` (optional),
 * `specversion` (const "1.0", filled by the runtime); correlation/causation roles mapped.
 * Streams carry durations and sizes as strings; POSITION_EVENTS asks for 3 replicas, like a
 * production registry, so a single dev server needs `ensureStreams({ replicas: 1 })`.
 */
import { Ajv, type AnySchema } from "ajv";
import addFormatsModule from "ajv-formats";
import type { CompiledValidator, RegistryDescriptor } from "../../runtime/src/index.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

export function compile(schema: AnySchema): CompiledValidator {
  return ajv.compile(schema) as unknown as CompiledValidator;
}

const admitted10 = {
  type: "object",
  required: ["position_id", "session_id", "wait_time_seconds"],
  additionalProperties: false,
  properties: {
    position_id: { type: "string", minLength: 1 },
    session_id: { type: "string", minLength: 1 },
    wait_time_seconds: { type: "integer", minimum: 0 },
    queue_length_after: { type: "integer", minimum: 0 },
  },
};
const admitted11 = {
  ...admitted10,
  properties: { ...admitted10.properties, priority: { type: "string", enum: ["normal", "vip"] } },
};
const audit10 = {
  type: "object",
  required: ["action", "actor"],
  properties: { action: { type: "string" }, actor: { type: "string", format: "email" } },
};
const heartbeat10 = {
  type: "object",
  required: ["queue_length"],
  properties: { queue_length: { type: "integer", minimum: 0 } },
};
const envelopeSchema = {
  type: "object",
  required: ["id", "type", "timestamp", "version", "source", "data", "specversion", "queue_id"],
  additionalProperties: false,
  properties: {
    id: { type: "string", minLength: 1 },
    type: { type: "string" },
    timestamp: { type: "string", format: "date-time" },
    version: { type: "string", pattern: "^\\d+\\.\\d+$" },
    source: { type: "string", minLength: 1 },
    specversion: { const: "1.0" },
    queue_id: { type: "string", minLength: 1 },
    tenant: { type: "string" },
    correlation_id: { type: "string" },
    causation_id: { type: "string" },
    data: { type: "object" },
  },
};

export interface TestRegistryOptions {
  /** Replicas the registry asks for on POSITION_EVENTS (default 3, as in production). */
  positionReplicas?: number;
}

export function testRegistry(options: TestRegistryOptions = {}): RegistryDescriptor {
  return {
    namespace: "waitingroom",
    envelope: {
      fields: {
        id: "id",
        type: "type",
        time: "timestamp",
        version: "version",
        source: "source",
        data: "data",
        correlation: "correlation_id",
        causation: "causation_id",
      },
      context: [
        { name: "specversion", required: true, const: "1.0" },
        { name: "queue_id", required: true },
        { name: "tenant", required: false },
      ],
      validate: compile(envelopeSchema),
    },
    events: {
      "position.admitted@1": {
        key: "position.admitted@1",
        name: "position.admitted",
        major: 1,
        version: "1.1",
        subject: "waitingroom.position.admitted.v1",
        type: "position.admitted",
        delivery: "at-least-once",
        stream: "POSITION_EVENTS",
        validators: { "1.0": compile(admitted10), "1.1": compile(admitted11) },
      },
      "audit.recorded@1": {
        key: "audit.recorded@1",
        name: "audit.recorded",
        major: 1,
        version: "1.0",
        subject: "waitingroom.audit.recorded.v1",
        type: "audit.recorded",
        delivery: "at-least-once",
        stream: "AUDIT_EVENTS",
        validators: { "1.0": compile(audit10) },
      },
      "queue.heartbeat@1": {
        key: "queue.heartbeat@1",
        name: "queue.heartbeat",
        major: 1,
        version: "1.0",
        subject: "waitingroom.queue.heartbeat.v1",
        type: "queue.heartbeat",
        delivery: "at-most-once",
        validators: { "1.0": compile(heartbeat10) },
      },
    },
    streams: [
      {
        name: "POSITION_EVENTS",
        subjects: ["waitingroom.position.*.v1"],
        description: "Queue positions",
        storage: "file",
        max_age: "168h",
        max_bytes: "1GB",
        max_msg_size: "1MB",
        duplicate_window: "2m",
        discard: "old",
        replicas: options.positionReplicas ?? 3,
      },
      {
        name: "AUDIT_EVENTS",
        subjects: ["waitingroom.audit.>"],
        retention: "limits",
        max_age: "30d",
        max_bytes: "512MB",
        max_msgs: 100_000,
        max_msgs_per_subject: 1_000,
      },
      { name: "DEAD_LETTER_QUEUE", subjects: ["waitingroom.dlq.>"], max_age: "30d" },
    ],
    consumers: [
      {
        name: "analytics-processor",
        stream: "POSITION_EVENTS",
        filter_subject: "waitingroom.position.>",
        deliver_policy: "all",
        ack_policy: "explicit",
        ack_wait: "30s",
        max_deliver: 5,
        backoff: ["1s", "5s", "30s"],
        max_ack_pending: 100,
      },
      {
        name: "audit-archiver",
        stream: "AUDIT_EVENTS",
        description: "Archives audit events",
        ack_wait: "1m",
        max_deliver: 10,
      },
      // Created by the consuming service itself: ensureStreams leaves it alone.
      { name: "live-dashboard", stream: "POSITION_EVENTS", durable: false, ack_policy: "none" },
    ],
    dlq: { stream: "DEAD_LETTER_QUEUE", subject: "waitingroom.dlq.{consumer}" },
  };
}

/** A valid position.admitted payload (1.1). */
export function admittedPayload(n = 1): Record<string, unknown> {
  return { position_id: `pos-${n}`, session_id: `sess-${n}`, wait_time_seconds: 300, queue_length_after: 1522 };
}

/**
 * Adds `queue.length@1`, a request-reply query (`{ queue_id }` answered by `{ length }`), to a
 * descriptor: the request-reply suites' one query.
 */
export function withQueueLengthQuery(registry: RegistryDescriptor): RegistryDescriptor {
  registry.events["queue.length@1"] = {
    key: "queue.length@1",
    name: "queue.length",
    major: 1,
    version: "1.0",
    subject: "waitingroom.query.queue.length",
    type: "queue.length",
    delivery: "at-most-once",
    pattern: "request-reply",
    validators: { "1.0": compile({ type: "object", required: ["queue_id"], properties: { queue_id: { type: "string", minLength: 1 } } }) },
    reply: compile({ type: "object", required: ["length"], properties: { length: { type: "integer", minimum: 0 } } }),
  };
  return registry;
}
