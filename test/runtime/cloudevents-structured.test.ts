import { describe, expect, it } from "vitest";
import { CloudEventDecodeError, type BinaryCodec } from "../../runtime/src/envelope/cloudevents-binary.js";
import { inlineBase64Data } from "../../runtime/src/envelope/cloudevents-structured.js";

const codec: BinaryCodec = { json: new Set(), dataField: "data", hasDataContentType: true };
const b64 = (bytes: string | Uint8Array) => Buffer.from(bytes).toString("base64");

describe("inlineBase64Data: a structured CloudEvent's data_base64 read as its JSON data", () => {
  it.each([
    { given: { id: "a", data_base64: b64('{"x":1}') }, want: { id: "a", data: { x: 1 } } },
    { given: { id: "a", data_base64: b64('[1,"é"]') }, want: { id: "a", data: [1, "é"] } },
    { given: { id: "a", data: { x: 1 } }, want: { id: "a", data: { x: 1 } } },
    { given: { id: "a" }, want: { id: "a" } },
  ])("$given → $want", ({ given, want }) => {
    const envelope: Record<string, unknown> = { ...given };
    inlineBase64Data(codec, envelope);
    expect(envelope).toEqual(want);
  });

  it.each([
    { name: "data beside it", given: { data: {}, data_base64: b64("{}") }, error: /both "data" and "data_base64"/ },
    { name: "not a string", given: { data_base64: 7 }, error: /"data_base64" is not base64 text/ },
    { name: "not base64", given: { data_base64: "e30=!" }, error: /"data_base64" is not base64 text/ },
    { name: "unpadded", given: { data_base64: "e30" }, error: /"data_base64" is not base64 text/ },
    { name: "not JSON", given: { data_base64: b64("not json") }, error: /"data_base64" \(the event's data\) is not JSON/ },
    { name: "not UTF-8", given: { data_base64: b64(new Uint8Array([0x22, 0xc3, 0x28, 0x22])) }, error: /"data_base64" \(the event's data\) is not UTF-8/ },
  ])("refuses $name", ({ given, error }) => {
    const envelope: Record<string, unknown> = { ...given };
    expect(() => inlineBase64Data(codec, envelope)).toThrow(CloudEventDecodeError);
    expect(() => inlineBase64Data(codec, { ...given })).toThrow(error);
  });
});
