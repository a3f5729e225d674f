/**
 * Replies travel in the envelope, like events: the responder wraps the handler's reply (`data`)
 * with a fresh id, its own source, the request's type, version and context (a tenant, a subject),
 * causation = the request's id and correlation = the request's correlation (or, when it has none,
 * the request's id: the request starts the conversation). The requester validates the envelope
 * and the reply payload, and checks that the reply was caused by its request.
 */
import type { EnvelopeDescriptor, EventDescriptor } from "../base/descriptor.js";
import { buildEnvelope, type BuiltEnvelope } from "../envelope/build-envelope.js";

export function buildReplyEnvelope(
  descriptor: EnvelopeDescriptor,
  event: EventDescriptor,
  request: Record<string, unknown>,
  reply: unknown,
  source: string,
): BuiltEnvelope {
  const { fields } = descriptor;
  const requestId = typeof request[fields.id] === "string" ? (request[fields.id] as string) : undefined;
  const correlation = fields.correlation !== undefined ? request[fields.correlation] : undefined;
  const context: Record<string, unknown> = {};
  for (const field of descriptor.context) {
    if (field.const === undefined && request[field.name] !== undefined) context[field.name] = request[field.name];
  }
  return buildEnvelope(descriptor, event, {
    data: reply,
    context,
    source,
    correlationId: typeof correlation === "string" ? correlation : requestId,
    causationId: requestId,
  });
}

/** Why a reply envelope does not answer the request with id `requestId`; undefined when it does. */
export function replyMismatch(descriptor: EnvelopeDescriptor, reply: Record<string, unknown>, requestId: string): string | undefined {
  const causation = descriptor.fields.causation;
  if (causation === undefined || reply[causation] === requestId) return undefined;
  return `the reply's ${causation} is ${JSON.stringify(reply[causation])}, not the request's id ${JSON.stringify(requestId)}`;
}
