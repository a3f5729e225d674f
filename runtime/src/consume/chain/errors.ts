/**
 * Errors of the consume side. A PoisonMessageError says a message can never succeed as it is
 * (so retrying is pointless); everything else a handler throws is treated as transient.
 */
import type { ValidationIssue } from "../../base/errors.js";
import type { DeadLetterReason } from "./types.js";

export type PoisonReason = Exclude<DeadLetterReason, "max-deliver">;

export class PoisonMessageError extends Error {
  override name = "PoisonMessageError";
  constructor(
    readonly reason: PoisonReason,
    message: string,
    /** Schema issues, for `invalid`. */
    readonly issues: ValidationIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The consumer is not in the registry, or not on the server. */
export class ConsumerSetupError extends Error {
  override name = "ConsumerSetupError";
  constructor(
    message: string,
    readonly consumer: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Writing a dead letter failed; the original message was not acked. */
export class DeadLetterError extends Error {
  override name = "DeadLetterError";
  constructor(
    message: string,
    /** The dead-letter subject. */
    readonly subject: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The consumer stopped while a handler still ran: `stop({ timeoutMs })` ran out of time, or the
 * connection was closed under it. The reason of that handler's `ctx.signal`.
 */
export class ConsumerStoppedError extends Error {
  override name = "ConsumerStoppedError";
  constructor(
    message: string,
    readonly consumer: string,
  ) {
    super(message);
  }
}
