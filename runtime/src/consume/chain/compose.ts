/** Builds the chain: wraps `final` in `middleware`, the first outermost. Done once, not per message. */
import type { Handler } from "./types.js";

export function compose(middleware: readonly ((next: Handler) => Handler)[], final: Handler): Handler {
  let handler = final;
  for (let i = middleware.length - 1; i >= 0; i--) handler = (middleware[i] as (next: Handler) => Handler)(handler);
  return handler;
}
