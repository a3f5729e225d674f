/**
 * The generator's verdict on the CloudEvents Distributed Tracing extension's members
 * (model/envelope-members.ts): given an envelope schema, whether a valid envelope stays valid with
 * `traceparent` and `tracestate` whatever trace context they carry. Each verdict is checked
 * against ajv itself, on a valid envelope with many trace contexts: "accepted" must never meet a
 * rejection, "refused" never an acceptance; undefined is the runtime asking ajv each time.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { isPropertywise, traceExtensionVerdict } from "../../generator/model/envelope-members.js";
import { REPO_ROOT } from "../support/bin.js";

const BASE = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["id", "data"],
  properties: { id: { type: "string" }, data: { type: "object" } },
};
const envelope = (extra: Record<string, unknown>, properties: Record<string, unknown> = {}) => ({ ...BASE, ...extra, properties: { ...BASE.properties, ...properties } });

const cases: Array<{ given: string; schema: Record<string, unknown>; want: "accepted" | "refused" | undefined }> = [
  { given: "members not declared, additionalProperties absent", schema: envelope({}), want: "accepted" },
  { given: "members not declared, additionalProperties true", schema: envelope({ additionalProperties: true }), want: "accepted" },
  { given: "members not declared, additionalProperties {}", schema: envelope({ additionalProperties: {} }), want: "accepted" },
  { given: "members not declared, additionalProperties false", schema: envelope({ additionalProperties: false }), want: "refused" },
  { given: "both declared as optional strings, closed envelope", schema: envelope({ additionalProperties: false }, { traceparent: { type: "string", description: "W3C" }, tracestate: { type: "string" } }), want: "accepted" },
  { given: "both declared as string or null", schema: envelope({}, { traceparent: { type: ["string", "null"] }, tracestate: { description: "any" } }), want: "accepted" },
  { given: "only traceparent declared, closed envelope", schema: envelope({ additionalProperties: false }, { traceparent: { type: "string" } }), want: undefined },
  { given: "traceparent declared false", schema: envelope({}, { traceparent: false }), want: "refused" },
  { given: "traceparent with a pattern", schema: envelope({}, { traceparent: { type: "string", pattern: "^00-" } }), want: undefined },
  { given: "tracestate with a maxLength", schema: envelope({}, { tracestate: { type: "string", maxLength: 8 } }), want: undefined },
  { given: "additionalProperties a string schema with a format", schema: envelope({ additionalProperties: { type: "string", format: "uri" } }), want: undefined },
  { given: "additionalProperties a number schema", schema: envelope({ additionalProperties: { type: "number" } }), want: undefined },
  { given: "patternProperties at the top level", schema: envelope({ patternProperties: { "^trace": { type: "number" } } }), want: undefined },
  { given: "maxProperties at the top level", schema: envelope({ maxProperties: 3 }), want: undefined },
  { given: "allOf at the top level", schema: envelope({ allOf: [{ not: { required: ["traceparent"] } }] }), want: undefined },
  { given: "unevaluatedProperties false", schema: envelope({ unevaluatedProperties: false }), want: undefined },
  { given: "a $ref for traceparent", schema: envelope({ $defs: { s: { type: "string" } } }, { traceparent: { $ref: "#/$defs/s" } }), want: undefined },
];

const TRACES = [
  { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
  { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7" },
  { traceparent: "ff-00000000000000000000000000000001-0000000000000001-00", tracestate: "a=1" },
];

describe("the trace extension's verdict", () => {
  it.each(cases)("$given: $want", ({ schema, want }) => {
    expect(traceExtensionVerdict(schema)).toBe(want);
  });

  it.each(cases.filter((c) => c.want !== undefined))("$given: ajv agrees with $want on every trace context", ({ schema, want }) => {
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const plain = { id: "e-1", data: {} };
    expect(validate(plain), "the plain envelope is valid").toBe(true);
    for (const trace of TRACES) expect(validate({ ...plain, ...trace }), JSON.stringify(trace)).toBe(want === "accepted");
  });

  it.each(["examples/slotwise/envelope.schema.json", "templates/init/cloudevents.schema.json"])("%s, a CloudEvents envelope shipped with jetschema: accepted", (file) => {
    expect(traceExtensionVerdict(JSON.parse(readFileSync(`${REPO_ROOT}/${file}`, "utf8")) as Record<string, unknown>)).toBe("accepted");
  });

  it("is asked only of envelopes checked member by member", () => {
    expect(isPropertywise(envelope({ additionalProperties: false }))).toBe(true);
    expect(isPropertywise(envelope({ if: { required: ["x"] } }))).toBe(false);
  });
});
