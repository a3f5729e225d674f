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
import type { IdempotencyOptions, MessageContext, Middleware } from "../types.js";

export const IN_PROGRESS_RETRY_MS = 1_000;

export function idempotency(options: IdempotencyOptions): Middleware {
  const { store } = options;
  const keyOf = options.key ?? ((ctx: MessageContext) => `${ctx.consumer}.${ctx.eventId ?? `${ctx.stream}.${ctx.streamSequence}`}`);
  const running = new Set<string>();
  return (next) => async (ctx) => {
    const key = keyOf(ctx);
    if (running.has(key)) {
      ctx.nak(IN_PROGRESS_RETRY_MS);
      return;
    }
    running.add(key); // before the first await: a copy arriving meanwhile must see it
    try {
      if (await store.has(key)) {
        ctx.ack("skipped");
        return;
      }
      await next(ctx);
      const outcome = ctx.outcome;
      if (ctx.held === undefined && (outcome === undefined || outcome === "handled" || outcome === "skipped")) await store.add(key);
    } finally {
      running.delete(key);
    }
  };
}
