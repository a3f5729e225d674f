/**
 * Idempotency (opt-in): skips an event this consumer already processed, by event id. The id is
 * remembered only after the handler (and everything inside this middleware) succeeded, so a
 * failed or dead-lettered event is processed again when it comes back or is replayed.
 *
 * It closes the gap at-least-once delivery leaves: a message whose handler ran but whose ack
 * never reached the server (crash, lost connection) is delivered again and skipped here. The
 * remaining gap, a crash between the handler's effect and remembering the id, is inherent to
 * any store that is not the handler's own: make such effects idempotent themselves.
 *
 * A second copy of an event arriving while the first is still being handled (duplicates
 * published under different msg ids, concurrency > 1) is nak'ed briefly and checked again later.
 */
import { isThenable } from "../chain/sync-or-async.js";
import type { Handler, IdempotencyOptions, MessageContext, Middleware } from "../chain/types.js";

export const IN_PROGRESS_RETRY_MS = 1_000;

export function idempotency(options: IdempotencyOptions): Middleware {
  const { store } = options;
  const keyOf = options.key ?? ((ctx: MessageContext) => `${ctx.consumer}.${ctx.eventId ?? `${ctx.stream}.${ctx.streamSequence}`}`);
  const running = new Set<string>();

  /** Remembers the key once the message was handled (not failed, held or dead-lettered). */
  const remember = (ctx: MessageContext, key: string) => {
    const outcome = ctx.outcome;
    if (ctx.held === undefined && (outcome === undefined || outcome === "handled" || outcome === "skipped")) return store.add(key);
  };

  const handle = (ctx: MessageContext, key: string, next: Handler, seen: boolean) => {
    if (seen) {
      ctx.ack("skipped");
      return;
    }
    return andThen(next(ctx), () => remember(ctx, key));
  };

  // Synchronous with a synchronous store (LRU) and chain; a promise only when one of them is one.
  return (next) => (ctx) => {
    const key = keyOf(ctx);
    if (running.has(key)) {
      ctx.nak(IN_PROGRESS_RETRY_MS);
      return;
    }
    running.add(key); // before anything asynchronous: a copy arriving meanwhile must see it
    let result;
    try {
      result = andThen(store.has(key), (seen) => handle(ctx, key, next, seen));
    } catch (err) {
      running.delete(key);
      throw err;
    }
    if (!isThenable(result)) {
      running.delete(key);
      return;
    }
    return Promise.resolve(result).then(
      () => {
        running.delete(key);
      },
      (err: unknown) => {
        running.delete(key);
        throw err;
      },
    );
  };
}

/** `fn(value)` at once for a plain value, after it resolves for a promise. */
function andThen<T>(value: T | PromiseLike<T>, fn: (resolved: T) => unknown): unknown {
  return isThenable(value) ? Promise.resolve(value).then(fn) : fn(value as T);
}
