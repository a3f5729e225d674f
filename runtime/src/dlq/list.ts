/**
 * `listDeadLetters`: reads the dead-letter stream through a short-lived ephemeral consumer
 * (ack policy none, in memory), filtered to one consumer's dead letters or all of them, from a
 * start time if given. Reads what the stream holds when called; later arrivals are not waited for.
 */
import type { JetStreamManager, JsMsg } from "@nats-io/jetstream";
import type { DlqSpec, RegistryDescriptor } from "../base/descriptor.js";
import { parseDuration } from "../base/durations.js";
import { environmentNames } from "../base/environment.js";
import { normalizeSubjectPrefix, subjectMatches } from "../base/subjects.js";
import { DLQ_HEADER, type OptionalDeadLetterFacts, type RequiredDeadLetterFacts } from "./headers.js";
import { plainBody, plainHeaders, type BodyEncoding, type PlainHeaders } from "./plain-record.js";
import { deadLetterFilter } from "./subject.js";
import { omittedOriginal, type OmittedOriginal } from "./oversized.js";
import { PartGatherer, type DeadLetterParts } from "./gather-parts.js";
import { MAX_PARTS, readPart } from "./parts.js";

/**
 * Once `limit` dead letters are found, reading goes on this many messages at most to find the
 * parts still missing of those found (parts of one dead letter are written one after another, so
 * only other consumers' dead letters written meanwhile lie between them).
 */
const PART_LOOKAHEAD = 16 * MAX_PARTS;

/** What the DLQ functions need of a registry (a generated `registry`, or one built by the CLI). */
export type DlqRegistry = Pick<RegistryDescriptor, "namespace" | "dlq">;

export interface DeadLetterQuery {
  /** Only this consumer's dead letters. */
  consumer?: string | undefined;
  /** Only dead letters of this event (name, `position.admitted`; or the envelope type). */
  event?: string | undefined;
  /** Only those dead-lettered at or after this time: a Date, an ISO time, or a duration ago ("2h"). */
  since?: Date | string | undefined;
  /** At most this many (the oldest first). */
  limit?: number | undefined;
  /** The runtime subjectPrefix the consumers run with. */
  subjectPrefix?: string | undefined;
}

/**
 * A dead letter as read back, a plain JSON-friendly record: its facts (every one present, unknown
 * ones undefined), where it is stored, and the message itself (plain-record.ts).
 */
export interface DeadLetter extends RequiredDeadLetterFacts, OptionalDeadLetterFacts {
  /** Sequence in the dead-letter stream. */
  seq: number;
  /** The dead letter's own subject. */
  dlqSubject: string;
  /** The original bytes: UTF-8 text, or base64 when they are not UTF-8 (`bodyEncoding`). */
  body: string;
  bodyEncoding: BodyEncoding;
  /** Every header of the dead letter (the original's and the `Dlq-*` facts): a string, or an array when repeated. */
  headers: PlainHeaders;
  /** Set when the dead letter is a reference, not a copy: the original was too large (oversized.ts). */
  omittedOriginal: OmittedOriginal | undefined;
  /**
   * Set when the dead letter was written in parts (the original too large for one message): the
   * record is the first part's, and body and headers are the original's once every part is in
   * (gather-parts.ts).
   */
  parts: DeadLetterParts | undefined;
}

/** The dead-letter stream of the environment `subjectPrefix` (environment.ts). */
export function inEnvironment(dlq: DlqSpec, subjectPrefix: string | undefined): DlqSpec {
  return { ...dlq, stream: environmentNames(normalizeSubjectPrefix(subjectPrefix)).stream(dlq.stream) };
}

export function requireDlq(registry: DlqRegistry): DlqSpec {
  if (!registry.dlq) {
    throw new TypeError(`The ${registry.namespace} registry has no "dlq" in registry.json: there are no dead letters to read`);
  }
  return registry.dlq;
}

