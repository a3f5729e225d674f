/**
 * How a responder says "I could not answer": the reply carries this header with the reason and
 * an empty body, so the requester can tell a failure from a reply without parsing guesswork.
 */
export const REPLY_ERROR_HEADER = "Jetschema-Error";

/** The responder answered with an error, or there was no responder, or it did not answer in time. */
export class RequestError extends Error {
  override name = "RequestError";
  constructor(
    message: string,
    readonly subject: string,
    readonly reason: "responder-error" | "no-responders" | "timeout" | "invalid-reply",
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
