/**
 * Streams, consumers and the dead-letter stream as table rows, and which of them receive a given
 * subject. Values are shown as written in registry.json (`"168h"`, `"1GB"`); numbers get thousands
 * separators; what registry.json leaves unset shows as "—" (the server default).
 */
import type { ConsumerSpec, StreamSpec } from "@jetschema/runtime";
import { appendTo } from "../../base/map-lists.js";
import type { RegistryModel } from "../../model/registry-model.js";
import { subjectMatches } from "../../model/subjects.js";
import { cell, code, literal, prose } from "../print/markdown-escape.js";
import { thousands } from "../print/thousands.js";

const UNSET = "—";

/** What the streams' and consumers' rows read of a registry: registry.json's streams, consumers, dead-letter stream and namespace. */
export type Infrastructure = Pick<RegistryModel, "streams" | "consumers" | "dlq"> & { config: Pick<RegistryModel["config"], "namespace"> };

function count(v: number | undefined): string {
  if (v === undefined) return UNSET;
  if (v === -1) return "unlimited";
  return thousands(v);
}

/** A size: strings as written, numbers in bytes (powers of 1024 when exact). */
function size(v: number | string | undefined): string {
  if (v === undefined) return UNSET;
  if (typeof v === "string") return literal(v);
  if (v === -1) return "unlimited";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let n = v;
  let u = 0;
  while (n >= 1024 && n % 1024 === 0 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${thousands(n)} ${units[u]}`;
}

/** A duration: strings as written, numbers are milliseconds. */
function duration(v: number | string | undefined): string {
  if (v === undefined) return UNSET;
  return typeof v === "string" ? literal(v) : `${thousands(v)}ms`;
}

export interface StreamRow {
  name: string;
  anchorText: string;
  subjects: string;
  storage: string;
  retention: string;
  limits: string;
  replicas: string;
  duplicateWindow: string;
  description: string;
  isDlq: boolean;
}

export function streamRows(model: Infrastructure): StreamRow[] {
  return model.streams.map((s: StreamSpec) => {
    const limits = [
      ["messages", count(s.max_msgs)],
      ["bytes", size(s.max_bytes)],
      ["age", duration(s.max_age)],
      ["message size", size(s.max_msg_size)],
      ["per subject", count(s.max_msgs_per_subject)],
    ]
      .filter(([, v]) => v !== UNSET)
      .map(([k, v]) => `${k} ${v}`);
    if (s.discard) limits.push(`discard ${literal(s.discard)}${s.discard_new_per_subject ? ", per subject too" : ""}`);
    return {
      name: cell(code(s.name)),
      anchorText: s.name,
      subjects: cell(s.subjects.map((f: string) => code(f)).join("<br>")),
      storage: s.storage ? literal(s.storage) : UNSET,
      retention: s.retention ? literal(s.retention) : UNSET,
      limits: cell(limits.length ? limits.join("<br>") : UNSET),
      replicas: s.replicas !== undefined ? String(s.replicas) : UNSET,
      duplicateWindow: duration(s.duplicate_window),
      description: cell(prose(s.description)),
      isDlq: model.dlq?.stream === s.name,
    };
  });
}

export interface ConsumerRow {
  name: string;
  stream: string;
  filter: string;
  deliverPolicy: string;
  ackPolicy: string;
  ackWait: string;
  maxDeliver: string;
  backoff: string;
  deadLetters: string;
  description: string;
}

/** The subject a consumer's dead letters are published to, or undefined without a DLQ. */
export function deadLetterSubject(model: Infrastructure, consumer: ConsumerSpec): string | undefined {
  if (!model.dlq) return undefined;
  const values: Record<string, string> = { namespace: model.config.namespace, consumer: consumer.name, stream: consumer.stream };
  return (model.dlq.subject ?? "{namespace}.dlq.{consumer}").replace(/\{(\w+)\}/g, (whole: string, k: string) => values[k] ?? whole);
}

export function consumerRows(model: Infrastructure, consumers: ConsumerSpec[] = model.consumers): ConsumerRow[] {
  return consumers.map((c) => {
    const dl = deadLetterSubject(model, c);
    return {
      name: cell(code(c.name)),
      stream: cell(code(c.stream)),
      filter: c.filter_subject ? cell(code(c.filter_subject)) : "all subjects",
      deliverPolicy: c.deliver_policy ? literal(c.deliver_policy) : UNSET,
      ackPolicy: c.ack_policy ? literal(c.ack_policy) : UNSET,
      ackWait: duration(c.ack_wait),
      maxDeliver: c.max_deliver !== undefined ? count(c.max_deliver) : UNSET,
      backoff: c.backoff && c.backoff.length ? cell(c.backoff.map((b) => duration(b)).join(", ")) : UNSET,
      deadLetters: dl ? cell(code(dl)) : UNSET,
      description: cell(prose(c.description)),
    };
  });
}

/** The durable consumers that receive `subject` from `stream`, indexed once per registry. */
export function consumersReceiving(model: RegistryModel): (stream: string | undefined, subject: string) => ConsumerSpec[] {
  const byStream = new Map<string, ConsumerSpec[]>();
  for (const c of model.consumers) appendTo(byStream, c.stream, c);
  return (stream, subject) => (stream ? (byStream.get(stream) ?? []).filter((c) => !c.filter_subject || subjectMatches(c.filter_subject, subject)) : []);
}
