/**
 * A reference dead letter as earlier runtimes wrote one for a copy too large to store (no body;
 * the original's stream, sequence, size and SHA-256: runtime/src/dlq/oversized.ts), published by
 * hand, so that tests can show such letters already in a dead-letter stream still list and replay.
 */
import type { JetStreamClient } from "@nats-io/jetstream";
import { deadLetterMsgId, referenceHeaders } from "../../runtime/src/index.js";

export interface ReferencedOriginal {
  subject: string;
  stream: string;
  seq: number;
  body: Uint8Array;
}

/** Publishes the reference dead letter of `original` to analytics-processor's DLQ subject; its DLQ sequence. */
export async function writeReferenceDeadLetter(js: JetStreamClient, original: ReferencedOriginal): Promise<number> {
  const facts = {
    subject: original.subject,
    stream: original.stream,
    streamSequence: original.seq,
    deliveryCount: 1,
    consumer: "analytics-processor",
    reason: "undecodable",
    error: "not JSON",
    time: new Date(),
  };
  const why = "the copy could not be stored: Publishing to waitingroom.dlq.analytics-processor failed: 'payload' max_payload size exceeded";
  const ack = await js.publish("waitingroom.dlq.analytics-processor", new Uint8Array(0), {
    headers: referenceHeaders(facts, original.body, why),
    msgID: deadLetterMsgId(facts),
  });
  return ack.seq;
}
