/**
 * Writes one dead letter: the original bytes to the consumer's dead-letter subject, with the
 * Dlq-* headers, expecting the dead-letter stream, retried like any publish. Resolves only once
 * the dead-letter stream has acked it. A copy too large to ever be stored as one message is
 * written in parts instead (write-parts.ts), so the dead letter always holds the original.
 *
 * A full dead-letter stream (`discard: "new"` at its limits) is not waited for: it frees room
 * only by age or by replay, so retrying until the deadline would only hold the handler's slot.
 * The refusal is thrown at once; the dead-letter middleware naks, or holds the message on its
 * last delivery and tries again with backoff.
 */
import type { JsMsg } from "@nats-io/jetstream";
import { inspect } from "node:util";
import type { DlqSpec, EventDescriptor } from "../base/descriptor.js";
import { publishRaw } from "../publish/publish-raw.js";
import { buildDeadLetterHeaders, deadLetterMsgId } from "./headers.js";
import { deadLetterSubject } from "./subject.js";
import { isTooLargeToStore } from "./oversized.js";
import { writeInParts, type PartsWriteDeps } from "./write-parts.js";

/**
 * What a dead letter is written from: the delivered message and what decoding learned of it. A
 * consume MessageContext is one; declared here so that dlq/ does not depend on consume/.
 */
export interface DeadLetterSource {
  readonly msg: JsMsg;
  readonly consumer: string;
  readonly descriptor: Pick<EventDescriptor, "name"> | undefined;
  readonly type: string | undefined;
  readonly version: string | undefined;
  readonly eventId: string | undefined;
}

export interface DeadLetterWriter {
  /** The subject this consumer's dead letters go to. */
  readonly subject: string;
  readonly stream: string;
  write(ctx: DeadLetterSource, reason: string, error: unknown, cancelled?: () => boolean): Promise<void>;
}

export function createDeadLetterWriter(
  deps: PartsWriteDeps,
  dlq: DlqSpec,
  place: { namespace: string; consumer: string; stream: string },
  subjectPrefix: string,
): DeadLetterWriter {
  const subject = deadLetterSubject(dlq, place, subjectPrefix);
  return {
    subject,
    stream: dlq.stream,
    async write(ctx, reason, error, cancelled) {
      const info = ctx.msg.info;
      const facts = {
        subject: ctx.msg.subject,
        stream: info.stream,
        streamSequence: info.streamSequence,
        deliveryCount: info.deliveryCount,
        consumer: ctx.consumer,
        reason,
        error: errorText(error),
        time: new Date(),
        originalTime: new Date(Math.floor(info.timestampNanos / 1e6)),
        event: ctx.descriptor?.name ?? ctx.type,
        eventVersion: ctx.version,
        eventId: ctx.eventId,
      };
      const msgID = deadLetterMsgId(facts);
      const cancel = cancelled ? { cancelled } : {};
      try {
        await publishRaw(deps, subject, ctx.msg.data, { msgID, stream: dlq.stream, retryWhenFull: false, ...cancel, headers: buildDeadLetterHeaders(ctx.msg.headers, facts) });
      } catch (err) {
        if (!isTooLargeToStore(err)) throw err;
        await writeInParts(deps, { subject, stream: dlq.stream, letterId: msgID, ...cancel }, ctx.msg, facts);
      }
    },
  };
}

/**
 * The `Dlq-Error` text of what a handler threw or rejected with. A thrown string reads as itself;
 * any other value as node's inspect shows it, bounded, so a rejection with `{ code: 42 }` says so
 * instead of "[object Object]" (the header is cut to one line of 1000 characters anyway).
 */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const plain = error.name === "Error" || error.name === "PoisonMessageError";
    return `${plain ? "" : `${error.name}: `}${error.message}`;
  }
  if (typeof error === "string") return error;
  return inspect(error, { depth: 2, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 200 });
}
