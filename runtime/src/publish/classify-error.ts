/**
 * Sorts a failed `js.publish` into what the retry loop should do with it.
 *
 * - `no-responders`: nothing answered on the subject. Either no stream captures it (permanent:
 *   the caller must provision streams) or JetStream is briefly unavailable (server restarting,
 *   stream leader moving). Only asking JetStream tells them apart; see publish-event.ts.
 * - `transient`: timeouts, a dropped connection that is reconnecting, JetStream "temporarily
 *   unavailable" (503). Retried with the same msg id, so the stream stores the event once.
 * - `permanent`: everything else (closed or draining connection, wrong expected stream, message
 *   too large, permissions, ...). Retrying would only repeat the same answer.
 */
import { JetStreamApiError } from "@nats-io/jetstream";
import { errors } from "@nats-io/transport-node";

export type PublishFailureKind = "no-responders" | "transient" | "permanent";

export function classifyPublishError(err: unknown): PublishFailureKind {
  if (isNoResponders(err)) return "no-responders";
  if (err instanceof errors.ClosedConnectionError || err instanceof errors.DrainingConnectionError) {
    return "permanent";
  }
  if (err instanceof errors.TimeoutError || err instanceof errors.ConnectionError) return "transient";
  if (err instanceof errors.RequestError) {
    // "connection disconnected", "cancelled" while reconnecting, or a wrapped timeout.
    return err.cause instanceof errors.TimeoutError || !(err.cause instanceof Error)
      ? "transient"
      : classifyPublishError(err.cause);
  }
  if (err instanceof JetStreamApiError) {
    // 503: JetStream up but not ready (no quorum, leader election); 408: request timed out in the server.
    return err.status === 503 || err.status === 408 ? "transient" : "permanent";
  }
  return "permanent";
}

/** JetStream's err_code for "stream store failed": the answer of a stream at its limits with `discard: "new"`. */
const STREAM_STORE_FAILED = 10077;

/**
 * True when a stream refused the message because it is full (`discard: "new"` at max_msgs,
 * max_bytes or, with discard_new_per_subject, max_msgs_per_subject). JetStream answers 503, so
 * classifyPublishError calls it transient: room may come as consumers ack on a work-queue or
 * interest stream. A caller whose stream frees room only by age or by hand may choose not to wait.
 */
export function isStreamFull(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === STREAM_STORE_FAILED && /^maximum (messages|bytes|messages per subject) exceeded/.test(err.message);
}

/**
 * nats.js reports "no responders" as a RequestError whose cause is NoRespondersError, and
 * js.publish rewraps it as JetStreamNotEnabled("jetstream is not enabled"), which is misleading
 * for a subject without a stream. Walk the cause chain to find it under either wrapping.
 */
export function isNoResponders(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof errors.NoRespondersError) return true;
    if (e instanceof errors.RequestError && e.isNoResponders()) return true;
  }
  return false;
}
