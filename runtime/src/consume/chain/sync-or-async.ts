/**
 * The consume chain stays synchronous as long as everything in it is: a middleware only goes
 * through a promise when the step inside it returned one (an async handler, an async store).
 *
 * Why: nats.js hands over the messages of one read in a single synchronous loop. When the chain
 * of each message completes synchronously, the loop runs the next message at once, and the acks
 * of the whole read are queued in the same tick and leave in ONE socket write. An `async` wrapper
 * per middleware would send each ack a few microtasks after the previous message's write had
 * already been flushed: one write per message (the cost is in docs/performance.md, "Consume: one
 * socket write per ack").
 */

/** True for a promise (or thenable) returned by a Handler; false for `undefined`/void. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== undefined && value !== null && typeof (value as { then?: unknown }).then === "function";
}
