/**
 * How a client puts events on the wire, decided once when the client is created (never per
 * message): the Content-Type of structured messages, and the binary codec when the client
 * publishes CloudEvents in binary mode.
 */
import type { ContentMode, EnvelopeDescriptor } from "../base/descriptor.js";
import { binaryCodec, CLOUDEVENTS_JSON_CONTENT_TYPE, type BinaryCodec } from "./cloudevents-binary.js";
import { JSON_CONTENT_TYPE } from "./headers.js";

export interface WireFormat {
  mode: ContentMode;
  /** Content-Type of a structured message. */
  contentType: string;
  /** Set in binary mode: attributes go to `ce-*` headers, `data` is the body. */
  binary?: BinaryCodec;
}

const MODES: readonly ContentMode[] = ["structured", "binary"];

/**
 * `requested` (the client's `contentMode`) wins over the registry's `envelope.cloudevents.mode`.
 * A CloudEvents envelope in structured mode is sent as `application/cloudevents+json`, the
 * binding's marker for a whole event in the body; any other envelope as `application/json`.
 */
export function resolveWireFormat(envelope: EnvelopeDescriptor, requested?: ContentMode): WireFormat {
  if (requested !== undefined && !MODES.includes(requested)) {
    throw new RangeError(`Invalid contentMode ${JSON.stringify(requested)}: expected "structured" or "binary"`);
  }
  const cloudEvents = envelope.cloudEvents;
  if (cloudEvents === undefined) {
    if (requested === "binary") {
      throw new TypeError(
        'contentMode "binary" needs a CloudEvents envelope: declare "cloudevents": { "mode": ... } under "envelope" in registry.json',
      );
    }
    return { mode: "structured", contentType: JSON_CONTENT_TYPE };
  }
  const mode = requested ?? cloudEvents.mode;
  return mode === "binary"
    ? { mode, contentType: JSON_CONTENT_TYPE, binary: binaryCodec(envelope)! }
    : { mode, contentType: CLOUDEVENTS_JSON_CONTENT_TYPE };
}
