/**
 * Enums longer than 256 values are checked for duplicates in O(n) by load-registry.ts and shown to
 * the meta-schema with their first value only; a file whose text has fewer than 256 commas cannot
 * hold one and is not walked for one (readJson's mayHoldLargeEnum). Either way the load reports a
 * duplicate enum value at its pointer, and accepts an enum without one.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Diagnostics } from "../../generator/base/diagnostics.js";
import { DEFAULT_INPUT_LIMITS } from "../../generator/load/input-limits.js";
import { loadRegistry, readJson } from "../../generator/load/load-registry.js";
import type { RegistryFiles } from "../../generator/load/registry-files.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-large-enums-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function oneFile(text: string): RegistryFiles {
  return { root: "/", list: ["x.json"], unlisted: [], limits: DEFAULT_INPUT_LIMITS, text: () => text, failure: () => undefined, digest: () => "d" };
}

const codes = (n: number) => Array.from({ length: n }, (_, i) => `code-${i}`);

describe("a text that may hold a large enum", () => {
  it.each([
    { given: "no comma", text: '{"type": "string"}', want: false },
    { given: "255 commas: an enum of 256 values", text: JSON.stringify({ enum: codes(256) }), want: false },
    { given: "256 commas: an enum of 257 values", text: JSON.stringify({ enum: codes(257) }), want: true },
    { given: "256 commas, all inside one string", text: JSON.stringify({ description: ",".repeat(256) }), want: true },
    { given: "256 commas between properties", text: JSON.stringify({ properties: Object.fromEntries(codes(257).map((c) => [c, { type: "string" }])) }), want: true },
  ])("$given: $want", ({ text, want }) => {
    expect(readJson(oneFile(text), "x.json", new Diagnostics())?.mayHoldLargeEnum).toBe(want);
  });
});

/** The features fixture with order/shipped 1.0 given a property `code` of this enum, and `padding`'s description of that many commas; its diagnostics. */
function loadWithEnum(name: string, values: unknown[], padding = 0): Array<{ file: string; pointer: string; message: string }> {
  const root = join(tmp, name);
  cpSync("test/fixtures/good/features", root, { recursive: true });
  const file = join(root, "order/shipped/1.0.json");
  const schema = JSON.parse(readFileSync(file, "utf8")) as { properties: Record<string, unknown> };
  schema.properties.code = { enum: values };
  if (padding > 0) schema.properties.padding = { type: "string", description: ",".repeat(padding) };
  writeFileSync(file, JSON.stringify(schema, null, 2));
  const diagnostics = new Diagnostics();
  loadRegistry(root, diagnostics);
  return diagnostics.list.filter((d) => d.severity === "error").map(({ file, pointer, message }) => ({ file, pointer, message }));
}

describe("duplicate enum values, in large and small enums", () => {
  const duplicate = (n: number, at: number) => {
    const values: unknown[] = codes(n);
    values[at] = values[1];
    return values;
  };
  it.each([
    { given: "300 distinct values", values: codes(300), padding: 0, want: [] },
    { given: "300 distinct objects", values: codes(300).map((c) => ({ c })), padding: 0, want: [] },
    { given: "300 values, the 2nd again at 299", values: duplicate(300, 299), padding: 0, want: ["must NOT have duplicate items (items ## 1 and 299 are identical)"] },
    { given: "300 objects, equal but for key order", values: [{ a: 1, b: 2 }, ...codes(298), { b: 2, a: 1 }], padding: 0, want: ["must NOT have duplicate items (items ## 0 and 299 are identical)"] },
    { given: "3 values, one twice, in a short file", values: ["a", "b", "a"], padding: 0, want: ["must NOT have duplicate items (items ## 0 and 2 are identical)"] },
    { given: "3 values, one twice, in a file of 400 commas", values: ["a", "b", "a"], padding: 400, want: ["must NOT have duplicate items (items ## 0 and 2 are identical)"] },
  ])("$given", ({ given, values, padding, want }) => {
    const found = loadWithEnum(given.replace(/\W+/g, "-"), values, padding);
    expect(found).toEqual(want.map((message) => ({ file: "order/shipped/1.0.json", pointer: "/properties/code/enum", message })));
  });
});
