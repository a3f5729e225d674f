/**
 * Retry with backoff: a failure (anything thrown inside, once no inner middleware settled the
 * message) is nak'ed with a delay, so JetStream delivers the message again later. The delay comes
 * from a backoff list (the option, else the consumer's own `backoff`), indexed by delivery count
 * (the last entry repeats), or else doubles from `initialDelayMs` up to `maxDelayMs`.
 *
 * It swallows the error after nak'ing (the message is settled); `ctx.error` keeps it for metrics.
 * Synchronous when the chain inside is (see sync-or-async.ts).
 */
import { parseDuration } from "../../base/durations.js";
import { isThenable } from "../chain/sync-or-async.js";
import type { MessageContext, Middleware, RetryBackoffOptions } from "../chain/types.js";

export const DEFAULT_NAK_DELAY = { initialDelayMs: 1_000, maxDelayMs: 60_000 } as const;

/** The nak delay (ms) after the `deliveryCount`-th delivery failed. */
export function nakDelay(deliveryCount: number, options: ResolvedRetry): number {
  const list = options.backoffMs;
  if (list.length > 0) return list[Math.min(Math.max(deliveryCount, 1), list.length) - 1] as number;
  return Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, deliveryCount - 1));
}

export interface ResolvedRetry {
  backoffMs: number[];
  initialDelayMs: number;
  maxDelayMs: number;
}

export function resolveRetry(options: RetryBackoffOptions = {}, consumerBackoffMs: number[] = []): ResolvedRetry {
  const backoffMs = options.backoff ? options.backoff.map(parseDuration) : consumerBackoffMs;
  const initialDelayMs = options.initialDelayMs ?? DEFAULT_NAK_DELAY.initialDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_NAK_DELAY.maxDelayMs;
  for (const [name, value] of [["initialDelayMs", initialDelayMs], ["maxDelayMs", maxDelayMs]] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`Invalid retry.${name} ${value}: expected a number of milliseconds >= 0`);
    }
  }
  return { backoffMs, initialDelayMs, maxDelayMs };
}

export function retryBackoff(options: ResolvedRetry): Middleware {
  /** Nak a failed message; rethrow what is not ours to handle (already settled or held). */
  const failed = (ctx: MessageContext, err: unknown): void => {
    if (ctx.settled || ctx.held !== undefined) throw err;
    ctx.error = err;
    ctx.nak(nakDelay(ctx.deliveryCount, options));
  };
  return (next) => (ctx) => {
    let result;
    try {
      result = next(ctx);
    } catch (err) {
      failed(ctx, err);
      return;
    }
    if (isThenable(result)) return Promise.resolve(result).then(undefined, (err: unknown) => failed(ctx, err));
  };
}
