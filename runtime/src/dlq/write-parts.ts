/**
 * Writes a dead letter in parts (parts.ts) when one copy is too large to store. The part size
 * starts from the connection's max_payload, less room for a part's headers; when the
 * dead-letter stream still refuses a part for its size (its max_msg_size), the parts stored of
 * that try are removed and the size halved, down to MIN_PART_BYTES or MAX_PARTS parts; below
 * that the dead letter can never be written and the too-large error is thrown (the caller's
 * "can never be written" path). Resolves only once every part is acked.
 *
 * Each part's Nats-Msg-Id is `<letter id>:part:<index>/<count>`: a write retried after a
 * failure half-way (the same sizes, so the same ids) stores each part once within the
 * dead-letter stream's duplicate window.
 */
import type { MsgHdrs } from "@nats-io/transport-node";
import { publishRaw, type RawPublishDeps } from "../publish/publish-raw.js";
import { deadLetterFactHeaders, type DeadLetterFacts } from "./headers.js";
import { DeadLetterTooLargeError, isTooLargeToStore } from "./oversized.js";
import { headersWireSize, joinOriginal, MAX_PARTS, MIN_PART_BYTES, partSetOf, setPartHeaders, slices } from "./parts.js";

const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/** Room for the Nats-Msg-Id and Nats-Expected-Stream headers the publish adds, and the header framing. */
const PUBLISH_HEADER_ROOM = 512;

export interface PartsWriteDeps extends RawPublishDeps {
  /** The connection's max_payload (the server's INFO); NATS's default 1 MiB when unknown. */
  maxPayload?: () => number | undefined;
}

export interface PartsTarget {
  subject: string;
  stream: string;
  /** The dead letter's id, shared by its parts. */
  letterId: string;
  cancelled?: () => boolean;
}

export async function writeInParts(
  deps: PartsWriteDeps,
  target: PartsTarget,
  original: { headers: MsgHdrs | undefined; data: Uint8Array },
  facts: DeadLetterFacts,
): Promise<void> {
  const { payload, headersSize } = joinOriginal(original.headers, original.data);
  const factHeaders = () => deadLetterFactHeaders(original.headers, facts);
  const room = headersWireSize(setPartHeaders(factHeaders(), partSetOf(target.letterId, payload, headersSize, MAX_PARTS), MAX_PARTS));
  let partSize = Math.min(Math.max(payload.length, 1), (deps.maxPayload?.() ?? DEFAULT_MAX_PAYLOAD) - room - PUBLISH_HEADER_ROOM);
  for (let refused: unknown; ; ) {
    if (partSize < 1 || Math.ceil(payload.length / partSize) > MAX_PARTS) {
      const why = refused instanceof Error ? refused.message : `max_payload leaves ${partSize} bytes for a part`;
      throw new DeadLetterTooLargeError(
        `the dead letter (${payload.length} bytes with the original headers) could not be stored even in parts ` +
          `(at most ${MAX_PARTS}, at least ${MIN_PART_BYTES} bytes each): ${why}`,
        { cause: refused },
      );
    }
    const parts = slices(payload, partSize);
    const set = partSetOf(target.letterId, payload, headersSize, parts.length);
    const stored: number[] = [];
    try {
      for (const [i, slice] of parts.entries()) {
        const ack = await publishRaw(deps, target.subject, slice, {
          msgID: `${target.letterId}:part:${i + 1}/${set.count}`,
          headers: setPartHeaders(factHeaders(), set, i + 1),
          stream: target.stream,
          retryWhenFull: false,
          ...(target.cancelled ? { cancelled: target.cancelled } : {}),
        });
        stored.push(ack.seq);
      }
      return;
    } catch (err) {
      if (!isTooLargeToStore(err)) throw err;
      await removeParts(deps, target.stream, stored);
      refused = err;
      // Halved down to MIN_PART_BYTES, tried once more at that size, then no further (0).
      partSize = partSize > MIN_PART_BYTES ? Math.max(MIN_PART_BYTES, Math.floor(partSize / 2)) : 0;
    }
  }
}

/** Removes the parts of an abandoned try, so that list shows no incomplete set for them. */
async function removeParts(deps: RawPublishDeps, stream: string, seqs: readonly number[]): Promise<void> {
  if (seqs.length === 0) return;
  const jsm = await deps.jsm();
  for (const seq of seqs) await jsm.streams.deleteMessage(stream, seq, false).catch(() => undefined);
}
