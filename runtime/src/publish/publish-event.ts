/**
 * Publishes one event: prepare (validate, envelope, headers) → send → retry transient failures
 * with backoff and the SAME msg id until the deadline, so the stream stores the event once.
 */
import { JetStreamApiError } from "@nats-io/jetstream";
import type { EventContext } from "../envelope/build-envelope.js";
import { NoStreamError, PublishError } from "../base/errors.js";
import { natsCause } from "../base/nats-cause.js";
import { classifyPublishError } from "./classify-error.js";
import { prepareMessage, type PreparedMessage } from "./prepare-message.js";
import { backoffDelay } from "./retry-policy.js";
import { probeStream } from "./stream-probe.js";
import { withShallowStacks } from "../base/shallow-stacks.js";
import type { CorePublishAck, PublisherDeps, PublishOptions, PublishResult } from "./types.js";

/** JetStream API error: the subject is stored by another stream than the one expected. */
const WRONG_STREAM = 10060;

/** Shared by every publish without options; frozen, so nothing can fill it for the next one. */
const NO_OPTIONS: PublishOptions = Object.freeze({});

/**
 * One async function from the caller to js.publish, with the first attempt inline: every frame
 * between the caller and nats.js is captured again by the two errors nats.js creates per request
 * for its async stack traces (a RequestError and a TimeoutError, made whether or not anything
 * fails), and capturing optimized, inlined frames is what made those errors cost more under the
 * helper than under a hand-written js.publish. A failure while preparing is a rejection, as ever.
 */
export async function publishEvent(
  deps: PublisherDeps,
  key: string,
  data: unknown,
  context?: EventContext,
  options: PublishOptions = NO_OPTIONS,
): Promise<PublishResult> {
  const message = prepareMessage(deps.registry, deps, key, data, context, options);
  if (message.event.delivery === "at-most-once") return publishCore(deps, message);
  const timeoutMs = options.timeoutMs ?? deps.timeoutMs;
  const { subject, id, body, headers } = message;
  const stream = message.event.stream && deps.names.stream(message.event.stream);
  const started = Date.now();
  const deadline = started + deps.retry.deadlineMs;
  for (let n = 1; ; n++) {
    try {
      const timeout = Math.max(1, Math.min(timeoutMs, deadline - Date.now()));
      // Built without spreads: this runs once per event.
      const ack = await withShallowStacks(() =>
        deps.js.publish(subject, body, stream ? { msgID: id, headers, timeout, expect: { streamName: stream } } : { msgID: id, headers, timeout }),
      );
      return { id, stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    } catch (err) {
      await retryOrThrow(deps, message, err, n, started, deadline);
    }
  }
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

/**
 * After failed attempt `n`: throws when the failure is permanent (or there is no stream, or the
 * retry deadline would pass), else waits the backoff pause so the caller tries again with the
 * SAME msg id.
 */
async function retryOrThrow(
  deps: PublisherDeps,
  message: PreparedMessage,
  err: unknown,
  n: number,
  started: number,
  deadline: number,
): Promise<void> {
  const { subject, id, event } = message;
  const kind = classifyPublishError(err);
  if (kind === "no-responders" && (await probeStream(deps.jsm, subject)) === "no-stream") {
    throw new NoStreamError(subject, id, n, { cause: err });
  }
  if (kind === "permanent") {
    throw new PublishError(
      `Publishing ${event.key} to ${subject} failed: ${describe(err, event.stream && deps.names.stream(event.stream))}`,
      subject,
      n,
      id,
      { cause: natsCause(err) },
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

function describe(err: unknown, expectedStream?: string): string {
  if (err instanceof JetStreamApiError && err.code === WRONG_STREAM) {
    return (
      `the subject is stored by another stream than ${expectedStream ?? "expected"}, which the ` +
      `registry names; make the streams match the registry (\`jetschema streams diff\`)`
    );
  }
  return err instanceof Error ? err.message : String(err);
}
