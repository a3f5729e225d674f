/**
 * A major whose latest minor cannot read its older minors (compat/latest-reads.ts) is received as
 * any of its minors, so its AsyncAPI message must accept each minor's data: an AsyncAPI validator
 * or code generator reading the document would otherwise reject, or mis-type, a 1.0 message. The
 * document is read by the AsyncAPI parser, and each minor's examples, in the envelope with their
 * own version, are validated by ajv against the message's payload as the document writes it. A
 * major the latest minor reads whole keeps the payload it had. The registries:
 * test/fixtures/good/minor-unions (structured mode; see test/generator/minor-unions.test.ts) and
 * SlotWise in CloudEvents binary mode with auth.user.created under NONE and a 1.1 that adds a
 * required property.
 */
import { Parser } from "@asyncapi/parser";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createAjv } from "../../generator/base/ajv.js";
import { minorsLatestCannotRead } from "../../generator/compat/latest-reads.js";
import { asyncApiYaml } from "../../generator/emit/asyncapi/emit-asyncapi.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import type { MajorModel, RegistryModel } from "../../generator/model/registry-model.js";

type Doc = Record<string, any>;

function exported(model: RegistryModel | undefined): { model: RegistryModel; yaml: string; doc: Doc } {
  if (!model) throw new Error("the registry does not load");
  const yaml = asyncApiYaml(model);
  return { model, yaml, doc: parse(yaml) as Doc };
}

const structured = exported(checkRegistryAt("test/fixtures/good/minor-unions").model);

