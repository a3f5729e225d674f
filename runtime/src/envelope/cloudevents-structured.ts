/**
 * CloudEvents structured content mode (JSON event format, 3.1.1): data that is bytes travels as
 * `data_base64`, never beside `data`. The official SDKs write it whenever an event's data is a
 * byte array, JSON text serialised ahead of time among them, and the same event sent in binary
 * mode is those bytes as the body. The registry describes the data as JSON, so the bytes are read
 * as UTF-8 JSON and put where the envelope schema expects them: both modes then give a consumer
 * the same envelope. Bytes that are not base64, or not JSON, cannot be the event's data.
 */
import { CloudEventDecodeError, type BinaryCodec } from "./cloudevents-binary.js";
import { parseJsonBytes } from "../base/utf8-json.js";

export const DATA_BASE64 = "data_base64";

/** Canonical base64 (RFC 4648 section 4, padded): Buffer.from would skip any other character unsaid. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Replaces a structured event's `data_base64` with the JSON it encodes, as its data; throws CloudEventDecodeError. */
export function inlineBase64Data(codec: BinaryCodec, envelope: Record<string, unknown>): void {
  const encoded = envelope[DATA_BASE64];
  if (encoded === undefined) return;
  if (envelope[codec.dataField] !== undefined) {
    throw new CloudEventDecodeError(`the event has both "${codec.dataField}" and "${DATA_BASE64}" (CloudEvents allows one)`);
  }
  if (typeof encoded !== "string" || !BASE64.test(encoded)) {
    throw new CloudEventDecodeError(`"${DATA_BASE64}" is not base64 text`);
  }
  try {
    envelope[codec.dataField] = parseJsonBytes(Buffer.from(encoded, "base64"), `"${DATA_BASE64}" (the event's data)`);
  } catch (err) {
    throw new CloudEventDecodeError((err as Error).message);
  }
  delete envelope[DATA_BASE64];
}
