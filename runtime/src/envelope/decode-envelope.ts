/**
 * A received message's envelope, in either CloudEvents content mode: the one reading that the
 * consumer's decode step, a responder (a request) and a requester (a reply) share, so an
 * envelope arrives the same whichever way its producer sent it.
 */
import type { MsgHdrs } from "@nats-io/transport-node";
import { decodeBinary, isBinaryMessage, type BinaryCodec } from "./cloudevents-binary.js";
import { inlineBase64Data } from "./cloudevents-structured.js";
import { parseJsonBytes } from "../base/utf8-json.js";

/**
 * The message's envelope: rebuilt from `ce-` headers for a binary-mode CloudEvent, else the body
 * as JSON (`what` names it in errors), a CloudEvent's `data_base64` read as its data. `codec`
 * undefined: the registry's envelope is not CloudEvents, and the body is the envelope as it is.
 * Throws CloudEventDecodeError or JsonBytesError.
 */
export function decodeEnvelope(codec: BinaryCodec | undefined, headers: MsgHdrs | undefined, body: Uint8Array, what: string): unknown {
  if (codec === undefined) return parseJsonBytes(body, what);
  if (isBinaryMessage(headers)) return decodeBinary(codec, headers, body);
  const value = parseJsonBytes(body, what);
  if (typeof value === "object" && value !== null && !Array.isArray(value)) inlineBase64Data(codec, value as Record<string, unknown>);
  return value;
}
