/**
 * Publishing trusts the fields the runtime fills once a whole envelope of that event and source
 * has passed; the caller's context is still checked on every publish.
 */
import { describe, expect, it } from "vitest";
import { buildEnvelope, type EnvelopeDescriptor, type EventDescriptor } from "@jetschema/runtime";
import { createAjv } from "../../generator/base/ajv.js";

const ajv = createAjv("draft7");
const envelopeSchema = {
  type: "object",
  required: ["id", "type", "version", "timestamp", "source", "tenant_id", "data"],
  properties: {
    id: { type: "string" },
    type: { type: "string" },
    version: { type: "string" },
    timestamp: { type: "string", format: "date-time" },
    source: { type: "string", pattern: "^[a-z-]+$" },
    tenant_id: { type: "string", format: "uuid" },
    data: { type: "object" },
  },
};
let calls = 0;
const full = ajv.compile(envelopeSchema);
const counted = Object.assign((d: unknown) => (calls++, full(d)), {}) as unknown as EnvelopeDescriptor["validate"];
Object.defineProperty(counted, "errors", { get: () => full.errors });
const descriptor: EnvelopeDescriptor = {
  fields: { id: "id", type: "type", time: "timestamp", version: "version", source: "source", data: "data" },
  context: [{ name: "tenant_id", required: true }],
  validate: counted,
  validateContext: ajv.compile({ type: "object", properties: { tenant_id: envelopeSchema.properties.tenant_id } }),
};
const event = { key: "a.b@1", name: "a.b", major: 1, version: "1.0", subject: "x.a.b.v1", type: "a.b", delivery: "at-least-once", validators: {} } as EventDescriptor;
const tenant = "7d1b6f36-5d8e-4a8b-9d0e-0f5c1a2b3c4d";

describe("envelope validation on publish", () => {
  it("validates the whole envelope once per event and source, then only the context", () => {
    calls = 0;
    for (let i = 0; i < 5; i++) expect(buildEnvelope(descriptor, event, { data: {}, source: "api", context: { tenant_id: tenant } }).issues).toEqual([]);
    expect(calls).toBe(1);
  });

  it("still rejects a bad context value after the envelope was trusted", () => {
    const { issues } = buildEnvelope(descriptor, event, { data: {}, source: "api", context: { tenant_id: "not-a-uuid" } });
    expect(issues).toEqual([expect.objectContaining({ pointer: "/tenant_id", keyword: "format" })]);
  });

  it("never trusts a source the envelope rejects", () => {
    for (let i = 0; i < 2; i++) {
      const { issues } = buildEnvelope(descriptor, event, { data: {}, source: "Bad Source", context: { tenant_id: tenant } });
      expect(issues).toEqual([expect.objectContaining({ pointer: "/source", keyword: "pattern" })]);
    }
  });

  it("validates everything when the caller supplies its own id or time", () => {
    calls = 0;
    const { issues } = buildEnvelope(descriptor, event, { data: {}, source: "api", context: { tenant_id: tenant }, time: "yesterday" });
    expect(calls).toBeGreaterThan(0);
    expect(issues).toEqual([expect.objectContaining({ pointer: "/timestamp", keyword: "format" })]);
  });

  it("still requires required context", () => {
    const { issues } = buildEnvelope(descriptor, event, { data: {}, source: "api", context: {} });
    expect(issues).toEqual([expect.objectContaining({ pointer: "/tenant_id", keyword: "required" })]);
  });
});

describe("context defaults", () => {
  const withDefault: EnvelopeDescriptor = {
    ...descriptor,
    context: [{ name: "tenant_id", required: true, default: tenant }],
    validate: full as unknown as EnvelopeDescriptor["validate"],
  };
  it.each([
    { given: {}, want: tenant, why: "filled with the schema's default when the caller passes none" },
    { given: { tenant_id: "0b9d3c1e-5f4a-4e2b-9c8d-7a6b5c4d3e2f" }, want: "0b9d3c1e-5f4a-4e2b-9c8d-7a6b5c4d3e2f", why: "the caller's value wins" },
  ])("$why", ({ given, want }) => {
    const built = buildEnvelope(withDefault, event, { data: {}, source: "api", context: given });
    expect(built.issues).toEqual([]);
    expect(built.envelope["tenant_id"]).toBe(want);
  });
});
