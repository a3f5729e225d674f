/**
 * serve(key, handler): the responder side. Each request is decoded, its envelope and payload
 * validated against the request's own minor, handed to the handler, and the handler's reply
 * validated and wrapped in the envelope (reply-envelope.ts) before it is sent. Anything that goes
 * wrong, a reply the server refuses included, is answered with an error reply (header
 * Jetschema-Error), so a requester never waits for a timeout because of a bad message, and goes
 * to `onError`. How each request ended (replied, rejected, failed) goes to its span
 * (tracing/serve-span.ts).
 * Responders of one event share a queue group, so each request is answered once.
 */
import { headers, type Msg, type MsgHdrs, type Subscription } from "@nats-io/transport-node";
import type { EventDescriptor } from "../base/descriptor.js";
import { shownIssues } from "../base/errors.js";
import { binaryCodec, CloudEventDecodeError, CLOUDEVENTS_JSON_CONTENT_TYPE, type BinaryCodec } from "../envelope/cloudevents-binary.js";
import { decodeEnvelope } from "../envelope/decode-envelope.js";
import { buildHeaders, JSON_CONTENT_TYPE } from "../envelope/headers.js";
import { toValidationIssues } from "../envelope/issues.js";
import { unfaithfulToJson } from "../envelope/json-faithful.js";
import { JsonBytesError } from "../base/utf8-json.js";
import { lookupEvent } from "../publish/prepare-message.js";
import type { PublisherDeps } from "../publish/types.js";
import { withPrefix } from "../base/subjects.js";
import { buildReplyEnvelope } from "./reply-envelope.js";
import { REPLY_ERROR_HEADER } from "./reply-error.js";
import { loadOtelApi } from "../tracing/spans.js";
import { traceServe, type Answered } from "../tracing/serve-span.js";

export type RequestHandler = (event: Record<string, unknown>, request: { msg: Msg }) => unknown | Promise<unknown>;

export interface ServeOptions {
  /** Queue group (default: `jetschema.<event key>`): responders sharing it split the requests. */
  queue?: string;
  /** Called with every request that was answered with an error, and with every answer that could not be sent (for logging). */
  onError?: (error: Error, msg: Msg) => void;
}

export interface Responder {
  /** Stops taking requests; requests already being handled are still answered. */
  stop(): Promise<void>;
  readonly subject: string;
}

const encoder = new TextEncoder();

export function serveEvent(deps: PublisherDeps, key: string, handler: RequestHandler, options: ServeOptions = {}): Responder {
  const event = lookupEvent(deps.registry, key);
  if (event.pattern !== "request-reply") throw new TypeError(`${event.key} is not a request-reply event; consume it instead`);
  const subject = withPrefix(deps.subjectPrefix, event.subject);
  const inFlight = new Set<Promise<void>>();
  const binary = binaryCodec(deps.registry.envelope);
  if (deps.tracing) void loadOtelApi();
  const cloudEvents = binary !== undefined;
  const sub: Subscription = deps.nc.subscribe(subject, {
    queue: options.queue ?? `jetschema.${event.key}`,
    callback: (err, msg) => {
      if (err) return;
      const answered = deps.tracing
        ? traceServe(msg, subject, cloudEvents, () => answer(deps, event, handler, msg, options, binary))
        : answer(deps, event, handler, msg, options, binary);
      // answer() settles every request it can; anything it still throws is reported, not left unhandled.
      const work: Promise<void> = answered
        .then(
          () => undefined,
          (err: unknown) => reportError(options, err instanceof Error ? err : new Error(String(err)), msg),
        )
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    },
  });
  return {
    subject,
    async stop() {
      await sub.drain();
      await Promise.all(inFlight);
    },
  };
}

