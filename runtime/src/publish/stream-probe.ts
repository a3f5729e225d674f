/**
 * After "no responders" on a JetStream publish: is there simply no stream for the subject (fail
 * now), or is JetStream not answering at the moment (retry)? Only JetStream itself can say.
 */
import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from "@nats-io/jetstream";

export type StreamProbe = "no-stream" | "stream-exists" | "unreachable";

export async function probeStream(jsm: () => Promise<JetStreamManager>, subject: string): Promise<StreamProbe> {
  try {
    await (await jsm()).streams.find(subject);
    return "stream-exists";
  } catch (err) {
    // STREAM.NAMES answered, with no stream for the subject: JetStream is up and healthy.
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return "no-stream";
    return "unreachable";
  }
}
