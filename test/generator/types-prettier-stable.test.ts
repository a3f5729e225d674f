/**
 * The type files are written in prettier's layout by construction (emit/types/type-layout.ts) and
 * skip prettier at generate time. The safety net: for every registry we have (schemas/, every
 * example, the good fixtures, the hostile fixture, the generated hostile registry, synthetic ones)
 * and for json-schema-to-typescript's output on schemas built to sit on every side of the line
 * width, prettier with the generator's options changes nothing the layout wrote. What the layout
 * does not reproduce is left to prettier (and counted here, so the fallback stays rare).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { compile } from "json-schema-to-typescript";
import { format } from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import { CATALOG_SHAPE, writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { emitTypes } from "../../generator/emit/types/emit-types.js";
import { layoutDeclarations, typeImport } from "../../generator/emit/types/type-layout.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { writeHostileRegistry } from "../catalog/support/hostile-registry.js";
import { firstDifference } from "../support/first-difference.js";

/** The options generator/write/format.ts formats with. */
const OPTIONS = { printWidth: 100, filepath: "types/x.d.ts" } as const;

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-types-prettier-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const folders = (parent: string) =>
  readdirSync(parent, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d): [string, () => string, number] => [`${parent}/${d.name}`, () => join(parent, d.name), 1]);

/** [name, registry folder, least share of its type files laid out without prettier] */
const registries: Array<[string, () => string, number]> = [
  ["schemas/", () => "schemas", 1],
  ...folders("examples"),
  ...folders("test/fixtures/good").map(([n, d]): [string, () => string, number] => [n, d, 0.5]),
  ["test/fixtures/hostile", () => "test/fixtures/hostile", 0.5],
  ["the generated hostile registry", () => (writeHostileRegistry(join(tmp, "hostile")), join(tmp, "hostile")), 0],
  ["a synthetic registry of 60 events", () => (writeSyntheticRegistry(join(tmp, "synthetic"), { events: 60 }), join(tmp, "synthetic")), 1],
  ["a synthetic catalog-shaped registry of 60 events", () => (writeSyntheticRegistry(join(tmp, "catalog"), { events: 60, ...CATALOG_SHAPE }), join(tmp, "catalog")), 1],
];

describe("the type files are already prettier-formatted", () => {
  it.each(registries)("%s", async (_name, dir, leastLaidOut) => {
    const { model } = checkRegistryAt(dir());
    const types = await emitTypes(model);
    const changed: string[] = [];
    for (const path of types.formatted) {
      const text = types.files.get(path)!;
      const formatted = await format(text, { ...OPTIONS, filepath: path });
      if (formatted !== text) changed.push(`${path}: ${firstDifference(text, formatted)}`);
    }
    expect(changed).toEqual([]);
    expect(types.formatted.size / types.files.size).toBeGreaterThanOrEqual(leastLaidOut);
  });
});

const JSTT = { bannerComment: "", format: false, additionalProperties: false, unknownAny: true, strictIndexSignatures: true, declareExternallyReferenced: true } as const;

/** A string of `n` characters. */
const word = (n: number, c = "x") => c.repeat(Math.max(1, n));
const enumOf = (count: number, width: number) => ({ type: "string", enum: Array.from({ length: count }, (_, i) => `${word(width)}${i}`) });

/** Schemas whose declarations land just under, on and just over the width, at several depths. */
function shapes(): Array<[string, Record<string, unknown>]> {
  const out: Array<[string, Record<string, unknown>]> = [];
  for (let width = 3; width <= 30; width += 1) {
    const e = enumOf(4, width);
    out.push([`property enum, ${width}`, { type: "object", properties: { status: e }, required: ["status"] }]);
    out.push([`optional nullable enum, ${width}`, { type: "object", properties: { s: { type: ["string", "null"], enum: [...e.enum, null] } } }]);
    out.push([`array of enum, ${width}`, { type: "object", properties: { tags: { type: "array", items: e } } }]);
    out.push([`alias enum, ${width}`, e]);
    out.push([`alias array of enum, ${width}`, { type: "array", items: e }]);
    out.push([`nested enum, ${width}`, { type: "object", properties: { outer: { type: "object", properties: { inner: { type: "array", items: { type: "object", properties: { deep: e } } } } } } }]);
    out.push([`numbers, ${width}`, { type: "object", properties: { n: { enum: Array.from({ length: 6 }, (_, i) => 10 ** (width % 25) + i / 4) } } }]);
    out.push([`long key, ${width}`, { type: "object", properties: { [word(width * 3, "k")]: { type: ["string", "number", "boolean", "null"] } } }]);
    out.push([`index signature, ${width}`, { type: "object", properties: { a: { type: "string" } }, additionalProperties: enumOf(3, width) }]);
    out.push([`nullable object, ${width}`, { type: "object", properties: { o: { anyOf: [{ type: "object", properties: { [word(width)]: e } }, { type: "null" }] } } }]);
  }
  out.push(["keys that need quotes", { type: "object", properties: { "a-b": { type: "string" }, café: { type: "string" }, 'say "hi"': { type: "string" }, "it's": { type: "number" }, "1x": { type: "boolean" } } }]);
  out.push(["literals that need escapes", { type: "object", properties: { q: { enum: ['say "hi"', "it's", "both ' and \"", "back\\slash", "tab\there"] } } }]);
  out.push(["comments", { type: "object", description: "Line one.\n\n  indented  \ntrailing   ", properties: { a: { type: "string", description: "A.", deprecated: true }, b: { type: "array", items: { type: "string", description: "Each item." } } } }]);
  out.push(["empty object", { type: "object", properties: { e: { type: "object", properties: {} } } }]);
  out.push(["unknown", { type: "object", properties: { u: {}, v: { type: "array" } } }]);
  return out;
}

describe("json-schema-to-typescript's declarations laid out as prettier prints them", () => {
  it.each(shapes())("%s", async (_name, schema) => {
    const text = await compile(schema as never, "Shape", JSTT);
    const laidOut = layoutDeclarations(text);
    expect(laidOut, "laid out").toBeDefined();
    expect(laidOut).toBe(await format(text, OPTIONS));
  });

  it.each([
    [["A", "B"]],
    [["AVeryLongSharedTypeNameThatAloneMakesTheImportLineLongerThanTheWidthOfOneHundredColumns"]],
    [Array.from({ length: 8 }, (_, i) => `SharedTypeNumber${i}`)],
    [Array.from({ length: 5 }, (_, i) => `SharedType${i}x`)],
  ])("an import of %j", async (names) => {
    const text = typeImport(names, "./_shared.js") + "\nexport type Z = string;\n";
    expect(text).toBe(await format(text, OPTIONS));
  });

  it.each([
    ["an intersection", { allOf: [{ type: "object", properties: { a: { type: "string" } } }, { type: "object", properties: { b: { type: "string" } } }] }],
    ["a union in a union", { type: "object", properties: { s: { anyOf: [enumOf(3, 5), { type: "null" }] } } }],
    ["a tuple", { type: "array", items: [{ type: "string" }, { type: "number" }], minItems: 2 }],
    ["a custom tsType", { type: "object", properties: { f: { tsType: "Array<Map<string, number>>" } } }],
  ])("%s is left to prettier", async (_name, schema) => {
    expect(layoutDeclarations(await compile(schema as never, "Shape", JSTT))).toBeUndefined();
  });
});
