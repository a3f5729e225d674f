/**
 * The compatibility engine, table-driven: each case is an older and a newer version file of one
 * event (written to a real registry, refs and all, so `$ref` goes through the resolve stage) and
 * the exact findings expected: rule, directions and, where it matters, the JSON pointer.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareVersions, type CompatFinding } from "../../generator/compat/index.js";
import { R, type Direction } from "../../generator/compat/rules.js";
import type { RegistryModel } from "../../generator/model/registry-model.js";
import { DRAFT2020, DRAFT7, loadModel, tempDir, writeRegistry } from "./support.js";

type Expected = [rule: string, breaks: Direction[], pointer?: string];

interface Case {
  name: string;
  old: Record<string, unknown>;
  new: Record<string, unknown>;
  policy?: "open" | "strict";
  expect: Expected[];
  /** A substring every finding's message (or the first one's) must contain. */
  message?: string;
}

const B: Direction[] = ["BACKWARD"];
const F: Direction[] = ["FORWARD"];
const BF: Direction[] = ["BACKWARD", "FORWARD"];
const C: Direction[] = [];

const o = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "object", properties, ...extra });
const str = (extra: Record<string, unknown> = {}) => ({ type: "string", ...extra });
const int = (extra: Record<string, unknown> = {}) => ({ type: "integer", ...extra });
const ref = (def: string, extra: Record<string, unknown> = {}) => ({ $ref: `../../defs/shared.json#/$defs/${def}`, ...extra });
const arr = (items: unknown, extra: Record<string, unknown> = {}) => ({ type: "array", items, ...extra });

const DEFS = {
  $schema: DRAFT7,
  $defs: {
    Id: { type: "string", minLength: 1, maxLength: 128 },
    ShortId: { type: "string", minLength: 1, maxLength: 64 },
    SameAsId: { type: "string", minLength: 1, maxLength: 128 },
    Money: o({ currency: str({ pattern: "^[A-Z]{3}$" }), amount: int() }, { required: ["currency", "amount"] }),
    MoneyV2: o({ currency: str({ pattern: "^[A-Z]{3}$" }), amount: int(), scale: int({ minimum: 0 }) }, { required: ["currency", "amount", "scale"] }),
  },
};

const card = (extra: Record<string, unknown> = {}) => o({ kind: { const: "card" }, last4: str({ maxLength: 4, ...extra }) }, { required: ["kind"] });
const iban = o({ kind: { const: "iban" }, iban: str() }, { required: ["kind"] });
const cash = o({ kind: { const: "cash" } }, { required: ["kind"] });
const tree = (maxLength: number) => ({
  $defs: { Node: o({ label: str({ maxLength }), children: arr({ $ref: "#/$defs/Node" }) }) },
  ...o({ root: { $ref: "#/$defs/Node" } }),
});

