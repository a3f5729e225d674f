/**
 * `replayDeadLetters`: republishes dead letters to their original subject (original bytes and
 * headers, expecting the original stream), and deletes each from the dead-letter stream only
 * after that stream acked the replay. A failed replay leaves its dead letter where it was. A
 * reference dead letter (a copy too large to store) replays the original read back from its
 * stream (fetch-original.ts); one written in parts replays the original joined from its parts
 * (gather-parts.ts), only when every part is there and their SHA-256 matches, and deletes every
 * part after the ack.
 *
 * The replay's Nats-Msg-Id is `replay:<dlq stream>:<dlq seq>:<Dlq-Time, ms>`: replaying again
 * after a crash between the ack and the delete is deduplicated by the original stream (within its
 * window), and an ack that says duplicate means exactly that, so the dead letter is deleted. The
 * time is what tells a dead letter from an earlier one at the same sequence of a dead-letter stream
 * deleted and created again: without it the replay of the new letter would be taken for the old
 * one's, stored nowhere, and its dead letter deleted.
 * Every consumer of the subject receives the replay, not only the one that gave up; consumers
 * that already handled the event should use the idempotency middleware.
 */
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type PubAck } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { publishRaw } from "../publish/publish-raw.js";
import { DEFAULT_ACK_TIMEOUT_MS, DEFAULT_RETRY, type RetryPolicy } from "../publish/retry-policy.js";
import { fetchOriginal } from "./fetch-original.js";
import { replayHeaders, timeSuffix } from "./headers.js";
import { bodyBytes, toMsgHdrs } from "./plain-record.js";
import { inEnvironment, listDeadLetters, requireDlq, type DeadLetter, type DeadLetterQuery, type DlqRegistry } from "./list.js";

export interface ReplayOptions extends DeadLetterQuery {
  /** List what would be replayed; publish and delete nothing. */
  dryRun?: boolean;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface ReplayResult {
  dryRun: boolean;
  /** Republished and removed from the dead-letter stream (in a dry run: would be). */
  replayed: Array<{ deadLetter: DeadLetter; ack?: PubAck }>;
  /** Not replayed, or replayed but not removed (`removed: false`); still in the dead-letter stream. */
  failed: Array<{ deadLetter: DeadLetter; error: Error; removed: boolean }>;
  ok: boolean;
}

export function replayMsgId(dlqStream: string, deadLetter: Pick<DeadLetter, "seq" | "time">): string {
  return `replay:${dlqStream}:${deadLetter.seq}${timeSuffix(deadLetter.time)}`;
}

export async function replayDeadLetters(
  nc: NatsConnection,
  registry: DlqRegistry,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const dlq = inEnvironment(requireDlq(registry), options.subjectPrefix);
  const timeoutMs = options.timeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  const js: JetStreamClient = jetstream(nc, { timeout: timeoutMs });
  const jsm: JetStreamManager = await jetstreamManager(nc, { checkAPI: false, timeout: timeoutMs });
  const letters = await listDeadLetters(jsm, registry, options);
  const result: ReplayResult = { dryRun: options.dryRun ?? false, replayed: [], failed: [], ok: true };
  const deps = { js, jsm: async () => jsm, timeoutMs, retry: { ...DEFAULT_RETRY, ...options.retry } };

  for (const deadLetter of letters) {
    const incomplete = deadLetter.parts?.problem;
    if (incomplete !== undefined) {
      const error = new Error(`dead letter #${deadLetter.seq} (original in ${deadLetter.parts!.count} parts) cannot be replayed: ${incomplete}; every part stays`);
      result.failed.push({ deadLetter, removed: false, error });
      continue;
    }
    if (result.dryRun) {
      result.replayed.push({ deadLetter });
      continue;
    }
    if (!deadLetter.subject) {
      result.failed.push({ deadLetter, removed: false, error: new Error(`dead letter #${deadLetter.seq} has no Dlq-Subject header`) });
      continue;
    }
    let ack: PubAck;
    try {
      const omitted = deadLetter.omittedOriginal;
      const original = omitted
        ? await fetchOriginal(jsm, deadLetter, omitted)
        : { data: bodyBytes(deadLetter), headers: toMsgHdrs(deadLetter.headers) };
      ack = await publishRaw(deps, deadLetter.subject, original.data, {
        msgID: replayMsgId(dlq.stream, deadLetter),
        headers: replayHeaders(original.headers),
        ...(deadLetter.stream ? { stream: deadLetter.stream } : {}),
      });
    } catch (err) {
      result.failed.push({ deadLetter, removed: false, error: err as Error });
      continue;
    }
    try {
      for (const seq of deadLetter.parts?.seqs ?? [deadLetter.seq]) await jsm.streams.deleteMessage(dlq.stream, seq, false);
      result.replayed.push({ deadLetter, ack });
    } catch (err) {
      result.failed.push({
        deadLetter,
        removed: false,
        error: new Error(
          `dead letter #${deadLetter.seq} was replayed (${ack.stream} #${ack.seq}) but could not be removed from ` +
            `${dlq.stream}: ${(err as Error).message}; replaying it again is deduplicated within the duplicate window` +
            (deadLetter.parts ? " (if only some of its parts are left, they are listed as incomplete and never replayed)" : ""),
          { cause: err },
        ),
      });
    }
  }
  result.ok = result.failed.length === 0;
  return result;
}
