/**
 * The few interfaces consume is built from (Watermill style):
 *
 *  - MessageContext: one delivered message, what is known about it so far, and how to settle it;
 *  - Handler: does something with a context (the innermost one calls the user's EventHandler);
 *  - Middleware: wraps a Handler in another; each behaviour (validate, retry/backoff, dead-letter,
 *    idempotency, metrics) is one Middleware in a file of its own under middleware/.
 *
 * A message that leaves the chain without being settled is acked; a chain that throws leaves the
 * message to the retry middleware (nak with backoff) or, without it, to a plain nak.
 */
import type { JsMsg } from "@nats-io/jetstream";
import type { EventDescriptor } from "../../base/descriptor.js";

/**
 * How a message ended:
 * - `handled`: a handler ran and returned; acked.
 * - `skipped`: acked without running a handler (no handler for its type, or a duplicate).
 * - `retry`: nak'ed (with a delay); JetStream delivers it again.
 * - `dead-lettered`: copied to the dead-letter stream, then term'ed.
 * - `abandoned`: left unsettled (stop() while a dead letter could not be written); JetStream
 *   redelivers it after ack_wait unless its deliveries are exhausted.
 */
export type Outcome = "handled" | "skipped" | "retry" | "dead-lettered" | "abandoned";

/** Why a message went to the dead-letter stream (the `Dlq-Reason` header). */
export type DeadLetterReason =
  | "undecodable"
  | "invalid"
  | "unknown-type"
  /** The envelope's event (type and major) is published on another subject than the one it came on. */
  | "subject-mismatch"
  | "unhandled"
  | "max-deliver";

export interface MessageContext<E = Record<string, unknown>> {
  /** The JetStream message as delivered. */
  readonly msg: JsMsg;
  /** The consumer's name (`analytics-processor`). */
  readonly consumer: string;
  /** The subject the message was published on (runtime prefix included). */
  readonly subject: string;
  /** The stream holding the message. */
  readonly stream: string;
  readonly streamSequence: number;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  /** The consumer's max_deliver; -1 when unlimited. */
  readonly maxDeliver: number;
  /** True when JetStream will not deliver this message again if it is not acked now. */
  readonly lastDelivery: boolean;
  /** `Date.now()` when the message arrived in this process. */
  readonly receivedAt: number;

  /** The decoded envelope (set by decode; typed for handlers). */
  event: E;
  /** The envelope's id, type and version fields (set by decode). */
  eventId: string | undefined;
  type: string | undefined;
  version: string | undefined;
  /** The registry event of `type` at the major of `version` (set by decode). */
  descriptor: EventDescriptor | undefined;
  /** The minor the payload was validated against (set by validate). */
  validatedAs: string | undefined;

  /** How the message ended, once settled; undefined while in progress. */
  outcome: Outcome | undefined;
  /** The error that made the message fail, if any. */
  error: unknown;
  /** Set when the message was dead-lettered. */
  deadLetterReason: DeadLetterReason | undefined;
  readonly settled: boolean;
  /**
   * Aborted when the consumer gives up on this attempt while the handler may still run: the
   * handler timed out (`signal.reason` is a HandlerTimeoutError), `stop({ timeoutMs })` ran out
   * of time, or the connection was closed under the consumer (a ConsumerStoppedError). Pass it to
   * cancellable work (`fetch`, `timers/promises`, database drivers) so an abandoned attempt stops
   * instead of running on beside the message's redelivery. Never aborted for an attempt that ends
   * by itself.
   */
  readonly signal: AbortSignal;

  /** Tells JetStream the message is still being worked on (resets its ack_wait). */
  working(): void;
  ack(outcome?: "handled" | "skipped"): void;
  /** Redeliver after `delayMs` (JetStream's own timing when absent). */
  nak(delayMs?: number): void;
  /** Never deliver again. */
  term(): void;
  /** Marks the message as left to JetStream's redelivery: nothing is sent. */
  abandon(): void;
  /**
   * Keeps the message while `task` runs in the background, outside the concurrency limit (the
   * handler slot is freed; auto-working keeps the message from being redelivered). The task
   * settles the message; one left unsettled when it ends is abandoned. Used by the dead-letter
   * middleware to retry a dead letter on the last delivery without blocking other messages.
   */
  hold(task: Promise<void>): void;
  /** The task passed to hold(), while held. */
  readonly held: Promise<void> | undefined;
}

export type Handler = (ctx: MessageContext) => void | Promise<void>;

export type Middleware = (next: Handler) => Handler;

/** A typed handler as the generated package declares it: the envelope, and the message context. */
export type EventHandler<E> = (event: E, ctx: MessageContext<E>) => void | Promise<void>;

/** Untyped handlers keyed by the envelope's type (`"position.admitted"`). */
export type HandlerMap = Record<string, EventHandler<any> | undefined>;

/** Problems of a running consumer worth telling its owner about. */
export type ConsumerStatus =
  /** No heartbeat from JetStream for `count` intervals (server down, network, consumer gone). */
  | { type: "heartbeats_missed"; consumer: string; count: number }
  /** The consumer was deleted on the server; consumption resumes if it is created again. */
  | { type: "consumer_deleted"; consumer: string; description: string }
  | { type: "consumer_not_found"; consumer: string; count: number }
  | { type: "stream_not_found"; consumer: string; stream: string }
  /** JetStream did not answer a pull (restarting, no quorum). */
  | { type: "no_responders"; consumer: string }
  /** A pull exceeded a server limit (max_waiting, max_request_batch, ...). */
  | { type: "exceeded_limits"; consumer: string; description: string }
  /** The connection to the server dropped; nats.js reconnects and the pull resumes by itself. */
  | { type: "disconnected"; consumer: string; server: string }
  | { type: "reconnected"; consumer: string; server: string }
  /** The pull loop ended on its own and is being started again. */
  | { type: "restarting"; consumer: string; error?: Error; attempt: number }
  /** The pull loop runs again after a restart. */
  | { type: "resumed"; consumer: string }
  /** A handler ran past `handlerTimeout`: its message is nak'ed (or dead-lettered on its last delivery). */
  | {
      type: "handler_timeout";
      consumer: string;
      stream: string;
      streamSequence: number;
      deliveryCount: number;
      eventType: string | undefined;
      eventId: string | undefined;
      timeoutMs: number;
    };

