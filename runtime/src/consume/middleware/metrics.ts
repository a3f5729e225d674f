/**
 * Metrics hooks (outermost, so it sees every outcome): onHandled, onFailed, onDeadLettered and
 * onSkipped, each with the milliseconds the message took. A hook that throws is ignored: metrics
 * must never change what happens to a message.
 */
import { isThenable } from "../chain/sync-or-async.js";
import type { MessageContext, MetricsHooks, Middleware } from "../chain/types.js";

export function metrics(hooks: MetricsHooks): Middleware {
  const call = (fn: () => void) => {
    try {
      fn();
    } catch {
      // a broken metrics hook must not fail the message
    }
  };
  const report = (ctx: MessageContext, started: number, thrown: unknown) => {
    const ms = performance.now() - started;
    switch (ctx.outcome) {
      case undefined:
      case "handled":
        if (thrown === undefined) {
          if (hooks.onHandled) call(() => hooks.onHandled!(ctx, ms));
        } else if (hooks.onFailed) call(() => hooks.onFailed!(ctx, thrown, ms));
        break;
      case "skipped":
        if (hooks.onSkipped) call(() => hooks.onSkipped!(ctx, ms));
        break;
      case "dead-lettered":
        if (hooks.onDeadLettered) call(() => hooks.onDeadLettered!(ctx, ctx.deadLetterReason ?? "max-deliver", ctx.error, ms));
        break;
      default: // retry, abandoned
        if (hooks.onFailed) call(() => hooks.onFailed!(ctx, thrown ?? ctx.error, ms));
    }
  };
  const failed = (ctx: MessageContext, started: number, err: unknown): never => {
    report(ctx, started, err ?? new Error("undefined thrown"));
    throw err;
  };
  const done = (ctx: MessageContext, started: number): void => {
    if (ctx.held !== undefined) void ctx.held.then(() => report(ctx, started, undefined));
    else report(ctx, started, undefined);
  };
  // Synchronous when the chain inside is (see sync-or-async.ts).
  return (next) => (ctx) => {
    const started = performance.now();
    let result;
    try {
      result = next(ctx);
    } catch (err) {
      failed(ctx, started, err);
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        () => done(ctx, started),
        (err: unknown) => failed(ctx, started, err),
      );
    }
    done(ctx, started);
  };
}
