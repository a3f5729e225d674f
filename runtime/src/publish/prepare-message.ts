/**
 * Everything done before the first byte leaves: look up the event, validate the payload against
 * the latest minor of its major, build and check the envelope, encode, set headers.
 * Any problem throws here, so an invalid event is never sent, nor one whose JSON text would differ
 * from the value that was validated (envelope/json-faithful.ts). CloudEvents binary mode (decided
 * once per client, `settings.wire`) only moves the same checked envelope into `ce-*` headers.
 */
import type { MsgHdrs } from "@nats-io/transport-node";
import type { EventDescriptor, RegistryDescriptor } from "../base/descriptor.js";
import { buildEnvelope, type EventContext } from "../envelope/build-envelope.js";
import { encodeBinary } from "../envelope/cloudevents-binary.js";
import type { WireFormat } from "../envelope/content-mode.js";
import { buildHeaders } from "../envelope/headers.js";
import { validateWith } from "../envelope/issues.js";
import { unfaithfulToJson } from "../envelope/json-faithful.js";
import { withTraceExtension } from "../envelope/trace-extension.js";
import { ValidationError } from "../base/errors.js";
import { withPrefix } from "../base/subjects.js";
import type { PublishOptions } from "./types.js";
import { utf8Encoder } from "./utf8.js";

export interface PreparedMessage {
  event: EventDescriptor;
  id: string;
  /** The subject with the runtime prefix applied. */
  subject: string;
  body: Uint8Array;
  headers: MsgHdrs;
}

/** Pooled Buffer instead of TextEncoder: see utf8.ts. */
const encoder = utf8Encoder;

export function lookupEvent(registry: RegistryDescriptor, key: string): EventDescriptor {
  const event = registry.events[key];
  if (!event) {
    const known = Object.keys(registry.events).sort().join(", ");
    throw new TypeError(`Unknown event "${key}": expected a key "name@major" (known: ${known})`);
  }
  return event;
}

export function prepareMessage(
  registry: RegistryDescriptor,
  settings: { source: string; subjectPrefix: string; wire?: WireFormat },
  key: string,
  data: unknown,
  context: EventContext | undefined,
  options: PublishOptions,
): PreparedMessage {
  const event = lookupEvent(registry, key);
  const validator = event.validators[event.version];
  if (!validator) {
    throw new TypeError(`Event "${key}" has no validator for its version ${event.version}`);
  }
  const payloadIssues = validateWith(validator, data);
  if (payloadIssues.length > 0) throw new ValidationError(event.name, event.version, payloadIssues);
  // What is sent is JSON's text of the payload: a value that text would change is refused too.
  const unsendable = unfaithfulToJson(data);
  if (unsendable.length > 0) throw new ValidationError(event.name, event.version, unsendable);

  const built = buildEnvelope(registry.envelope, event, {
    data,
    context,
    source: settings.source,
    id: options.id,
    time: options.time,
    correlationId: options.correlationId,
    causationId: options.causationId,
  });
  if (built.issues.length > 0) {
    throw new ValidationError(event.name, event.version, built.issues, "envelope");
  }
  const subject = withPrefix(settings.subjectPrefix, event.subject);
  const headers = buildHeaders(built.id, options, settings.wire?.contentType);
  const envelope = withTraceExtension(registry.envelope, built.envelope, options);
  if (settings.wire?.binary !== undefined) {
    return { event, id: built.id, subject, ...encodeBinary(settings.wire.binary, envelope, headers) };
  }
  return { event, id: built.id, subject, body: encoder.encode(JSON.stringify(envelope)), headers };
}
