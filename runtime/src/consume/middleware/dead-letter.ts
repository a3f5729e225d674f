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
    ctx.term();
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

  /** A failure inside: dead-letter it if it is hopeless (async: a publish), else pass it on as it came. */
  const failed = (ctx: MessageContext, err: unknown): Promise<void> => {
    if (ctx.settled || ctx.held) throw err;
    const reason = reasonFor(ctx, err);
    if (reason === undefined) throw err;
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

  // Synchronous unless a dead letter is written or the chain inside is asynchronous
  // (see sync-or-async.ts); a failure that is not a dead letter leaves as it came, thrown or rejected.
  return (next) => (ctx) => {
    let result;
    try {
      result = next(ctx);
    } catch (err) {
      return failed(ctx, err);
    }
    if (isThenable(result)) return Promise.resolve(result).then(undefined, (err: unknown) => failed(ctx, err));
  };
}
