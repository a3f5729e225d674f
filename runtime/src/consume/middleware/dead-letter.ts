/**
 * Dead letters: a message that can never succeed (undecodable, schema-invalid, unknown type,
 * on another subject than its event's: at once, each configurable) or that failed on its last delivery (max_deliver) is written to
 * the dead-letter stream with its original bytes and Dlq-* headers, and only then term'ed.
 *
 * Nothing is lost when the dead-letter publish fails:
 *  - before the last delivery, the error goes on (the retry middleware naks; the message comes
 *    back and the dead letter is tried again);
 *  - on the last delivery a nak would not bring it back (JetStream stops at max_deliver), so the
 *    message is held in the background (ctx.hold: its handler slot is freed, auto-working keeps
 *    it) and the dead letter retried until it is written, then term'ed; if the consumer stops
 *    first, the message is abandoned, unsettled.
 * A dead letter refused for its size even as a reference (oversized.ts) can never be written:
 * it is not retried in the background; on the last delivery the message is abandoned at once.
 *
 * The last delivery is the one JetStream will not repeat, so what is nak'ed there is lost:
 *  - a failure that is not the last delivery by the limit last read is checked against the
 *    consumer's max_deliver as the server has it now (hooks.confirmLimit, delivery-limit.ts)
 *    before it goes on to be nak'ed: the limit may have been lowered while the consumer ran (a
 *    limit read within the last second needs no wait, so the chain stays synchronous);
 *  - a message the chain inside nak'ed itself (the handler's ctx.nak(), idempotency's copy in
 *    progress) on its last delivery is dead-lettered (`max-deliver`) after the nak: the nak ended
 *    it on the server, but its bytes are still here.
 */
import { isTooLargeToStore } from "../../dlq/oversized.js";
import type { DeadLetterWriter } from "../../dlq/write-dead-letter.js";
import { DeadLetterError, PoisonMessageError } from "../chain/errors.js";
import { isThenable } from "../chain/sync-or-async.js";
import type { DeadLetterOptions, DeadLetterReason, MessageContext, Middleware } from "../chain/types.js";

export interface DeadLetterHooks {
  /** True once the consumer is stopping: stop holding messages. */
  stopping(): boolean;
  /** Waits `ms`, or less if the consumer starts stopping meanwhile. */
  pause(ms: number): Promise<void>;
  onError(error: Error, ctx: MessageContext): void;
  /**
   * Undefined when `ctx.lastDelivery` already reads the consumer's max_deliver as the server has
   * it now (read within the last second), else a read of it that never rejects.
   */
  confirmLimit(): Promise<void> | undefined;
}

export function deadLetter(writer: DeadLetterWriter, options: DeadLetterOptions, hooks: DeadLetterHooks): Middleware {
  const policy = {
    undecodable: options.undecodable ?? "dead-letter",
    invalid: options.invalid ?? "dead-letter",
    "unknown-type": options.unknownType ?? "dead-letter",
    "subject-mismatch": options.subjectMismatch ?? "dead-letter",
    unhandled: "dead-letter",
  } as const;

  const reasonFor = (ctx: MessageContext, err: unknown): DeadLetterReason | undefined => {
    if (err instanceof PoisonMessageError && (policy[err.reason] === "dead-letter" || ctx.lastDelivery)) return err.reason;
    return ctx.lastDelivery ? "max-deliver" : undefined;
  };

  const failure = (ctx: MessageContext, reason: DeadLetterReason, cause: unknown) =>
    new DeadLetterError(
      `dead letter for ${ctx.stream} #${ctx.streamSequence} (${reason}) could not be written to ` +
        `${writer.subject}: ${(cause as Error).message}; the message was not acked`,
      writer.subject,
      { cause },
    );

  const written = (ctx: MessageContext, reason: DeadLetterReason) => {
    ctx.deadLetterReason = reason;
    // Nak'ed on its last delivery: there is nothing left to term, it will not come back.
    if (ctx.outcome === "retry") ctx.outcome = "dead-lettered";
    else ctx.term();
  };

  /** Last delivery: retry in the background until written or stopping. */
  const keepTrying = async (ctx: MessageContext, reason: DeadLetterReason, err: unknown): Promise<void> => {
    for (let attempt = 1; !hooks.stopping(); attempt++) {
      await hooks.pause(Math.min(5_000, 250 * 2 ** Math.min(attempt - 1, 5)));
      if (hooks.stopping()) break;
      try {
        await writer.write(ctx, reason, err, hooks.stopping);
        written(ctx, reason);
        return;
      } catch (cause) {
        hooks.onError(failure(ctx, reason, cause), ctx);
        if (isTooLargeToStore(cause)) break;
      }
    }
    ctx.abandon();
  };

  /**
   * A failure inside: dead-letter it if it is hopeless or on its last delivery (async: a
   * publish), else pass it on as it came, once the limit confirms it will be delivered again.
   */
  const failed = (ctx: MessageContext, err: unknown): Promise<void> => {
    if (ctx.settled || ctx.held) throw err;
    const reason = reasonFor(ctx, err);
    if (reason !== undefined) return deadLetterFor(ctx, reason, err);
    const confirming = hooks.confirmLimit();
    if (confirming === undefined) throw err;
    return confirming.then(() => {
      const confirmed = reasonFor(ctx, err);
      if (confirmed === undefined) throw err;
      return deadLetterFor(ctx, confirmed, err);
    });
  };

  /** The chain returned, having nak'ed the message itself: on its last delivery, dead-letter it. */
  const returned = (ctx: MessageContext): void | Promise<void> => {
    if (ctx.outcome !== "retry" || ctx.held !== undefined) return;
    if (ctx.lastDelivery) return deadLetterFor(ctx, "max-deliver", nakedOnLastDelivery(ctx));
    return hooks.confirmLimit()?.then(() => (ctx.lastDelivery ? deadLetterFor(ctx, "max-deliver", nakedOnLastDelivery(ctx)) : undefined));
  };

  const deadLetterFor = (ctx: MessageContext, reason: DeadLetterReason, err: unknown): Promise<void> => {
    ctx.error = err;
    return write(ctx, reason, err);
  };

  const write = async (ctx: MessageContext, reason: DeadLetterReason, err: unknown): Promise<void> => {
    try {
      await writer.write(ctx, reason, err, hooks.stopping);
    } catch (cause) {
      const error = failure(ctx, reason, cause);
      hooks.onError(error, ctx);
      if (!ctx.lastDelivery) throw error;
      if (isTooLargeToStore(cause)) {
        ctx.abandon();
        return;
      }
      ctx.hold(keepTrying(ctx, reason, err));
      return;
    }
    written(ctx, reason);
  };

  // Synchronous unless a dead letter is written, a failure or a nak waits for the limit, or the
  // chain inside is asynchronous (see sync-or-async.ts); a failure that is not a dead letter
  // leaves as it came, rejected.
  return (next) => (ctx) => {
    let result;
    try {
      result = next(ctx);
    } catch (err) {
      return failed(ctx, err);
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        () => returned(ctx),
        (err: unknown) => failed(ctx, err),
      );
    }
    return returned(ctx);
  };
}

function nakedOnLastDelivery(ctx: MessageContext): Error {
  const limit = ctx.maxDeliver > 0 && ctx.deliveryCount >= ctx.maxDeliver ? `delivery ${ctx.deliveryCount} of max_deliver ${ctx.maxDeliver}` : "ack policy none";
  return new Error(`nak'ed on its last delivery (${limit}): JetStream would not deliver it again`);
}
