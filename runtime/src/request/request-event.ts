/**
 * request(key, data): the client side of a request-reply event. The request travels in the same
 * envelope as any event (validated, with Nats-Msg-Id and trace headers) over core NATS; the reply
 * comes back in the envelope too (reply-envelope.ts), in either CloudEvents content mode: it is validated, checked to be caused by
 * this request, its payload checked against the event's reply schema, and returned whole.
 */
import { errors as natsErrors } from "@nats-io/transport-node";
import type { EventContext } from "../envelope/build-envelope.js";
import { toValidationIssues } from "../envelope/issues.js";
import { ValidationError } from "../base/errors.js";
import { prepareMessage } from "../publish/prepare-message.js";
import { isNoResponders } from "../publish/classify-error.js";
import type { PublisherDeps, PublishOptions } from "../publish/types.js";
import { REPLY_ERROR_HEADER, RequestError } from "./reply-error.js";
import { replyMismatch } from "./reply-envelope.js";
import { withShallowStacks } from "../base/shallow-stacks.js";
import { JsonBytesError } from "../base/utf8-json.js";
import { binaryCodec, CloudEventDecodeError } from "../envelope/cloudevents-binary.js";
import { decodeEnvelope } from "../envelope/decode-envelope.js";

export async function requestEvent(
  deps: PublisherDeps,
  key: string,
  data: unknown,
  context?: EventContext,
  options: PublishOptions = {},
): Promise<unknown> {
  const message = prepareMessage(deps.registry, deps, key, data, context, options);
  const { event, subject } = message;
  if (event.pattern !== "request-reply") {
    throw new TypeError(`${event.key} is not a request-reply event; publish it instead`);
  }
  let reply;
  try {
    reply = await withShallowStacks(() => deps.nc.request(subject, message.body, { timeout: options.timeoutMs ?? deps.timeoutMs, headers: message.headers }));
  } catch (err) {
    const reason = isNoResponders(err) ? "no-responders" : isTimeout(err) ? "timeout" : undefined;
    if (reason) {
      throw new RequestError(
        reason === "no-responders" ? `No responder serves ${subject}` : `No reply on ${subject} within ${options.timeoutMs ?? deps.timeoutMs} ms`,
        subject,
        reason,
        { cause: err },
      );
    }
    throw err;
  }
  const failure = reply.headers?.get(REPLY_ERROR_HEADER);
  if (failure) throw new RequestError(`The responder to ${subject} failed: ${failure}`, subject, "responder-error");
  let value: Record<string, unknown>;
  try {
    // A CloudEvents responder may answer in either content mode, as a requester may ask.
    value = decodeEnvelope(binaryCodec(deps.registry.envelope), reply.headers, reply.data, "the reply") as Record<string, unknown>;
  } catch (err) {
    if (err instanceof CloudEventDecodeError) throw new RequestError(`The reply on ${subject} cannot be read: ${err.message}`, subject, "invalid-reply", { cause: err });
    const what = err instanceof JsonBytesError && err.problem === "not-utf8" ? "UTF-8 text" : "JSON";
    throw new RequestError(`The reply on ${subject} is not ${what}`, subject, "invalid-reply", { cause: err });
  }
  const envelope = deps.registry.envelope;
  if (!envelope.validate(value)) {
    throw new ValidationError(`${event.name} reply`, event.version, toValidationIssues(envelope.validate.errors, value), "envelope");
  }
  const mismatch = replyMismatch(envelope, value, message.id);
  if (mismatch !== undefined) throw new RequestError(`The reply on ${subject} does not answer the request: ${mismatch}`, subject, "invalid-reply");
  const payload = value[envelope.fields.data];
  if (event.reply && !event.reply(payload)) {
    throw new ValidationError(`${event.name} reply`, event.version, toValidationIssues(event.reply.errors, payload));
  }
  return value;
}

function isTimeout(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof natsErrors.TimeoutError) return true;
  }
  return false;
}
