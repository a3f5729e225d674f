/**
 * The static description of a registry that a generated package hands to the runtime.
 * Generated code is data plus thin typed wrappers; every behaviour lives in the runtime.
 */

/** A precompiled (ajv standalone) validator: returns true, or false and sets `errors`. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string; keyword: string; params?: unknown }> | null;
}

export type Delivery = "at-least-once" | "at-most-once";

/** One major version of one event: what a `publish<Event>` helper sends. */
export interface EventDescriptor {
  /** Registry key, `position.admitted@1`. */
  key: string;
  /** Event name, `position.admitted`. */
  name: string;
  major: number;
  /** Latest minor of this major, as the envelope's version string: `"1.1"`. */
  version: string;
  /** Concrete subject without any runtime prefix: `waitingroom.position.admitted.v1`. */
  subject: string;
  /** The envelope's `type` value: `position.admitted`. */
  type: string;
  delivery: Delivery;
  /** Name of the stream whose subjects capture `subject` (undefined for core-only events). */
  stream?: string;
  /** Payload validators by minor version string (`"1.0"`, `"1.1"`); publish uses `version`. */
  validators: Record<string, CompiledValidator>;
  deprecated?: boolean;
  /** `request-reply`: sent with `request()` and answered by one `serve()` responder. */
  pattern?: "request-reply";
  /** Validates the reply of a request-reply event. */
  reply?: CompiledValidator;
}

/** How the envelope's properties are named; every other property is caller context. */
export interface EnvelopeFields {
  id: string;
  type: string;
  time: string;
  version: string;
  source: string;
  data: string;
  correlation?: string;
  causation?: string;
}

export interface ContextField {
  name: string;
  required: boolean;
  /** A const the runtime fills in itself (CloudEvents `specversion: "1.0"`). */
  const?: unknown;
  /** The schema's `default`: the runtime fills it when the caller gives no value. */
  default?: unknown;
}

/** CloudEvents content mode: the whole event as JSON in the body, or attributes as `ce-*` headers. */
export type ContentMode = "structured" | "binary";

/** Present when registry.json declares the envelope a CloudEvents 1.0 envelope (`envelope.cloudevents`). */
export interface CloudEventsDescriptor {
  /** The mode publishers use unless their client says otherwise. Consumers read both. */
  mode: ContentMode;
  /**
   * Attributes whose schema does not guarantee a string (an object `metadata`, an integer): in
   * binary mode their header value is their JSON text, parsed back when consumed. Every other
   * attribute's header is the string itself.
   */
  jsonAttributes: string[];
  /**
   * Whether the envelope schema takes the Distributed Tracing extension's members (`traceparent`,
   * `tracestate`) whatever trace context they carry, as the generator found it
   * (generator/model/envelope-members.ts): "accepted", sent without asking the validator again;
   * "refused", never sent. Absent (a hand-written descriptor, or members whose acceptance depends
   * on their values): publish validates the envelope with them.
   */
  traceExtension?: TraceExtensionVerdict;
}

export type TraceExtensionVerdict = "accepted" | "refused";

export interface EnvelopeDescriptor {
  fields: EnvelopeFields;
  context: ContextField[];
  cloudEvents?: CloudEventsDescriptor;
  /** Validates a whole envelope with `data` left open (an object). */
  validate: CompiledValidator;
  /**
   * Validates only the context properties (an object of them), when the envelope's constraints
   * are per property. Publish then checks the fields it fills itself once per event and source.
   */
  validateContext?: CompiledValidator;
}

/** Stream config as written in registry.json (durations and sizes still strings). */
export interface StreamSpec {
  name: string;
  subjects: string[];
  description?: string;
  retention?: "limits" | "interest" | "workqueue";
  storage?: "file" | "memory";
  max_msgs?: number;
  max_bytes?: number | string;
  max_age?: string | number;
  max_msg_size?: number | string;
  max_msgs_per_subject?: number;
  discard?: "old" | "new";
  /** With discard "new" and max_msgs_per_subject: a subject at its limit refuses new messages rather than deleting its oldest. */
  discard_new_per_subject?: boolean;
  duplicate_window?: string | number;
  replicas?: number;
  /** Store without acknowledging (streams that capture request-reply subjects). */
  no_ack?: boolean;
}

export interface ConsumerSpec {
  name: string;
  stream: string;
  description?: string;
  durable?: boolean;
  deliver_policy?: "all" | "last" | "new" | "last_per_subject";
  ack_policy?: "explicit" | "none" | "all";
  ack_wait?: string | number;
  max_deliver?: number;
  backoff?: Array<string | number>;
  filter_subject?: string;
  max_ack_pending?: number;
}

export interface DlqSpec {
  stream: string;
  /** Template with {namespace}, {consumer}, {stream}. */
  subject: string;
}

export interface RegistryDescriptor {
  namespace: string;
  envelope: EnvelopeDescriptor;
  /** Keyed by `name@major`. */
  events: Record<string, EventDescriptor>;
  streams: StreamSpec[];
  consumers: ConsumerSpec[];
  dlq?: DlqSpec;
}
