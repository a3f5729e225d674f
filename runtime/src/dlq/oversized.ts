/**
 * A poison message too big to copy. A dead letter is the original body plus Dlq-* headers, so
 * an original near max_payload, or one whose headers are near JetStream's 64 KiB header limit,
 * can never be stored as one: retrying would fail the same way for ever. Such a dead letter is
 * written as a *reference* instead: an empty body, the Dlq-* facts (the original's stream and
 * sequence among them: where it still is), and the original body's size and SHA-256, so replay
 * can fetch the original from its stream and prove it is the same message.
 */
import { createHash } from "node:crypto";
import { JetStreamApiError } from "@nats-io/jetstream";
import { errors, type MsgHdrs } from "@nats-io/transport-node";
import { buildDeadLetterHeaders, DLQ_HEADER, oneLine, type DeadLetterFacts } from "./headers.js";

/** JetStream's "message size exceeds maximum allowed" (a stream's max_msg_size). */
const MESSAGE_TOO_LARGE = 10054;
/** JetStream's "header size exceeds maximum allowed of 64k". */
const HEADERS_TOO_LARGE = 10097;

/** A dead letter that cannot be stored even in the smallest parts (write-parts.ts). */
export class DeadLetterTooLargeError extends Error {
  override name = "DeadLetterTooLargeError";
}

/**
 * True when `err` (or an error it wraps) says the message is too large to ever be stored: the
 * client's max_payload check, JetStream refusing its size or its headers' size, or a dead letter
 * refused even in parts.
 */
export function isTooLargeToStore(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof DeadLetterTooLargeError) return true;
    if (e instanceof errors.InvalidArgumentError && /max_payload/.test(e.message)) return true;
    if (e instanceof JetStreamApiError && (e.code === MESSAGE_TOO_LARGE || e.code === HEADERS_TOO_LARGE)) return true;
  }
  return false;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The headers of a reference dead letter: the facts, and what identifies the original. */
export function referenceHeaders(facts: DeadLetterFacts, body: Uint8Array, why: string): MsgHdrs {
  const h = buildDeadLetterHeaders(undefined, facts);
  h.set(DLQ_HEADER.originalOmitted, oneLine(why) || "too large to copy");
  h.set(DLQ_HEADER.originalSize, String(body.length));
  h.set(DLQ_HEADER.originalSha256, sha256Hex(body));
  return h;
}

/** What a reference dead letter says of its original; undefined for a dead letter that is a full copy. */
export interface OmittedOriginal {
  why: string;
  size: number;
  sha256: string;
}

export function omittedOriginal(headers: MsgHdrs | undefined): OmittedOriginal | undefined {
  const sha256 = headers?.has(DLQ_HEADER.originalSha256) ? headers.get(DLQ_HEADER.originalSha256) : "";
  if (!headers || sha256 === "") return undefined;
  return { why: headers.get(DLQ_HEADER.originalOmitted), size: Number(headers.get(DLQ_HEADER.originalSize)), sha256 };
}
