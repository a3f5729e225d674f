/**
 * The innermost Handler: runs the user's handler for the message's type with the typed envelope.
 * A known event without a handler is acked and skipped, or dead-lettered (`unhandled` option).
 */
import { PoisonMessageError } from "../chain/errors.js";
import type { RouteTable } from "./route-table.js";
import type { Handler } from "../chain/types.js";

export function route(routes: RouteTable, unhandled: "ack" | "dead-letter"): Handler {
  return (ctx) => {
    const handler = routes.handler(ctx.type as string);
    if (handler !== undefined) return handler(ctx.event, ctx);
    if (unhandled === "ack") {
      ctx.ack("skipped");
      return;
    }
    throw new PoisonMessageError("unhandled", `consumer ${ctx.consumer} has no handler for "${ctx.type}"`);
  };
}
