/**
 * Publishes one event: prepare (validate, envelope, headers) → send → retry transient failures
 * with backoff and the SAME msg id until the deadline, so the stream stores the event once.
 */
import { JetStreamApiError } from "@nats-io/jetstream";
import type { EventContext } from "../envelope/build-envelope.js";
import { NoStreamError, PublishError } from "../errors.js";
import { classifyPublishError } from "./classify-error.js";
import { prepareMessage, type PreparedMessage } from "./prepare-message.js";
import { backoffDelay } from "./retry-policy.js";
import { probeStream } from "./stream-probe.js";
import type { CorePublishAck, PublishAck, PublisherDeps, PublishOptions, PublishResult } from "./types.js";

/** JetStream API error: the subject is stored by another stream than the one expected. */
const WRONG_STREAM = 10060;

/** Shared by every publish without options; frozen, so nothing can fill it for the next one. */
const NO_OPTIONS: PublishOptions = Object.freeze({});

/**
 * Not `async` on purpose: one promise per publish (the retry loop's), not a second one wrapping
 * it (an async function returning a promise costs an extra promise and three microtask hops). A
 * failure while preparing is still a rejection, never a synchronous throw.
 */
export function publishEvent(
  deps: PublisherDeps,
  key: string,
  data: unknown,
  context?: EventContext,
  options: PublishOptions = NO_OPTIONS,
): Promise<PublishResult> {
  let message: PreparedMessage;
  try {
    message = prepareMessage(deps.registry, deps, key, data, context, options);
    if (message.event.delivery === "at-most-once") return Promise.resolve(publishCore(deps, message));
  } catch (err) {
    return Promise.reject(err);
  }
  return publishWithRetry(deps, message, options.timeoutMs ?? deps.timeoutMs);
}

/** At-most-once: core NATS, fire and forget; nothing acknowledges it, so nothing to retry. */
function publishCore(deps: PublisherDeps, message: PreparedMessage): CorePublishAck {
  try {
    deps.nc.publish(message.subject, message.body, { headers: message.headers });
  } catch (err) {
    throw new PublishError(
      `Publishing ${message.event.key} to ${message.subject} failed: ${describe(err)}`,
      message.subject,
      1,
      message.id,
      { cause: err },
    );
  }
  return { id: message.id };
}

/** One js.publish attempt; the options literal is built without spreads (this runs per event). */
function attempt(deps: PublisherDeps, message: PreparedMessage, timeout: number) {
  const stream = message.event.stream;
  return deps.js.publish(
    message.subject,
    message.body,
    stream
      ? { msgID: message.id, headers: message.headers, timeout, expect: { streamName: stream } }
      : { msgID: message.id, headers: message.headers, timeout },
  );
}

async function publishWithRetry(
  deps: PublisherDeps,
  message: PreparedMessage,
  timeoutMs: number,
): Promise<PublishAck> {
  const { subject, id, event } = message;
  const started = Date.now();
  const deadline = started + deps.retry.deadlineMs;
  for (let n = 1; ; n++) {
    try {
      const ack = await attempt(deps, message, Math.max(1, Math.min(timeoutMs, deadline - Date.now())));
      return { id, stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    } catch (err) {
      const kind = classifyPublishError(err);
      if (kind === "no-responders" && (await probeStream(deps.jsm, subject)) === "no-stream") {
        throw new NoStreamError(subject, id, n, { cause: err });
      }
      if (kind === "permanent") {
        throw new PublishError(
          `Publishing ${event.key} to ${subject} failed: ${describe(err, event.stream)}`,
          subject,
          n,
          id,
          { cause: err },
        );
      }
      const pause = backoffDelay(n, deps.retry);
      if (Date.now() + pause >= deadline) {
        throw new PublishError(
          `Publishing ${event.key} to ${subject} failed after ${n} attempt(s) in ` +
            `${Date.now() - started} ms (retry deadline ${deps.retry.deadlineMs} ms): ${describe(err)}. ` +
            `Republishing with id ${id} is safe: the stream deduplicates it.`,
          subject,
          n,
          id,
          { cause: err },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

function describe(err: unknown, expectedStream?: string): string {
  if (err instanceof JetStreamApiError && err.code === WRONG_STREAM) {
    return (
      `the subject is stored by another stream than ${expectedStream ?? "expected"}, which the ` +
      `registry names; make the streams match the registry (\`jetschema streams diff\`)`
    );
  }
  return err instanceof Error ? err.message : String(err);
}