/** "2h" (that long ago), an ISO 8601 time, or a Date. */
export function parseSince(value: Date | string, now = Date.now()): Date {
  if (value instanceof Date) return value;
  const text = value.trim();
  try {
    return new Date(now - parseDuration(text));
  } catch {
    // not a duration: a time
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) {
    throw new RangeError(`Invalid --since ${JSON.stringify(value)}: expected an ISO time (2025-01-31T12:00:00Z) or a duration ago ("30m", "2h", "7d")`);
  }
  return new Date(at);
}

export async function listDeadLetters(
  jsm: JetStreamManager,
  registry: DlqRegistry,
  query: DeadLetterQuery = {},
): Promise<DeadLetter[]> {
  const dlq = inEnvironment(requireDlq(registry), query.subjectPrefix);
  const filter = deadLetterFilter(dlq, registry.namespace, query.subjectPrefix ?? "", query.consumer);
  const since = query.since === undefined ? undefined : parseSince(query.since);
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  const info = await jsm.consumers.add(dlq.stream, {
    ack_policy: "none",
    deliver_policy: since ? "by_start_time" : "all",
    ...(since ? { opt_start_time: since.toISOString() } : {}),
    filter_subject: filter,
    mem_storage: true,
    inactive_threshold: 60 * 1e9,
  });
  const found: DeadLetter[] = [];
  const parts = new PartGatherer();
  let lookahead = PART_LOOKAHEAD;
  const wanted = () => found.length < limit || (parts.open && lookahead > 0);
  try {
    let remaining = info.num_pending;
    const consumer = jsm.jetstream().consumers.getConsumerFromInfo(info);
    while (remaining > 0 && wanted()) {
      const batch = await consumer.fetch({ max_messages: Math.min(remaining, 256), expires: 5_000 });
      let got = 0;
      for await (const m of batch) {
        got++;
        remaining--;
        if (found.length >= limit) lookahead--;
        // The server filter already applies; this guards a server that ignored it.
        if (!subjectMatches(filter, m.subject)) continue;
        const letter = readDeadLetter(m);
        if (query.event !== undefined && letter.event !== query.event) continue;
        // Also client-side: servers mishandle start times past year 2262 (int64 nanoseconds).
        if (since !== undefined && letter.time.getTime() < since.getTime()) continue;
        const part = readPart(m.headers);
        const listed = part === undefined ? letter : parts.add(letter, part, m.data, found.length < limit);
        if (listed !== undefined && found.length < limit) found.push(listed);
        if (!wanted() || remaining === 0) break;
      }
      if (got === 0) break;
    }
  } finally {
    await jsm.consumers.delete(dlq.stream, info.name).catch(() => undefined);
  }
  parts.finish();
  return found;
}

export function readDeadLetter(m: Pick<JsMsg, "seq" | "subject" | "headers" | "data" | "time">): DeadLetter {
  const h = m.headers;
  const get = (name: string) => (h?.has(name) ? h.get(name) : undefined);
  const date = (name: string) => {
    const v = get(name);
    return v === undefined ? undefined : new Date(v);
  };
  return {
    seq: m.seq,
    dlqSubject: m.subject,
    subject: get(DLQ_HEADER.subject) ?? "",
    stream: get(DLQ_HEADER.stream) ?? "",
    streamSequence: Number(get(DLQ_HEADER.streamSeq) ?? 0),
    deliveryCount: Number(get(DLQ_HEADER.deliveryCount) ?? 0),
    consumer: get(DLQ_HEADER.consumer) ?? "",
    reason: get(DLQ_HEADER.reason) ?? "",
    error: get(DLQ_HEADER.error) ?? "",
    time: date(DLQ_HEADER.time) ?? m.time,
    originalTime: date(DLQ_HEADER.originalTime),
    event: get(DLQ_HEADER.event),
    eventVersion: get(DLQ_HEADER.eventVersion),
    eventId: get(DLQ_HEADER.eventId),
    ...plainBody(m.data),
    headers: plainHeaders(h),
    omittedOriginal: omittedOriginal(h),
    parts: undefined,
  };
}