async function answer(
  deps: PublisherDeps,
  event: EventDescriptor,
  handler: RequestHandler,
  msg: Msg,
  options: ServeOptions,
  binary: BinaryCodec | undefined,
): Promise<Answered> {
  /** Who the request is, for the span: known once it is decoded. */
  let eventId: string | undefined;
  let type: string | undefined;
  const report = (error: Error): void => reportError(options, error, msg);
  /** Answers with an error reply: `rejected` before the handler ran, `failed` from then on. */
  const fail = (error: Error, outcome: "rejected" | "failed" = "rejected"): Answered => {
    report(error);
    const h = headers();
    h.set(REPLY_ERROR_HEADER, error.message.replace(/[\r\n]+/g, " ").slice(0, 1024));
    const unsent = respond(msg, new Uint8Array(0), h);
    // Nothing is left to tell the requester (it times out); the responder's owner still hears of it.
    if (unsent) report(new Error(`the error reply could not be sent: ${unsent.message}`, { cause: unsent }));
    return { outcome, eventId, type, error };
  };
  let envelope: Record<string, unknown>;
  try {
    // A CloudEvents requester may send either content mode; both give the same envelope.
    envelope = decodeEnvelope(binary, msg.headers, msg.data, "the request") as Record<string, unknown>;
  } catch (err) {
    return fail(new Error(err instanceof CloudEventDecodeError || (err instanceof JsonBytesError && err.problem === "not-utf8") ? err.message : "the request is not JSON"));
  }
  const registry = deps.registry;
  const fields = registry.envelope.fields;
  if (typeof envelope === "object" && envelope !== null) {
    const id = envelope[fields.id];
    const requestType = envelope[fields.type];
    if (typeof id === "string") eventId = id;
    if (typeof requestType === "string") type = requestType;
  }
  if (!registry.envelope.validate(envelope)) {
    return fail(new Error(`invalid envelope: ${describe(registry.envelope.validate.errors)}`));
  }
  const version = String(envelope[fields.version]);
  const validate = event.validators[version] ?? event.validators[event.version];
  if (envelope[fields.type] !== event.type || !version.startsWith(`${event.major}.`) || !validate) {
    return fail(new Error(`expected a ${event.type} ${event.major}.x request, got ${String(envelope[fields.type])} ${version}`));
  }
  if (!validate(envelope[fields.data])) return fail(new Error(`invalid request: ${describe(validate.errors)}`));
  let reply: unknown;
  try {
    reply = await handler(envelope, { msg });
  } catch (err) {
    return fail(err instanceof Error ? err : new Error(String(err)), "failed");
  }
  if (event.reply && !event.reply(reply)) return fail(new Error(`the handler's reply is invalid: ${describe(event.reply.errors)}`), "failed");
  const unsendable = unfaithfulToJson(reply);
  if (unsendable.length > 0) return fail(new Error(`the handler's reply cannot be sent as JSON: ${issueList(unsendable)}`), "failed");
  const built = buildReplyEnvelope(registry.envelope, event, envelope, reply, deps.source);
  if (built.issues.length > 0) {
    return fail(new Error(`the reply envelope is invalid: ${issueList(shownIssues(built.issues))}`), "failed");
  }
  // Replies are structured: the whole envelope in the body, whatever mode the request came in.
  const contentType = registry.envelope.cloudEvents ? CLOUDEVENTS_JSON_CONTENT_TYPE : JSON_CONTENT_TYPE;
  const unsent = respond(msg, encoder.encode(JSON.stringify(built.envelope)), buildHeaders(built.id, {}, contentType));
  if (unsent) return fail(new Error(`the reply could not be sent: ${unsent.message}`, { cause: unsent }), "failed");
  return { outcome: "replied", eventId, type };
}

function reportError(options: ServeOptions, error: Error, msg: Msg): void {
  try {
    options.onError?.(error, msg);
  } catch {
    // a failing error listener must not keep the requester waiting or stop the responder
  }
}

/**
 * msg.respond throws when the server refuses the message before it is written (larger than its
 * max_payload); the error is returned so that it becomes the request's outcome, never a rejection
 * of the in-flight answer nobody awaits.
 */
function respond(msg: Msg, data: Uint8Array, h: MsgHdrs): Error | undefined {
  try {
    msg.respond(data, { headers: h });
    return undefined;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function describe(errors: Parameters<typeof toValidationIssues>[0]): string {
  return issueList(shownIssues(toValidationIssues(errors)));
}

/** Issues as an error reply's header states them: `/pointer message; …`. */
function issueList(issues: readonly { pointer: string; message: string }[]): string {
  return issues.map((i) => `${i.pointer || "/"} ${i.message}`).join("; ");
}
