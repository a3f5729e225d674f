/**
 * Metrics hooks (outermost, so it sees every outcome): onHandled, onFailed, onDeadLettered and
 * onSkipped, each with the milliseconds the message took. A hook that throws is ignored: metrics
 * must never change what happens to a message.
 */
import type { MessageContext, MetricsHooks, Middleware } from "../types.js";

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
  return (next) => async (ctx) => {
    const started = performance.now();
    try {
      await next(ctx);
    } catch (err) {
      report(ctx, started, err ?? new Error("undefined thrown"));
      throw err;
    }
    if (ctx.held !== undefined) void ctx.held.then(() => report(ctx, started, undefined));
    else report(ctx, started, undefined);
  };
}
