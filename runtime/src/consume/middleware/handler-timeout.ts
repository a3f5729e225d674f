/**
 * Handler timeout: a handler (with the user's middleware around it) still running
 * `handlerTimeout` after it started is a failed attempt. Its chain rejects with a
 * HandlerTimeoutError, so the retry middleware naks it with backoff and the dead-letter
 * middleware writes it on the last delivery, exactly as if it had thrown; the stall is reported
 * at once (`onTimeout`: a `handler_timeout` status), and the handler's `ctx.signal` is aborted
 * with the same error. A handler that ignores the signal cannot be stopped: its promise is
 * abandoned, and whatever it settles later is ignored (the message already is).
 *
 * Why it exists: auto-working keeps a running handler's message alive past ack_wait, so without
 * a bound one handler that never settles holds its slot (with concurrency 1, the consumer) forever.
 *
 * Synchronous handlers stay synchronous (nothing to time: they have returned); an async one costs
 * one timer.
 */
import { parseDuration } from "../../base/durations.js";
import { MessageContextImpl } from "../chain/context.js";
import { isThenable } from "../chain/sync-or-async.js";
import type { ConsumerStatus, MessageContext, Middleware } from "../chain/types.js";

/** 5 min: ten times JetStream's default ack_wait (30 s); see runtime/README.md, "Handler timeout". */
export const DEFAULT_HANDLER_TIMEOUT_MS = 5 * 60_000;

/** The longest delay a Node.js timer can wait (about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class HandlerTimeoutError extends Error {
  override name = "HandlerTimeoutError";
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}

/** The option as milliseconds: a duration ("30s") or a number of ms, > 0 and within a timer's reach. */
export function resolveHandlerTimeout(value: number | string | undefined): number {
  if (value === undefined) return DEFAULT_HANDLER_TIMEOUT_MS;
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (err) {
    throw new RangeError(`Invalid handlerTimeout ${JSON.stringify(value)}: ${(err as Error).message}`);
  }
  if (!(ms > 0) || ms > MAX_TIMER_MS) {
    throw new RangeError(
      `Invalid handlerTimeout ${JSON.stringify(value)}: expected more than 0 and at most ${MAX_TIMER_MS} ms (about 24 days)`,
    );
  }
  return ms;
}

export function handlerTimeout(timeoutMs: number, onTimeout: (ctx: MessageContext, timeoutMs: number) => void): Middleware {
  return (next) => (ctx) => {
    const result = next(ctx);
    if (!isThenable(result)) return result;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        onTimeout(ctx, timeoutMs);
        const error = new HandlerTimeoutError(
          `the handler of ${ctx.type ?? "a message"} ${ctx.version ?? ""} (${ctx.stream} #${ctx.streamSequence}, ` +
            `delivery ${ctx.deliveryCount}) did not settle within ${timeoutMs} ms`,
          timeoutMs,
        );
        if (ctx instanceof MessageContextImpl) ctx.cancel(error);
        reject(error);
      }, timeoutMs);
      // A hung handler must not keep a process alive that is otherwise done.
      timer.unref();
      result.then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  };
}

/** The `handler_timeout` status of a message whose handler timed out. */
export function handlerTimeoutStatus(ctx: MessageContext, timeoutMs: number): ConsumerStatus {
  return {
    type: "handler_timeout",
    consumer: ctx.consumer,
    stream: ctx.stream,
    streamSequence: ctx.streamSequence,
    deliveryCount: ctx.deliveryCount,
    eventType: ctx.type,
    eventId: ctx.eventId,
    timeoutMs,
  };
}
