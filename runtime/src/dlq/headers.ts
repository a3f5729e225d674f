/**
 * What a dead letter carries. The body is the original message's bytes, unchanged; headers say
 * where it came from and why it failed:
 *
 *   Dlq-Subject         original subject (prefix included)      waitingroom.position.admitted.v1
 *   Dlq-Stream          original stream                          POSITION_EVENTS
 *   Dlq-Stream-Seq      its sequence in that stream              42
 *   Dlq-Delivery-Count  deliveries when it was given up          5
 *   Dlq-Consumer        the consumer that gave up                analytics-processor
 *   Dlq-Reason          undecodable | invalid | unknown-type | subject-mismatch | unhandled | max-deliver
 *   Dlq-Error           the error (one line, at most 1000 chars)
 *   Dlq-Time            when it was dead-lettered (ISO 8601)
 *   Dlq-Original-Time   when the stream stored the original (ISO 8601)
 *   Dlq-Event           event name, when known                   position.admitted
 *   Dlq-Event-Version   the envelope's version, when known       1.1
 *   Dlq-Event-Id        the envelope's id, when known
 *   Dlq-Msg-Id          the original Nats-Msg-Id, if it had one
 *
 * A dead letter may also be a *reference*, the form earlier runtimes wrote for a copy too large
 * (see oversized.ts; still listed and replayed): no body, no original headers, and
 *
 *   Dlq-Original-Omitted  why the copy was left out (the publish error)
 *   Dlq-Original-Size     the original body's size in bytes
 *   Dlq-Original-Sha256   the original body's SHA-256, hex; replay checks it
 *
 * A dead letter too large to store as one copy is written *in parts* instead (parts.ts): the
 * original headers and body travel in the parts' bodies, each part carrying the facts above.
 *
 * Other original headers (Content-Type, traceparent, ...) are kept as they were; `Nats-*`
 * headers are not (the dead letter has its own Nats-Msg-Id, `<consumer>:<stream>:<seq>`, so a
 * message dead-lettered twice is stored once within the duplicate window).
 */
import { headers as createHeaders, type MsgHdrs } from "@nats-io/transport-node";

export const DLQ_HEADER = {
  subject: "Dlq-Subject",
  stream: "Dlq-Stream",
  streamSeq: "Dlq-Stream-Seq",
  deliveryCount: "Dlq-Delivery-Count",
  consumer: "Dlq-Consumer",
  reason: "Dlq-Reason",
  error: "Dlq-Error",
  time: "Dlq-Time",
  originalTime: "Dlq-Original-Time",
  event: "Dlq-Event",
  eventVersion: "Dlq-Event-Version",
  eventId: "Dlq-Event-Id",
  msgId: "Dlq-Msg-Id",
  originalOmitted: "Dlq-Original-Omitted",
  originalSize: "Dlq-Original-Size",
  originalSha256: "Dlq-Original-Sha256",
} as const;

/** Headers every dead letter has (the rest are there when known). */
export const REQUIRED_DLQ_HEADERS = [
  DLQ_HEADER.subject,
  DLQ_HEADER.stream,
  DLQ_HEADER.streamSeq,
  DLQ_HEADER.deliveryCount,
  DLQ_HEADER.consumer,
  DLQ_HEADER.reason,
  DLQ_HEADER.error,
  DLQ_HEADER.time,
] as const;

/** What every dead letter records (the headers of REQUIRED_DLQ_HEADERS). */
export interface RequiredDeadLetterFacts {
  /** Where the original was published (and where replay sends it). */
  subject: string;
  stream: string;
  streamSequence: number;
  deliveryCount: number;
  consumer: string;
  reason: string;
  error: string;
  /** When it was dead-lettered. */
  time: Date;
}

/** What a dead letter records when it is known (undefined: the header is absent). */
export interface OptionalDeadLetterFacts {
  originalTime: Date | undefined;
  event: string | undefined;
  eventVersion: string | undefined;
  eventId: string | undefined;
}

/** What buildDeadLetterHeaders writes; the facts that may be unknown may be left out. */
export interface DeadLetterFacts extends RequiredDeadLetterFacts, Partial<OptionalDeadLetterFacts> {}

/**
 * The dead letter's own Nats-Msg-Id: `<consumer>:<stream>:<seq>:<original's stored time, ms>`. A
 * message dead-lettered twice (its term lost) is stored once within the dead-letter stream's
 * duplicate window. The stored time tells apart two originals that share a sequence: a stream
 * deleted and created again (to change what `streams apply` cannot change in place) numbers its
 * messages from 1 again, and without it a new poison message would be taken for the old one's
 * duplicate, term'ed, and kept nowhere.
 */
export function deadLetterMsgId(facts: Pick<DeadLetterFacts, "consumer" | "stream" | "streamSequence" | "originalTime">): string {
  return `${facts.consumer}:${facts.stream}:${facts.streamSequence}${timeSuffix(facts.originalTime)}`;
}

/** `:<ms since the epoch>`, or nothing for an unknown or unreadable time. */
export function timeSuffix(time: Date | undefined): string {
  const ms = time?.getTime();
  return ms !== undefined && Number.isFinite(ms) ? `:${ms}` : "";
}

export function buildDeadLetterHeaders(original: MsgHdrs | undefined, facts: DeadLetterFacts): MsgHdrs {
  return setFacts(copyHeaders(original), original, facts);
}

/** The Dlq-* headers alone, without the original's own (a part's: those travel in its body, parts.ts). */
export function deadLetterFactHeaders(original: MsgHdrs | undefined, facts: DeadLetterFacts): MsgHdrs {
  return setFacts(createHeaders(), original, facts);
}

function setFacts(h: MsgHdrs, original: MsgHdrs | undefined, facts: DeadLetterFacts): MsgHdrs {
  const originalId = original?.get("Nats-Msg-Id");
  h.set(DLQ_HEADER.subject, facts.subject);
  h.set(DLQ_HEADER.stream, facts.stream);
  h.set(DLQ_HEADER.streamSeq, String(facts.streamSequence));
  h.set(DLQ_HEADER.deliveryCount, String(facts.deliveryCount));
  h.set(DLQ_HEADER.consumer, facts.consumer);
  h.set(DLQ_HEADER.reason, facts.reason);
  h.set(DLQ_HEADER.error, oneLine(facts.error) || "(no message)");
  h.set(DLQ_HEADER.time, facts.time.toISOString());
  if (facts.originalTime) h.set(DLQ_HEADER.originalTime, facts.originalTime.toISOString());
  if (facts.event) h.set(DLQ_HEADER.event, oneLine(facts.event));
  if (facts.eventVersion) h.set(DLQ_HEADER.eventVersion, oneLine(facts.eventVersion));
  if (facts.eventId) h.set(DLQ_HEADER.eventId, oneLine(facts.eventId));
  if (originalId) h.set(DLQ_HEADER.msgId, originalId);
  return h;
}

/** The headers a replayed message is published with: the original's, without any Dlq-* or Nats-*. */
export function replayHeaders(deadLetter: MsgHdrs | undefined): MsgHdrs {
  return copyHeaders(deadLetter);
}

function copyHeaders(from: MsgHdrs | undefined): MsgHdrs {
  const h = createHeaders();
  if (!from) return h;
  for (const key of from.keys()) {
    const lower = key.toLowerCase();
    if (lower.startsWith("nats-") || lower.startsWith("dlq-")) continue;
    for (const value of from.values(key)) h.append(key, value);
  }
  return h;
}

/** Header values are one line; long errors are cut. */
export function oneLine(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ").trim();
  return flat.length > 1000 ? `${flat.slice(0, 997)}...` : flat;
}