export interface RetryBackoffOptions {
  /** Nak delays by delivery (1st failure, 2nd, ...; the last repeats). Default: the consumer's `backoff`. */
  backoff?: Array<number | string>;
  /** Without a backoff list: first delay (default 1000 ms), doubled per delivery... */
  initialDelayMs?: number;
  /** ...up to this (default 60 000 ms). */
  maxDelayMs?: number;
}

export type PoisonPolicy = "dead-letter" | "retry";

export interface DeadLetterOptions {
  /** A body that is not a JSON object (default "dead-letter": at once). */
  undecodable?: PoisonPolicy;
  /** An envelope or payload that fails its schema (default "dead-letter"). */
  invalid?: PoisonPolicy;
  /** A type (or major) this package does not know (default "dead-letter"). */
  unknownType?: PoisonPolicy;
  /** An envelope that arrived on another subject than its event's (default "dead-letter"). */
  subjectMismatch?: PoisonPolicy;
  /** Ack timeout of one dead-letter publish attempt in ms (default: the client's timeoutMs). */
  timeoutMs?: number;
  /** How long one dead-letter publish retries transient failures (default 5000 ms). */
  deadlineMs?: number;
}

export interface ValidateOptions {
  /** Validate the envelope as well as the payload (default true). */
  envelope?: boolean;
}

/** Hooks called once per message with how long it took (ms, from the start of processing). */
export interface MetricsHooks {
  onHandled?(ctx: MessageContext, durationMs: number): void;
  /** A handler or middleware failed; the message will be delivered again. */
  onFailed?(ctx: MessageContext, error: unknown, durationMs: number): void;
  onDeadLettered?(ctx: MessageContext, reason: DeadLetterReason, error: unknown, durationMs: number): void;
  /** Acked without a handler: no handler for its type, or a duplicate (idempotency). */
  onSkipped?(ctx: MessageContext, durationMs: number): void;
}

/** Remembers which events were processed (idempotency middleware). */
export interface IdempotencyStore {
  has(key: string): boolean | Promise<boolean>;
  add(key: string): void | Promise<void>;
}

export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** The key of a message; default `<consumer>.<event id>`. */
  key?: (ctx: MessageContext) => string;
}

export interface ConsumeOptions {
  /** Handlers running at once (default 1, which keeps the stream's order). */
  concurrency?: number;
  /** Messages asked for per pull request (default 100). Also bounds local buffering. */
  batch?: number;
  /** Pull request expiry in ms (default 30 000; at least 1000). Heartbeats are half of it. */
  expires?: number;
  /** A known event without a handler: ack and skip it (default), or dead-letter it. */
  unhandled?: "ack" | "dead-letter";
  /** Validation against the message's own minor; `false` turns it off. */
  validate?: ValidateOptions | false;
  /** Nak delays after a failure. */
  retry?: RetryBackoffOptions;
  /** Dead-letter policy; `false`: no dead letters (failures are retried until max_deliver). */
  deadLetter?: DeadLetterOptions | false;
  /** Skip events already processed by this consumer. */
  idempotency?: IdempotencyOptions;
  metrics?: MetricsHooks;
  /**
   * How long a handler (with your middleware) may run: a duration ("30s", "5m") or ms. One still
   * running then is a failed attempt: nak'ed with backoff, dead-lettered on its last delivery,
   * reported as a `handler_timeout` status and to the metrics hooks. Default 5 minutes.
   */
  handlerTimeout?: number | string;
  /** Extra middleware, outermost first, between the built-in ones and the handler. */
  middleware?: Middleware[];
  /**
   * Call working() on messages that wait or run longer than half the consumer's ack_wait, so
   * JetStream does not redeliver them meanwhile (default true).
   */
  autoWorking?: boolean;
  /** Status problems: missed heartbeats, consumer deleted, restarts. */
  onStatus?(status: ConsumerStatus): void;
  /** Errors outside a handler (a failed dead-letter publish, an internal failure). */
  onError?(error: Error, ctx?: MessageContext): void;
}

export interface ConsumerStats {
  received: number;
  handled: number;
  skipped: number;
  retried: number;
  deadLettered: number;
  abandoned: number;
  inFlight: number;
  /** Received, not yet started. */
  buffered: number;
  /** Held in the background (a dead letter being retried). */
  held: number;
}

export interface StopOptions {
  /**
   * Give up waiting after this many ms: messages not yet started are nak'ed (delivered again at
   * once, to whoever pulls), running handlers are left to finish on their own. Default: wait.
   */
  timeoutMs?: number;
}

export interface RunningConsumer {
  readonly name: string;
  readonly stream: string;
  /**
   * Stops pulling, lets running handlers finish, handles the messages already received, sends
   * their acks (flushed), then resolves.
   */
  stop(options?: StopOptions): Promise<void>;
  /** Resolves once stopped; rejects if consumption ended on its own (connection closed). */
  readonly closed: Promise<void>;
  stats(): ConsumerStats;
}