/** SlotWise in binary mode, auth.user.created 1.1 adding the required `tier` under NONE. */
const binary = (() => {
  const dir = mkdtempSync(join(tmpdir(), "jetschema-asyncapi-unions-"));
  try {
    cpSync("examples/slotwise", dir, { recursive: true });
    const configPath = join(dir, "registry.json");
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    config.envelope.cloudevents.mode = "binary";
    config.compatibilityOverrides = { ...config.compatibilityOverrides, "auth.user.created": "NONE" };
    writeFileSync(configPath, JSON.stringify(config));
    const v10 = JSON.parse(readFileSync(join(dir, "auth/user/created/1.0.json"), "utf8"));
    const v11 = { ...v10, required: [...v10.required, "tier"], properties: { ...v10.properties, tier: { enum: ["free", "pro"] } } };
    v11.examples = v10.examples.map((e: object) => ({ ...e, tier: "pro" }));
    writeFileSync(join(dir, "auth/user/created/1.1.json"), JSON.stringify(v11));
    return exported(checkRegistryAt(dir).model);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

/** ajv over the whole document, so the payload's `$ref`s reach its components (draft-07, AsyncAPI's schema dialect). */
function payloadValidator(doc: Doc, message: string) {
  const ajv = createAjv("draft7");
  ajv.addSchema(doc, "asyncapi.yaml");
  return ajv.compile({ $ref: `asyncapi.yaml#/components/messages/${message}/payload` });
}

function major(model: RegistryModel, key: string): MajorModel {
  const m = model.majors.find((x) => x.key === key);
  if (!m) throw new Error(`no major ${key}`);
  return m;
}

/** A whole event of this registry in structured mode: the envelope's required fields, with `version` and `data` given. */
function envelope(m: MajorModel, version: string, data: unknown): Record<string, unknown> {
  return { id: "evt-1", type: m.type, version, timestamp: "2025-06-01T09:00:00Z", source: "test", data };
}

const examplesOf = (m: MajorModel) => m.versions.flatMap((v) => ((v.schema.examples as unknown[] | undefined) ?? []).map((data) => ({ version: v.version, data })));

describe.each([
  { name: "the minor-unions fixture (structured mode)", e: structured },
  { name: "SlotWise in binary mode with a union major", e: binary },
])("the AsyncAPI export of $name", ({ e }) => {
  it("parses with no error; its one remark is that 3.1.0 exists", async () => {
    const { document, diagnostics } = await new Parser().parse(e.yaml);
    expect(document).toBeDefined();
    expect(diagnostics.map((d) => String(d.code))).toEqual(["asyncapi-latest-version"]);
  });
});

describe("structured mode: the message of a major whose latest minor cannot read its older minors", () => {
  const { model, doc } = structured;
  const unions = ["tree.grown@1", "tree.updated@1", "tree.updated@2"];

  it("the fixture has the unions and the whole majors this test expects", () => {
    expect(model.majors.filter((m) => minorsLatestCannotRead(model, m).length > 0).map((m) => m.key)).toEqual(unions);
  });

  it.each(unions)("%s: every minor's examples, in the envelope with their own version, are valid payloads", (key) => {
    const m = major(model, key);
    const valid = payloadValidator(doc, m.typeName);
    const examples = examplesOf(m);
    expect(new Set(examples.map((x) => x.version)).size).toBe(m.versions.length);
    for (const { version, data } of examples) expect(valid(envelope(m, version, data)), `${version} ${JSON.stringify(data)}: ${JSON.stringify(valid.errors)}`).toBe(true);
  });

  it("each minor's data is held to its own minor: 1.0 data labelled 1.1 is not valid, nor 2.0's `max` labelled 2.1", () => {
    expect(payloadValidator(doc, "TreeUpdated")(envelope(major(model, "tree.updated@1"), "1.1", { name: "oak" }))).toBe(false);
    expect(payloadValidator(doc, "TreeUpdatedV2")(envelope(major(model, "tree.updated@2"), "2.1", { name: "oak", rev: 2, level: "max" }))).toBe(false);
    expect(payloadValidator(doc, "TreeGrown")(envelope(major(model, "tree.grown@1"), "1.1", { name: "oak", height: "3m" }))).toBe(false);
  });

  it("the payload is one envelope per minor, named like the generated package's event types, each minor's data a component named like its type", () => {
    expect(doc.components.messages.TreeUpdated.payload).toEqual({
      title: "TreeUpdatedEvent",
      oneOf: [
        {
          title: "TreeUpdatedV1_0Event",
          allOf: [
            { $ref: "#/components/schemas/Envelope" },
            { type: "object", properties: { type: { const: "tree.updated" }, version: { const: "1.0" }, data: { $ref: "#/components/schemas/TreeUpdatedV1_0" } } },
          ],
        },
        {
          title: "TreeUpdatedV1_1Event",
          allOf: [
            { $ref: "#/components/schemas/Envelope" },
            { type: "object", properties: { type: { const: "tree.updated" }, version: { const: "1.1" }, data: { $ref: "#/components/schemas/TreeUpdated" } } },
          ],
        },
      ],
    });
    expect(doc.components.schemas.TreeUpdatedV1_0.required).toEqual(["name"]);
    expect(doc.components.schemas.TreeUpdatedV1_0.properties.root).toEqual({ $ref: "#/components/schemas/Node" });
    expect(doc.components.schemas.TreeUpdated.required).toEqual(["name", "rev"]);
  });

  it.each([
    ["tree.planted@1", "TreePlanted"],
    ["tree.pruned@1", "TreePruned"],
  ])("%s, read whole by its latest minor, keeps the one envelope with the latest minor's data", (key, name) => {
    const m = major(model, key);
    expect(doc.components.messages[name].payload).toEqual({
      title: `${name}Event`,
      allOf: [
        { $ref: "#/components/schemas/Envelope" },
        { type: "object", properties: { type: { const: m.type }, version: { enum: ["1.0", "1.1"] }, data: { $ref: `#/components/schemas/${name}` } } },
      ],
    });
    expect(doc.components.schemas[`${name}V1_0`]).toBeUndefined();
    for (const { version, data } of examplesOf(m)) expect(payloadValidator(doc, name)(envelope(m, version, data))).toBe(true);
  });
});

describe("binary mode: the message of a major whose latest minor cannot read its older minors", () => {
  const { model, doc } = binary;

  it("the payload is any of the minors' data (the ce-version header says which), and every minor's examples are valid", () => {
    const m = major(model, "auth.user.created@1");
    expect(minorsLatestCannotRead(model, m).map((v) => v.version)).toEqual(["1.0"]);
    const message = doc.components.messages.AuthUserCreated;
    expect(message.payload.anyOf).toEqual([{ $ref: "#/components/schemas/AuthUserCreatedV1_0" }, { $ref: "#/components/schemas/AuthUserCreated" }]);
    expect(message.headers.allOf[1].properties["ce-version"]).toEqual({ enum: ["1.0", "1.1"] });
    const valid = payloadValidator(doc, "AuthUserCreated");
    for (const { version, data } of examplesOf(m)) expect(valid(data), `${version}: ${JSON.stringify(valid.errors)}`).toBe(true);
    expect(valid({ userId: "usr_1" })).toBe(false);
  });

  it("a major read whole keeps its data component as the payload", () => {
    expect(doc.components.messages.BookingAppointmentCreated.payload).toEqual({ $ref: "#/components/schemas/BookingAppointmentCreated" });
  });
});