const cases: Case[] = [
  // --- types and nullability
  { name: "integer → number widens", old: o({ n: int() }), new: o({ n: { type: "number" } }), expect: [[R.TYPE_WIDENED, F, "/properties/n/type"]] },
  { name: "number → integer narrows", old: o({ n: { type: "number" } }), new: o({ n: int() }), expect: [[R.TYPE_NARROWED, B, "/properties/n/type"]] },
  { name: "string → integer changes", old: o({ s: str() }), new: o({ s: int() }), expect: [[R.TYPE_CHANGED, BF, "/properties/s/type"]] },
  { name: "string → object: disjoint types stop the walk", old: o({ s: str({ maxLength: 3 }) }), new: o({ s: o({ a: str() }) }), expect: [[R.TYPE_CHANGED, BF]] },
  { name: "any → string narrows", old: o({ v: {} }), new: o({ v: str() }), expect: [[R.TYPE_NARROWED, B, "/properties/v/type"]] },
  { name: "object → object | array widens", old: o({ v: { type: "object" } }), new: o({ v: { type: ["object", "array"] } }), expect: [[R.TYPE_WIDENED, F]] },
  { name: "string → string | null becomes nullable", old: o({ s: str() }), new: o({ s: { type: ["string", "null"] } }), expect: [[R.BECAME_NULLABLE, F, "/properties/s"]] },
  { name: "anyOf [$ref, null] → $ref is no longer nullable", old: o({ m: { anyOf: [ref("Money"), { type: "null" }] } }), new: o({ m: ref("Money") }), expect: [[R.NO_LONGER_NULLABLE, B, "/properties/m"]] },
  { name: "type [string, null] ≡ anyOf [string, null]", old: o({ s: { type: ["string", "null"] } }), new: o({ s: { anyOf: [str(), { type: "null" }] } }), expect: [] },
  { name: "nullable $ref becomes nullable", old: o({ m: ref("Money") }), new: o({ m: { oneOf: [{ type: "null" }, ref("Money")] } }), expect: [[R.BECAME_NULLABLE, F]] },
  // --- values
  { name: "enum value added", old: o({ c: str({ enum: ["web", "app"] }) }), new: o({ c: str({ enum: ["web", "app", "kiosk"] }) }), expect: [[R.ENUM_VALUES_ADDED, F, "/properties/c/enum"]], message: '"kiosk"' },
  { name: "enum value removed", old: o({ c: str({ enum: ["web", "app"] }) }), new: o({ c: str({ enum: ["web"] }) }), expect: [[R.ENUM_VALUES_REMOVED, B]] },
  { name: "enum value renamed: added and removed", old: o({ c: str({ enum: ["web", "app"] }) }), new: o({ c: str({ enum: ["web", "mobile"] }) }), expect: [[R.ENUM_VALUES_ADDED, F], [R.ENUM_VALUES_REMOVED, B]] },
  { name: "const changed", old: o({ v: { const: 1 } }), new: o({ v: { const: 2 } }), expect: [[R.CONST_CHANGED, BF, "/properties/v/const"]] },
  { name: "const → enum of it and more", old: o({ v: str({ const: "a" }) }), new: o({ v: str({ enum: ["a", "b"] }) }), expect: [[R.ENUM_VALUES_ADDED, F]] },
  { name: "type added beside an enum it already implies: no change", old: o({ v: { enum: ["a", "b"] } }), new: o({ v: str({ enum: ["a", "b"] }) }), expect: [] },
  { name: "enum removed", old: o({ v: str({ enum: ["a", "b"] }) }), new: o({ v: str() }), expect: [[R.ENUM_REMOVED, F]] },
  { name: "enum gains null with the type: only nullability", old: o({ v: str({ enum: ["a", "b"] }) }), new: o({ v: { type: ["string", "null"], enum: ["a", "b", null] } }), expect: [[R.BECAME_NULLABLE, F]] },
  // --- numbers
  { name: "minimum 0 → exclusiveMinimum 0 tightens", old: o({ n: int({ minimum: 0 }) }), new: o({ n: int({ exclusiveMinimum: 0 }) }), expect: [[R.BOUND_TIGHTENED, B, "/properties/n/exclusiveMinimum"]] },
  { name: "exclusiveMaximum 100 → maximum 100 loosens", old: o({ n: int({ exclusiveMaximum: 100 }) }), new: o({ n: int({ maximum: 100 }) }), expect: [[R.BOUND_LOOSENED, F]] },
  { name: "minimum added, maximum removed", old: o({ n: int({ maximum: 10 }) }), new: o({ n: int({ minimum: 0 }) }), expect: [[R.BOUND_ADDED, B], [R.BOUND_REMOVED, F]] },
  { name: "multipleOf 0.01 → 0.05 tightens", old: o({ n: { type: "number", multipleOf: 0.01 } }), new: o({ n: { type: "number", multipleOf: 0.05 } }), expect: [[R.MULTIPLE_TIGHTENED, B]] },
  { name: "multipleOf 0.5 → 0.25 loosens", old: o({ n: { type: "number", multipleOf: 0.5 } }), new: o({ n: { type: "number", multipleOf: 0.25 } }), expect: [[R.MULTIPLE_LOOSENED, F]] },
  // --- strings
  { name: "maxLength tightened", old: o({ s: str({ maxLength: 256 }) }), new: o({ s: str({ maxLength: 128 }) }), expect: [[R.LENGTH_TIGHTENED, B, "/properties/s/maxLength"]], message: "s: maxLength 256 → 128" },
  { name: "minLength 1 → 0 removes the limit", old: o({ s: str({ minLength: 1 }) }), new: o({ s: str({ minLength: 0 }) }), expect: [[R.LENGTH_REMOVED, F]] },
  { name: "pattern changed", old: o({ s: str({ pattern: "^a" }) }), new: o({ s: str({ pattern: "^b" }) }), expect: [[R.PATTERN_CHANGED, BF]] },
  { name: "format added", old: o({ t: str() }), new: o({ t: str({ format: "date-time" }) }), expect: [[R.FORMAT_ADDED, B]] },
  { name: "format email → idn-email loosens", old: o({ e: str({ format: "email" }) }), new: o({ e: str({ format: "idn-email" }) }), expect: [[R.FORMAT_LOOSENED, F]] },
  // --- objects, open content model
  { name: "optional property added (open model, open policy): compatible", old: o({ a: str() }), new: o({ a: str(), b: int() }), expect: [[R.PROP_ADDED_OPEN, C, "/properties/b"]], message: 'optional property "b" added' },
  { name: "optional property added (open model, strict policy)", policy: "strict", old: o({ a: str() }), new: o({ a: str(), b: int() }), expect: [[R.PROP_ADDED_OPEN, B]] },
  { name: "property accepting anything added (strict policy): compatible", policy: "strict", old: o({ a: str() }), new: o({ a: str(), b: { description: "anything" } }), expect: [[R.PROP_ADDED_OPEN, C]] },
  { name: "required property added", old: o({ a: str() }), new: o({ a: str(), b: int() }, { required: ["b"] }), expect: [[R.PROP_ADDED_OPEN, C], [R.REQUIRED_NO_DEFAULT, B, "/required/0"]] },
  { name: "required property added with a default", old: o({ a: str() }), new: o({ a: str(), b: int({ default: 0 }) }, { required: ["b"] }), expect: [[R.PROP_ADDED_OPEN, C], [R.REQUIRED_WITH_DEFAULT, B]] },
  { name: "optional property removed (open policy): compatible", old: o({ a: str(), b: int() }), new: o({ a: str() }), expect: [[R.PROP_REMOVED_OPEN, C, "/properties/b"]] },
  { name: "optional property removed (strict policy)", policy: "strict", old: o({ a: str(), b: int() }), new: o({ a: str() }), expect: [[R.PROP_REMOVED_OPEN, F]] },
  { name: "required property removed", old: o({ a: str(), b: int() }, { required: ["b"] }), new: o({ a: str() }), expect: [[R.PROP_REMOVED_OPEN, C], [R.OPTIONAL_NO_DEFAULT, F, "/required"]] },
  { name: "required → optional with a default old readers know", old: o({ b: int({ default: 0 }) }, { required: ["b"] }), new: o({ b: int({ default: 0 }) }), expect: [[R.OPTIONAL_WITH_DEFAULT, F, "/properties/b"]] },
  // --- objects, closed content model
  { name: "optional property added to a closed model", old: o({ a: str() }, { additionalProperties: false }), new: o({ a: str(), b: int() }, { additionalProperties: false }), expect: [[R.PROP_ADDED_CLOSED, F]] },
  { name: "optional property removed from a closed model", old: o({ a: str(), b: int() }, { additionalProperties: false }), new: o({ a: str() }, { additionalProperties: false }), expect: [[R.PROP_REMOVED_CLOSED, B]] },
  { name: "required property added to a closed model: both ways", old: o({ a: str() }, { additionalProperties: false }), new: o({ a: str(), b: int() }, { additionalProperties: false, required: ["b"] }), expect: [[R.PROP_ADDED_CLOSED, F], [R.REQUIRED_NO_DEFAULT, B]] },
  { name: "model closed", old: o({ a: str() }), new: o({ a: str() }, { additionalProperties: false }), expect: [[R.MODEL_CLOSED, B, "/additionalProperties"]] },
  { name: "model opened", old: o({ a: str() }, { additionalProperties: false }), new: o({ a: str() }, { additionalProperties: true }), expect: [[R.MODEL_OPENED, F]] },
  { name: "additionalProperties schema widened", old: o({}, { additionalProperties: str() }), new: o({}, { additionalProperties: { type: ["string", "number"] } }), expect: [[R.TYPE_WIDENED, F, "/additionalProperties/type"]] },
  { name: "property declared in a typed map, with another type", old: o({}, { additionalProperties: str() }), new: o({ a: int() }, { additionalProperties: str() }), expect: [[R.PROP_ADDED_TYPED, C], [R.TYPE_CHANGED, BF, "/properties/a/type"]] },
  { name: "patternProperties schema changed", old: o({}, { patternProperties: { "^x-": str() } }), new: o({}, { patternProperties: { "^x-": int() } }), expect: [[R.TYPE_CHANGED, BF, "/patternProperties/^x-/type"]] },
  // a patternProperties key that may backtrack catastrophically is never run on a name: what governs the name is undecided
  { name: "property added beside a pattern that may backtrack: undecided, both ways", old: o({}, { patternProperties: { "^(a+)+$": str() } }), new: o({ b: int() }, { patternProperties: { "^(a+)+$": str() } }), expect: [[R.PROP_BESIDE_SLOW_PATTERN, BF, "/properties/b"]], message: "the older version's patternProperties key /^(a+)+$/" },
  { name: "property removed beside a pattern that may backtrack: undecided, both ways", old: o({ b: int() }, { patternProperties: { "^(a+)+$": str() } }), new: o({}, { patternProperties: { "^(a+)+$": str() } }), expect: [[R.PROP_BESIDE_SLOW_PATTERN, BF, "/properties/b"]], message: "the newer version's patternProperties key /^(a+)+$/" },
  { name: "a safe key matching first decides; the slow key after it is not reached", old: o({}, { patternProperties: { "^b": int(), "^(a+)+$": str() } }), new: o({ b: int() }, { patternProperties: { "^b": int(), "^(a+)+$": str() } }), expect: [[R.PROP_ADDED_TYPED, C]] },
  { name: "patternProperties added to a closed model", old: o({}, { additionalProperties: false }), new: o({}, { additionalProperties: false, patternProperties: { "^x-": str() } }), expect: [[R.PATTERN_PROP_ADDED_CLOSED, F]] },
  { name: "dependency added (draft-07 dependencies)", old: o({ a: str(), b: str() }), new: o({ a: str(), b: str() }, { dependencies: { a: ["b"] } }), expect: [[R.DEPENDENCY_ADDED, B, "/dependencies/a"]] },
  { name: "propertyNames pattern added", old: o({}), new: o({}, { propertyNames: { pattern: "^[a-z_]+$" } }), expect: [[R.PATTERN_ADDED, B, "/propertyNames/pattern"]] },
  { name: "2020-12 unevaluatedProperties: false closes the model", old: { $schema: DRAFT2020, ...o({ a: str() }) }, new: { $schema: DRAFT2020, ...o({ a: str() }, { unevaluatedProperties: false }) }, expect: [[R.MODEL_CLOSED, B, "/unevaluatedProperties"]] },
  // --- nesting
  { name: "three levels deep: maxLength tightened", old: o({ a: o({ b: o({ c: str({ maxLength: 10 }) }) }) }), new: o({ a: o({ b: o({ c: str({ maxLength: 5 }) }) }) }), expect: [[R.LENGTH_TIGHTENED, B, "/properties/a/properties/b/properties/c/maxLength"]], message: "a.b.c: maxLength 10 → 5" },
  { name: "nested object closed", old: o({ a: o({ x: str() }) }), new: o({ a: o({ x: str() }, { additionalProperties: false }) }), expect: [[R.MODEL_CLOSED, B, "/properties/a/additionalProperties"]] },
  { name: "nested property becomes required", old: o({ a: o({ x: str() }) }), new: o({ a: o({ x: str() }, { required: ["x"] }) }), expect: [[R.REQUIRED_NO_DEFAULT, B, "/properties/a/required/0"]], message: '"a.x" is now required' },
  // --- arrays
  { name: "array item type changed", old: o({ tags: arr(str()) }), new: o({ tags: arr(int()) }), expect: [[R.TYPE_CHANGED, BF, "/properties/tags/items/type"]] },
  { name: "property removed from closed array items", old: o({ lines: arr(o({ sku: str(), note: str() }, { additionalProperties: false })) }), new: o({ lines: arr(o({ sku: str() }, { additionalProperties: false })) }), expect: [[R.PROP_REMOVED_CLOSED, B, "/properties/lines/items/properties/note"]], message: '"lines[].note"' },
  { name: "optional property added to array items: compatible", old: o({ lines: arr(o({ sku: str() })) }), new: o({ lines: arr(o({ sku: str(), note: str() })) }), expect: [[R.PROP_ADDED_OPEN, C, "/properties/lines/items/properties/note"]] },
  { name: "minItems added, maxItems loosened", old: o({ l: arr(str(), { maxItems: 5 }) }), new: o({ l: arr(str(), { minItems: 1, maxItems: 10 }) }), expect: [[R.LENGTH_ADDED, B, "/properties/l/minItems"], [R.LENGTH_LOOSENED, F, "/properties/l/maxItems"]] },
  { name: "uniqueItems added", old: o({ l: arr(str()) }), new: o({ l: arr(str(), { uniqueItems: true }) }), expect: [[R.UNIQUE_ADDED, B]] },
  { name: "draft-07 tuple position added", old: o({ p: { type: "array", items: [{ type: "number" }] } }), new: o({ p: { type: "array", items: [{ type: "number" }, { type: "number" }] } }), expect: [[R.TUPLE_ADDED_OPEN, B, "/properties/p/items/1"]] },
  { name: "2020-12 prefixItems closed with items: false", old: { $schema: DRAFT2020, ...o({ p: { type: "array", prefixItems: [{ type: "number" }] } }) }, new: { $schema: DRAFT2020, ...o({ p: { type: "array", prefixItems: [{ type: "number" }], items: false } }) }, expect: [[R.EXTRA_ITEMS_FORBIDDEN, B, "/properties/p/items"]] },
  { name: "2020-12 list rewritten as prefixItems + items: equivalent", old: { $schema: DRAFT2020, ...o({ p: arr({ type: "number" }) }) }, new: { $schema: DRAFT2020, ...o({ p: { type: "array", prefixItems: [{ type: "number" }], items: { type: "number" } } }) }, expect: [] },
  { name: "contains added", old: o({ roles: arr(str()) }), new: o({ roles: arr(str(), { contains: { const: "owner" } }) }), expect: [[R.CONTAINS_ADDED, B]] },
  { name: "array of arrays: inner item narrowed", old: o({ grid: arr(arr({ type: "number" })) }), new: o({ grid: arr(arr(int())) }), expect: [[R.TYPE_NARROWED, B, "/properties/grid/items/items/type"]], message: "grid[][]" },
  // --- composition
  { name: "oneOf variant added", old: o({ pay: { oneOf: [card(), iban] } }), new: o({ pay: { oneOf: [card(), iban, cash] } }), expect: [[R.BRANCH_ADDED, F, "/properties/pay/oneOf/2"]] },
  { name: "oneOf variant removed", old: o({ pay: { oneOf: [card(), iban, cash] } }), new: o({ pay: { oneOf: [card(), iban] } }), expect: [[R.BRANCH_REMOVED, B, "/properties/pay/oneOf/2"]] },
  { name: "oneOf variants reordered and one changed: paired by discriminator", old: o({ pay: { oneOf: [card(), iban] } }), new: o({ pay: { oneOf: [iban, card({ pattern: "^[0-9]{4}$" })] } }), expect: [[R.PATTERN_ADDED, B, "/properties/pay/oneOf/1/properties/last4/pattern"]] },
  { name: "string → anyOf [string, integer]", old: o({ x: str() }), new: o({ x: { anyOf: [str(), int()] } }), expect: [[R.BRANCH_ADDED, F, "/properties/x/anyOf/1"]] },
  { name: "anyOf [string, integer] → string", old: o({ x: { anyOf: [str(), int()] } }), new: o({ x: str() }), expect: [[R.BRANCH_REMOVED, B, "/properties/x/anyOf/1"]] },
  { name: "anyOf → oneOf", old: o({ x: { anyOf: [str(), int()] } }), new: o({ x: { oneOf: [str(), int()] } }), expect: [[R.ANY_TO_ONE, B]] },
  { name: "allOf branch added", old: { allOf: [o({ a: str() })] }, new: { allOf: [o({ a: str() }), { required: ["a"] }] }, expect: [[R.ALLOF_ADDED, B, "/allOf/1"]] },
  { name: "not narrowed: directions reversed", old: o({ s: str({ not: { enum: ["a", "b"] } }) }), new: o({ s: str({ not: { enum: ["a"] } }) }), expect: [[R.ENUM_VALUES_REMOVED, F]] },
  { name: "if/then added", old: o({ kind: str(), card: str() }), new: o({ kind: str(), card: str() }, { if: o({ kind: { const: "card" } }), then: { required: ["card"] } }), expect: [[R.CONDITION_ADDED, B]] },
  { name: "then gains a required property under the same if", old: o({ kind: str() }, { if: o({ kind: { const: "card" } }), then: { required: ["card"] } }), new: o({ kind: str() }, { if: o({ kind: { const: "card" } }), then: { required: ["card", "cvc"] } }), expect: [[R.REQUIRED_NO_DEFAULT, B, "/then/required/1"]] },
  // --- $ref
  { name: "inline schema → equal $ref: no change", old: o({ id: str({ minLength: 1, maxLength: 128 }) }), new: o({ id: ref("Id") }), expect: [] },
  { name: "$ref to a tighter definition", old: o({ id: ref("Id") }), new: o({ id: ref("ShortId") }), expect: [[R.REF_CHANGED, C, "/properties/id/$ref"], [R.LENGTH_TIGHTENED, B, "/properties/id/maxLength"]], message: "defs/shared.json#/$defs/ShortId" },
  { name: "$ref to an equal definition", old: o({ id: ref("Id") }), new: o({ id: ref("SameAsId") }), expect: [[R.REF_CHANGED, C]] },
  { name: "$ref in array items to a definition with a new required field", old: o({ lines: arr(ref("Money")) }), new: o({ lines: arr(ref("MoneyV2")) }), expect: [[R.REF_CHANGED, C], [R.PROP_ADDED_OPEN, C, "/properties/lines/items/properties/scale"], [R.REQUIRED_NO_DEFAULT, B, "/properties/lines/items/required/2"]] },
  { name: "recursive local definition: the walk ends", old: tree(64), new: tree(32), expect: [[R.LENGTH_TIGHTENED, B, "/properties/root/properties/label/maxLength"]] },
  { name: "inline object moved into local $defs: no change", old: o({ a: o({ x: str() }) }), new: { $defs: { A: o({ x: str() }) }, ...o({ a: { $ref: "#/$defs/A" } }) }, expect: [] },
  { name: "keyword beside $ref applies too", old: o({ id: ref("Id", { maxLength: 32 }) }), new: o({ id: ref("Id") }), expect: [[R.LENGTH_LOOSENED, F]] },
  // --- annotations and the rest
  { name: "title, description, examples and x-pii only: no change", old: o({ a: str({ description: "x" }) }, { examples: [{ a: "1" }] }), new: o({ a: str({ description: "y", title: "A", "x-pii": true }) }, { examples: [{ a: "2" }] }), expect: [] },
  { name: "default changed: listed, compatible", old: o({ n: int({ default: 1 }) }), new: o({ n: int({ default: 2 }) }), expect: [[R.DEFAULT_CHANGED, C]] },
  { name: "deprecated: listed, compatible", old: o({ n: int() }), new: o({ n: int({ deprecated: true }) }), expect: [[R.DEPRECATED, C]] },
  { name: "property forbidden with false", old: o({ legacy: str() }), new: o({ legacy: false }), expect: [[R.REJECTS_ALL, B]] },
  { name: "unknown keyword changed: assumed breaking", old: { $schema: DRAFT2020, ...o({ l: { type: "array", unevaluatedItems: false } }) }, new: { $schema: DRAFT2020, ...o({ l: { type: "array" } }) }, expect: [[R.UNKNOWN_KEYWORD, BF, "/properties/l/unevaluatedItems"]] },
];

