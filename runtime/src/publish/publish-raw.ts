/**
 * Publishes bytes that are already an event (a dead letter, a replayed message) with the same
 * retry discipline as publishEvent: transient failures are retried with backoff and the SAME msg
 * id until the deadline; "no responders" asks JetStream whether a stream exists at all.
 */
import type { JetStreamClient, JetStreamManager, PubAck } from "@nats-io/jetstream";
import type { MsgHdrs } from "@nats-io/transport-node";
import { NoStreamError, PublishError } from "../base/errors.js";
import { natsCause } from "../base/nats-cause.js";
import { classifyPublishError, isStreamFull } from "./classify-error.js";
import { backoffDelay, type RetryPolicy } from "./retry-policy.js";
import { probeStream } from "./stream-probe.js";

export interface RawPublishDeps {
  js: JetStreamClient;
  jsm: () => Promise<JetStreamManager>;
  /** Ack timeout of one attempt (ms). */
  timeoutMs: number;
  retry: RetryPolicy;
}

export interface RawPublishOptions {
  msgID: string;
  headers: MsgHdrs;
  /** The stream expected to store it (`Nats-Expected-Stream`). */
  stream?: string;
  /** Stops retrying when it returns true (a consumer being stopped). */
  cancelled?: () => boolean;
  /** False: a full stream's refusal (isStreamFull) is thrown at once rather than retried until the deadline. */
  retryWhenFull?: boolean;
}

export async function publishRaw(
  deps: RawPublishDeps,
  subject: string,
  body: Uint8Array,
  options: RawPublishOptions,
): Promise<PubAck> {
  const started = Date.now();
  const deadline = started + deps.retry.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.js.publish(subject, body, {
        msgID: options.msgID,
        headers: options.headers,
        timeout: Math.max(1, Math.min(deps.timeoutMs, deadline - Date.now())),
        ...(options.stream ? { expect: { streamName: options.stream } } : {}),
      });
    } catch (err) {
      const kind = classifyPublishError(err);
      if (kind === "no-responders" && (await probeStream(deps.jsm, subject)) === "no-stream") {
        throw new NoStreamError(subject, options.msgID, attempt, { cause: err });
      }
      const message = err instanceof Error ? err.message : String(err);
      if (kind === "permanent" || (options.retryWhenFull === false && isStreamFull(err))) {
        throw new PublishError(`Publishing to ${subject} failed: ${message}`, subject, attempt, options.msgID, { cause: natsCause(err) });
      }
      const pause = backoffDelay(attempt, deps.retry);
      if (Date.now() + pause >= deadline || options.cancelled?.()) {
        throw new PublishError(
          `Publishing to ${subject} failed after ${attempt} attempt(s) in ${Date.now() - started} ms: ${message}`,
          subject,
          attempt,
          options.msgID,
          { cause: err },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
