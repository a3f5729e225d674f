/**
 * Replay of a reference dead letter (oversized.ts): the original is read back from its own
 * stream, at the sequence the dead letter names, and used only if its subject and SHA-256 are the
 * ones recorded (a stream deleted and recreated reuses sequences). When it is gone (its stream's
 * max_age or limits removed it, or someone deleted it), the error says so; nothing is replayed.
 */
import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager, type StoredMsg } from "@nats-io/jetstream";
import type { MsgHdrs } from "@nats-io/transport-node";
import type { DeadLetter } from "./list.js";
import { sha256Hex, type OmittedOriginal } from "./oversized.js";

export async function fetchOriginal(
  jsm: JetStreamManager,
  letter: DeadLetter,
  omitted: OmittedOriginal,
): Promise<{ data: Uint8Array; headers: MsgHdrs | undefined }> {
  const where = `${letter.stream} #${letter.streamSequence}`;
  const intro = `dead letter #${letter.seq} holds no copy of its original (${omitted.why})`;
  let stored: StoredMsg | null;
  try {
    stored = await jsm.streams.getMessage(letter.stream, { seq: letter.streamSequence });
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.NoMessageFound)) {
      throw new Error(`${intro}, and reading it from ${where} failed: ${(err as Error).message}`, { cause: err });
    }
    stored = null;
  }
  if (stored === null) {
    throw new Error(
      `${intro}, and ${where} is no longer in its stream (removed by the stream's limits or by hand): ` +
        `nothing to replay; the dead letter stays as the record (size ${omitted.size} bytes, sha256 ${omitted.sha256})`,
    );
  }
  const digest = sha256Hex(stored.data);
  if (digest !== omitted.sha256 || stored.subject !== letter.subject) {
    throw new Error(
      `${intro}, and the message now at ${where} is not it (sha256 ${digest} on ${stored.subject}, ` +
        `expected ${omitted.sha256} on ${letter.subject}; was the stream recreated?): nothing replayed`,
    );
  }
  return { data: stored.data, headers: stored.header };
}