let root: string;
let model: RegistryModel;
const eventOf = (i: number) => `case.n${String(i).padStart(3, "0")}`;

beforeAll(() => {
  root = tempDir("cases");
  const files: Record<string, unknown> = { "defs/shared.json": DEFS };
  cases.forEach((c, i) => {
    const dir = eventOf(i).replace(".", "/");
    files[`${dir}/1.0.json`] = { $schema: DRAFT7, ...c.old };
    files[`${dir}/1.1.json`] = { $schema: DRAFT7, ...c.new };
  });
  writeRegistry(root, files);
  model = loadModel(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function findings(i: number, policy: "open" | "strict"): CompatFinding[] {
  const event = model.events.find((e) => e.name === eventOf(i))!;
  const [older, newer] = event.majors[0]!.versions;
  return compareVersions(model, older!, newer!, { policy });
}

describe("compatibility cases", () => {
  it("has at least 60 cases", () => expect(cases.length).toBeGreaterThanOrEqual(60));
  cases.forEach((c, i) => {
    it(c.name, () => {
      const got = findings(i, c.policy ?? "open");
      const show = JSON.stringify(got, null, 1);
      const key = (rule: string, pointer: string) => `${rule} @ ${pointer}`;
      expect(got.map((f) => f.rule).sort(), show).toEqual(c.expect.map((e) => e[0]).sort());
      for (const [rule, breaks, pointer] of c.expect) {
        const f = got.find((g) => g.rule === rule && (pointer === undefined || g.pointer === pointer));
        expect(f, `${key(rule, pointer ?? "*")} in ${show}`).toBeDefined();
        expect(f!.breaks, show).toEqual(breaks);
      }
      if (c.message) expect(got.map((f) => f.message).join("\n")).toContain(c.message);
    });
  });
});
