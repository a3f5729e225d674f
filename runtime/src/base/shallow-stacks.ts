/**
 * nats.js creates two errors for every request, before sending it (a RequestError and a
 * TimeoutError, kept for async stack traces whether or not anything fails), and capturing their
 * stacks through the helpers' frames costs more the deeper the caller is (docs/performance.md,
 * "Publish: nats.js's own per-request cost"). While nats.js builds the request, synchronously, those captures stop at a few
 * frames (nats.js's own); the limit is restored before anything else runs. A failure still
 * surfaces as the helper's own error (PublishError, RequestError) with a full stack of its own,
 * the nats.js error as its `cause`.
 */
export function withShallowStacks<T>(send: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = SEND_STACK_FRAMES;
  try {
    return send();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const SEND_STACK_FRAMES = 4;
