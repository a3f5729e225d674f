/**
 * The compatibility rules, a table. Each rule is named by the sentence it reports; the sentence is
 * the documentation (docs/compatibility.md lists every one, with the example below) and the
 * headline of every error it causes.
 *
 * Directions, for an older version O and a newer version N of the same major:
 *   BACKWARD: readers on N, data written with O. Broken when N rejects something O accepted.
 *   FORWARD:  readers on O, data written with N. Broken when N accepts something O rejected.
 * A narrowing change breaks BACKWARD, a widening one FORWARD, an unrelated one both.
 *
 * `breaks` holds the directions under the default "open" policy; `strictBreaks`, when present,
 * those under the "strict" policy (see policy.ts). Every `example` is checked by the test suite to
 * produce exactly its rule.
 */

export type Direction = "BACKWARD" | "FORWARD";

export type RuleGroup = "types" | "values" | "numbers" | "strings" | "objects" | "arrays" | "composition" | "references" | "other";

export interface CompatRule {
  group: RuleGroup;
  /** Directions it breaks under the default (open) policy; [] for a compatible change. */
  breaks: Direction[];
  /** Directions under the strict policy, when they differ. */
  strictBreaks?: Direction[];
  /** A minimal older/newer pair that produces this rule. */
  example: { old: unknown; new: unknown };
  /** One line for the docs: why it breaks (or not) in those directions. */
  why: string;
}

const B: Direction[] = ["BACKWARD"];
const F: Direction[] = ["FORWARD"];
const BF: Direction[] = ["BACKWARD", "FORWARD"];
const NONE: Direction[] = [];

/** Rule names, so the engine never spells a sentence twice. */
export const R = {
  TYPE_CHANGED: "The type changed",
  TYPE_NARROWED: "The type was narrowed",
  TYPE_WIDENED: "The type was widened",
  BECAME_NULLABLE: "The value became nullable",
  NO_LONGER_NULLABLE: "The value is no longer nullable",
  ENUM_VALUES_ADDED: "Enum values were added",
  ENUM_VALUES_REMOVED: "Enum values were removed",
  ENUM_ADDED: "An enum was added",
  ENUM_REMOVED: "An enum was removed",
  CONST_CHANGED: "The const value changed",
  CONST_ADDED: "A const was added",
  CONST_REMOVED: "A const was removed",
  DEFAULT_CHANGED: "A default value changed",
  DEPRECATED: "A schema was marked deprecated",
  BOUND_ADDED: "A numeric bound was added",
  BOUND_TIGHTENED: "A numeric bound was tightened",
  BOUND_LOOSENED: "A numeric bound was loosened",
  BOUND_REMOVED: "A numeric bound was removed",
  MULTIPLE_ADDED: "A multipleOf was added",
  MULTIPLE_TIGHTENED: "A multipleOf was tightened",
  MULTIPLE_LOOSENED: "A multipleOf was loosened",
  MULTIPLE_CHANGED: "A multipleOf was changed",
  MULTIPLE_REMOVED: "A multipleOf was removed",
  LENGTH_ADDED: "A length limit was added",
  LENGTH_TIGHTENED: "A length limit was tightened",
  LENGTH_LOOSENED: "A length limit was loosened",
  LENGTH_REMOVED: "A length limit was removed",
  PATTERN_ADDED: "A pattern was added",
  PATTERN_CHANGED: "A pattern was changed",
  PATTERN_REMOVED: "A pattern was removed",
  FORMAT_ADDED: "A format was added",
  FORMAT_TIGHTENED: "A format was tightened",
  FORMAT_LOOSENED: "A format was loosened",
  FORMAT_CHANGED: "A format was changed",
  FORMAT_REMOVED: "A format was removed",
  PROP_ADDED_OPEN: "A property was added to an open content model",
  PROP_ADDED_CLOSED: "A property was added to a closed content model",
  PROP_ADDED_TYPED: "A property was declared where additionalProperties or patternProperties applied",
  PROP_REMOVED_OPEN: "A property was removed from an open content model",
  PROP_REMOVED_CLOSED: "A property was removed from a closed content model",
  PROP_REMOVED_TYPED: "A property was removed and additionalProperties or patternProperties now applies",
  REQUIRED_NO_DEFAULT: "A property became required without a default",
  REQUIRED_WITH_DEFAULT: "A property became required with a default",
  OPTIONAL_NO_DEFAULT: "A required property became optional without a default",
  OPTIONAL_WITH_DEFAULT: "A required property became optional with a default",
  MODEL_CLOSED: "The content model was closed",
  MODEL_OPENED: "The content model was opened",
  ADDITIONAL_NARROWED: "additionalProperties was narrowed",
  ADDITIONAL_WIDENED: "additionalProperties was widened",
  PATTERN_PROP_ADDED_OPEN: "A patternProperties entry was added to an open content model",
  PATTERN_PROP_ADDED_CLOSED: "A patternProperties entry was added to a closed content model",
  PATTERN_PROP_REMOVED_OPEN: "A patternProperties entry was removed from an open content model",
  PATTERN_PROP_REMOVED_CLOSED: "A patternProperties entry was removed from a closed content model",
  PROP_BESIDE_SLOW_PATTERN: "A property was added or removed beside a pattern that may backtrack catastrophically",
  DEPENDENCY_ADDED: "A property dependency was added",
  DEPENDENCY_REMOVED: "A property dependency was removed",
  UNIQUE_ADDED: "Array items must now be unique",
  UNIQUE_REMOVED: "Array items no longer need to be unique",
  TUPLE_ADDED_OPEN: "A tuple position was added where extra items were allowed",
  TUPLE_ADDED_CLOSED: "A tuple position was added where extra items were forbidden",
  TUPLE_REMOVED_OPEN: "A tuple position was removed and extra items are allowed",
  TUPLE_REMOVED_CLOSED: "A tuple position was removed and extra items are forbidden",
  EXTRA_ITEMS_FORBIDDEN: "Extra array items are no longer allowed",
  EXTRA_ITEMS_ALLOWED: "Extra array items are now allowed",
  CONTAINS_ADDED: "A contains constraint was added",
  CONTAINS_REMOVED: "A contains constraint was removed",
  BRANCH_ADDED: "An anyOf or oneOf branch was added",
  BRANCH_REMOVED: "An anyOf or oneOf branch was removed",
  UNION_ADDED: "An anyOf or oneOf constraint was added",
  UNION_REMOVED: "An anyOf or oneOf constraint was removed",
  ANY_TO_ONE: "anyOf was changed to oneOf",
  ONE_TO_ANY: "oneOf was changed to anyOf",
  ALLOF_ADDED: "An allOf branch was added",
  ALLOF_REMOVED: "An allOf branch was removed",
  NOT_ADDED: "A not constraint was added",
  NOT_REMOVED: "A not constraint was removed",
  CONDITION_ADDED: "A conditional (if/then/else) was added",
  CONDITION_REMOVED: "A conditional (if/then/else) was removed",
  CONDITION_CHANGED: "The condition of an if/then/else changed",
  REJECTS_ALL: "A schema now rejects every value",
  ACCEPTS_AGAIN: "A schema that rejected every value now accepts values",
  REF_CHANGED: "A $ref now points to another definition",
  UNKNOWN_KEYWORD: "A keyword the engine does not compare changed",
} as const;

export type RuleName = (typeof R)[keyof typeof R];

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "object", properties, ...extra });

export const compatRules = new Map<RuleName, CompatRule>([
  // --- types -------------------------------------------------------------------------------
  [R.TYPE_CHANGED, { group: "types", breaks: BF, why: "values of the old type are rejected by new readers, values of the new type by old readers", example: { old: { type: "string" }, new: { type: "integer" } } }],
  [R.TYPE_NARROWED, { group: "types", breaks: B, why: "old data may hold a value of a type the new schema no longer accepts", example: { old: { type: "number" }, new: { type: "integer" } } }],
  [R.TYPE_WIDENED, { group: "types", breaks: F, why: "new writers may send a type old readers reject", example: { old: { type: "integer" }, new: { type: ["integer", "string"] } } }],
  [R.BECAME_NULLABLE, { group: "types", breaks: F, why: "new writers may send null, which old readers reject", example: { old: { type: "string" }, new: { type: ["string", "null"] } } }],
  [R.NO_LONGER_NULLABLE, { group: "types", breaks: B, why: "old data may hold null, which new readers reject", example: { old: { anyOf: [{ type: "string" }, { type: "null" }] }, new: { type: "string" } } }],
  // --- values ------------------------------------------------------------------------------
  [R.ENUM_VALUES_ADDED, { group: "values", breaks: F, why: "old readers reject the new values", example: { old: { enum: ["web", "app"] }, new: { enum: ["web", "app", "kiosk"] } } }],
  [R.ENUM_VALUES_REMOVED, { group: "values", breaks: B, why: "old data may hold a value new readers reject", example: { old: { enum: ["web", "app", "kiosk"] }, new: { enum: ["web", "app"] } } }],
  [R.ENUM_ADDED, { group: "values", breaks: B, why: "old data may hold a value outside the enum", example: { old: { type: "string" }, new: { type: "string", enum: ["web", "app"] } } }],
  [R.ENUM_REMOVED, { group: "values", breaks: F, why: "new writers may send values old readers reject", example: { old: { type: "string", enum: ["web", "app"] }, new: { type: "string" } } }],
  [R.CONST_CHANGED, { group: "values", breaks: BF, why: "each side rejects the other's only value", example: { old: { const: "1.0" }, new: { const: "2.0" } } }],
  [R.CONST_ADDED, { group: "values", breaks: B, why: "old data may hold any other value", example: { old: { type: "string" }, new: { type: "string", const: "EUR" } } }],
  [R.CONST_REMOVED, { group: "values", breaks: F, why: "new writers may send values old readers reject", example: { old: { type: "string", const: "EUR" }, new: { type: "string" } } }],
  [R.DEFAULT_CHANGED, { group: "values", breaks: NONE, why: "validation ignores default; readers that fill it in see another value (listed for the history)", example: { old: { type: "integer", default: 0 }, new: { type: "integer", default: 1 } } }],
  [R.DEPRECATED, { group: "values", breaks: NONE, why: "an annotation; listed for the history", example: { old: obj({ a: { type: "string" } }), new: obj({ a: { type: "string", deprecated: true } }) } }],
  // --- numbers -----------------------------------------------------------------------------
  [R.BOUND_ADDED, { group: "numbers", breaks: B, why: "old data may lie outside the new bound", example: { old: { type: "integer" }, new: { type: "integer", minimum: 0 } } }],
  [R.BOUND_TIGHTENED, { group: "numbers", breaks: B, why: "old data may lie between the old and the new bound", example: { old: { type: "integer", maximum: 100 }, new: { type: "integer", maximum: 50 } } }],
  [R.BOUND_LOOSENED, { group: "numbers", breaks: F, why: "new writers may send values old readers reject", example: { old: { type: "integer", minimum: 1 }, new: { type: "integer", minimum: 0 } } }],
  [R.BOUND_REMOVED, { group: "numbers", breaks: F, why: "new writers may send values old readers reject", example: { old: { type: "integer", maximum: 100 }, new: { type: "integer" } } }],
  [R.MULTIPLE_ADDED, { group: "numbers", breaks: B, why: "old data may not be a multiple", example: { old: { type: "number" }, new: { type: "number", multipleOf: 0.01 } } }],
  [R.MULTIPLE_TIGHTENED, { group: "numbers", breaks: B, why: "the new multipleOf is a multiple of the old one: fewer values pass", example: { old: { type: "integer", multipleOf: 5 }, new: { type: "integer", multipleOf: 10 } } }],
  [R.MULTIPLE_LOOSENED, { group: "numbers", breaks: F, why: "the old multipleOf is a multiple of the new one: more values pass", example: { old: { type: "integer", multipleOf: 10 }, new: { type: "integer", multipleOf: 5 } } }],
  [R.MULTIPLE_CHANGED, { group: "numbers", breaks: BF, why: "neither multipleOf divides the other", example: { old: { type: "integer", multipleOf: 2 }, new: { type: "integer", multipleOf: 3 } } }],
  [R.MULTIPLE_REMOVED, { group: "numbers", breaks: F, why: "new writers may send values old readers reject", example: { old: { type: "integer", multipleOf: 5 }, new: { type: "integer" } } }],
  // --- strings (and sizes of arrays and objects) ------------------------------------------
  [R.LENGTH_ADDED, { group: "strings", breaks: B, why: "minLength/maxLength, minItems/maxItems, minProperties/maxProperties, minContains/maxContains: old data may not fit", example: { old: { type: "string" }, new: { type: "string", maxLength: 64 } } }],
  [R.LENGTH_TIGHTENED, { group: "strings", breaks: B, why: "old data may not fit the tighter limit", example: { old: { type: "string", maxLength: 256 }, new: { type: "string", maxLength: 128 } } }],
  [R.LENGTH_LOOSENED, { group: "strings", breaks: F, why: "new writers may send sizes old readers reject", example: { old: { type: "array", minItems: 2 }, new: { type: "array", minItems: 1 } } }],
  [R.LENGTH_REMOVED, { group: "strings", breaks: F, why: "new writers may send sizes old readers reject", example: { old: { type: "string", maxLength: 64 }, new: { type: "string" } } }],
  [R.PATTERN_ADDED, { group: "strings", breaks: B, why: "old data may not match", example: { old: { type: "string" }, new: { type: "string", pattern: "^[a-z]+$" } } }],
  [R.PATTERN_CHANGED, { group: "strings", breaks: BF, why: "regular expressions cannot be compared: treated as unrelated", example: { old: { type: "string", pattern: "^[a-z]+$" }, new: { type: "string", pattern: "^[a-z0-9]+$" } } }],
  [R.PATTERN_REMOVED, { group: "strings", breaks: F, why: "new writers may send strings old readers reject", example: { old: { type: "string", pattern: "^[a-z]+$" }, new: { type: "string" } } }],
  [R.FORMAT_ADDED, { group: "strings", breaks: B, why: "old data may not have the format (formats are validated)", example: { old: { type: "string" }, new: { type: "string", format: "date-time" } } }],
  [R.FORMAT_TIGHTENED, { group: "strings", breaks: B, why: "the new format accepts a subset of the old one (uri-reference → uri)", example: { old: { type: "string", format: "uri-reference" }, new: { type: "string", format: "uri" } } }],
  [R.FORMAT_LOOSENED, { group: "strings", breaks: F, why: "the new format accepts a superset of the old one (uri → uri-reference)", example: { old: { type: "string", format: "uri" }, new: { type: "string", format: "uri-reference" } } }],
  [R.FORMAT_CHANGED, { group: "strings", breaks: BF, why: "unrelated formats", example: { old: { type: "string", format: "date" }, new: { type: "string", format: "date-time" } } }],
  [R.FORMAT_REMOVED, { group: "strings", breaks: F, why: "new writers may send strings old readers reject", example: { old: { type: "string", format: "email" }, new: { type: "string" } } }],
  // --- objects -----------------------------------------------------------------------------
  [R.PROP_ADDED_OPEN, { group: "objects", breaks: NONE, strictBreaks: B, why: "open policy: a property name is never reused with another meaning, so old data does not carry it (strict: old data may carry the name with any value; compatible when the new property accepts any value)", example: { old: obj({ a: { type: "string" } }), new: obj({ a: { type: "string" }, b: { type: "integer" } }) } }],
  [R.PROP_ADDED_CLOSED, { group: "objects", breaks: F, why: "old readers reject the unknown property", example: { old: obj({ a: { type: "string" } }, { additionalProperties: false }), new: obj({ a: { type: "string" }, b: { type: "integer" } }, { additionalProperties: false }) } }],
  [R.PROP_ADDED_TYPED, { group: "objects", breaks: NONE, why: "the new property schema is compared with the additionalProperties/patternProperties schema that applied before; those differences are reported on their own", example: { old: obj({}, { additionalProperties: { type: "string" } }), new: obj({ a: { type: "string" } }, { additionalProperties: { type: "string" } }) } }],
  [R.PROP_REMOVED_OPEN, { group: "objects", breaks: NONE, strictBreaks: F, why: "open policy: new writers do not reuse the name (strict: new writers may send the name with any value)", example: { old: obj({ a: { type: "string" }, b: { type: "integer" } }), new: obj({ a: { type: "string" } }) } }],
  [R.PROP_REMOVED_CLOSED, { group: "objects", breaks: B, why: "old data may carry the property, which new readers reject", example: { old: obj({ a: { type: "string" }, b: { type: "integer" } }, { additionalProperties: false }), new: obj({ a: { type: "string" } }, { additionalProperties: false }) } }],
  [R.PROP_REMOVED_TYPED, { group: "objects", breaks: NONE, why: "the old property schema is compared with the additionalProperties/patternProperties schema that applies now; those differences are reported on their own", example: { old: obj({ a: { type: "string" } }, { additionalProperties: { type: "string" } }), new: obj({}, { additionalProperties: { type: "string" } }) } }],
  [R.REQUIRED_NO_DEFAULT, { group: "objects", breaks: B, why: "old data may lack the property", example: { old: obj({ a: { type: "string" } }), new: obj({ a: { type: "string" } }, { required: ["a"] }) } }],
  [R.REQUIRED_WITH_DEFAULT, { group: "objects", breaks: B, why: "jetschema fills no defaults: old data lacks the property that new readers' types promise", example: { old: obj({ a: { type: "string" } }), new: obj({ a: { type: "string", default: "web" } }, { required: ["a"] }) } }],
  [R.OPTIONAL_NO_DEFAULT, { group: "objects", breaks: F, why: "new data may lack the property, which old readers require", example: { old: obj({ a: { type: "string" } }, { required: ["a"] }), new: obj({ a: { type: "string" } }) } }],
  [R.OPTIONAL_WITH_DEFAULT, { group: "objects", breaks: F, why: "jetschema fills no defaults: new data may lack the property old readers require", example: { old: obj({ a: { type: "string", default: "web" } }, { required: ["a"] }), new: obj({ a: { type: "string", default: "web" } }) } }],
  [R.MODEL_CLOSED, { group: "objects", breaks: B, why: "old data may carry undeclared properties, which new readers reject", example: { old: obj({ a: { type: "string" } }), new: obj({ a: { type: "string" } }, { additionalProperties: false }) } }],
  [R.MODEL_OPENED, { group: "objects", breaks: F, why: "new writers may send undeclared properties, which old readers reject", example: { old: obj({ a: { type: "string" } }, { additionalProperties: false }), new: obj({ a: { type: "string" } }) } }],
  [R.ADDITIONAL_NARROWED, { group: "objects", breaks: B, why: "undeclared properties of old data may not match the new additionalProperties", example: { old: obj({}), new: obj({}, { additionalProperties: { type: "string" } }) } }],
  [R.ADDITIONAL_WIDENED, { group: "objects", breaks: F, why: "new writers may send undeclared properties old readers reject", example: { old: obj({}, { additionalProperties: { type: "string" } }), new: obj({}) } }],
  [R.PATTERN_PROP_ADDED_OPEN, { group: "objects", breaks: NONE, strictBreaks: B, why: "like a property added to an open content model, for every matching name", example: { old: obj({}), new: obj({}, { patternProperties: { "^x-": { type: "string" } } }) } }],
  [R.PATTERN_PROP_ADDED_CLOSED, { group: "objects", breaks: F, why: "old readers reject the names the pattern now admits", example: { old: obj({}, { additionalProperties: false }), new: obj({}, { additionalProperties: false, patternProperties: { "^x-": { type: "string" } } }) } }],
  [R.PATTERN_PROP_REMOVED_OPEN, { group: "objects", breaks: NONE, strictBreaks: F, why: "like a property removed from an open content model, for every matching name", example: { old: obj({}, { patternProperties: { "^x-": { type: "string" } } }), new: obj({}) } }],
  [R.PATTERN_PROP_REMOVED_CLOSED, { group: "objects", breaks: B, why: "old data may carry matching names, which new readers reject", example: { old: obj({}, { additionalProperties: false, patternProperties: { "^x-": { type: "string" } } }), new: obj({}, { additionalProperties: false }) } }],
  [R.PROP_BESIDE_SLOW_PATTERN, { group: "objects", breaks: BF, why: "whether the patternProperties key matches the name decides what governed it before (or governs it now), but the key is never run: a backtracking match could take hours; assumed breaking both ways", example: { old: obj({}, { patternProperties: { "^(a+)+$": { type: "string" } } }), new: obj({ b: { type: "integer" } }, { patternProperties: { "^(a+)+$": { type: "string" } } }) } }],
  [R.DEPENDENCY_ADDED, { group: "objects", breaks: B, why: "dependentRequired/dependentSchemas/dependencies: old data may not satisfy it", example: { old: obj({ card: { type: "string" }, cvc: { type: "string" } }), new: obj({ card: { type: "string" }, cvc: { type: "string" } }, { dependencies: { card: ["cvc"] } }) } }],
  [R.DEPENDENCY_REMOVED, { group: "objects", breaks: F, why: "new data may not satisfy what old readers demand", example: { old: obj({ card: { type: "string" }, cvc: { type: "string" } }, { dependencies: { card: ["cvc"] } }), new: obj({ card: { type: "string" }, cvc: { type: "string" } }) } }],
  // --- arrays ------------------------------------------------------------------------------
  [R.UNIQUE_ADDED, { group: "arrays", breaks: B, why: "old data may hold duplicates", example: { old: { type: "array", items: { type: "string" } }, new: { type: "array", items: { type: "string" }, uniqueItems: true } } }],
  [R.UNIQUE_REMOVED, { group: "arrays", breaks: F, why: "new writers may send duplicates", example: { old: { type: "array", items: { type: "string" }, uniqueItems: true }, new: { type: "array", items: { type: "string" } } } }],
  [R.TUPLE_ADDED_OPEN, { group: "arrays", breaks: B, why: "old data may hold anything at that position", example: { old: { type: "array", items: [{ type: "number" }] }, new: { type: "array", items: [{ type: "number" }, { type: "number" }] } } }],
  [R.TUPLE_ADDED_CLOSED, { group: "arrays", breaks: F, why: "old readers reject an item at that position", example: { old: { type: "array", items: [{ type: "number" }], additionalItems: false }, new: { type: "array", items: [{ type: "number" }, { type: "number" }], additionalItems: false } } }],
  [R.TUPLE_REMOVED_OPEN, { group: "arrays", breaks: F, why: "new writers may put anything at that position", example: { old: { type: "array", items: [{ type: "number" }, { type: "number" }] }, new: { type: "array", items: [{ type: "number" }] } } }],
  [R.TUPLE_REMOVED_CLOSED, { group: "arrays", breaks: B, why: "old data may hold an item at that position, which new readers reject", example: { old: { type: "array", items: [{ type: "number" }, { type: "number" }], additionalItems: false }, new: { type: "array", items: [{ type: "number" }], additionalItems: false } } }],
  [R.EXTRA_ITEMS_FORBIDDEN, { group: "arrays", breaks: B, why: "old data may hold items past the tuple", example: { old: { type: "array", items: [{ type: "number" }] }, new: { type: "array", items: [{ type: "number" }], additionalItems: false } } }],
  [R.EXTRA_ITEMS_ALLOWED, { group: "arrays", breaks: F, why: "new writers may send items past the tuple", example: { old: { type: "array", items: [{ type: "number" }], additionalItems: false }, new: { type: "array", items: [{ type: "number" }] } } }],
  [R.CONTAINS_ADDED, { group: "arrays", breaks: B, why: "old data may hold no matching item", example: { old: { type: "array" }, new: { type: "array", contains: { const: "primary" } } } }],
  [R.CONTAINS_REMOVED, { group: "arrays", breaks: F, why: "new writers may send arrays without a matching item", example: { old: { type: "array", contains: { const: "primary" } }, new: { type: "array" } } }],
  // --- composition -------------------------------------------------------------------------
  [R.BRANCH_ADDED, { group: "composition", breaks: F, why: "new writers may send values of the new branch", example: { old: { oneOf: [{ type: "string" }, { type: "integer" }] }, new: { oneOf: [{ type: "string" }, { type: "integer" }, { type: "boolean" }] } } }],
  [R.BRANCH_REMOVED, { group: "composition", breaks: B, why: "old data may match only the removed branch", example: { old: { anyOf: [{ type: "string" }, { type: "integer" }, { type: "boolean" }] }, new: { anyOf: [{ type: "string" }, { type: "integer" }] } } }],
  [R.UNION_ADDED, { group: "composition", breaks: B, why: "an anyOf/oneOf beside other keywords adds a condition: old data may satisfy none of its branches", example: { old: obj({ a: { type: "string" }, b: { type: "string" } }), new: obj({ a: { type: "string" }, b: { type: "string" } }, { anyOf: [{ required: ["a"] }, { required: ["b"] }] }) } }],
  [R.UNION_REMOVED, { group: "composition", breaks: F, why: "a condition is gone: new writers may send values old readers reject", example: { old: obj({ a: { type: "string" }, b: { type: "string" } }, { anyOf: [{ required: ["a"] }, { required: ["b"] }] }), new: obj({ a: { type: "string" }, b: { type: "string" } }) } }],
  [R.ANY_TO_ONE, { group: "composition", breaks: B, why: "old data matching several branches is rejected by oneOf", example: { old: { anyOf: [{ type: "string" }, { type: "integer" }] }, new: { oneOf: [{ type: "string" }, { type: "integer" }] } } }],
  [R.ONE_TO_ANY, { group: "composition", breaks: F, why: "new writers may send values matching several branches", example: { old: { oneOf: [{ type: "string" }, { type: "integer" }] }, new: { anyOf: [{ type: "string" }, { type: "integer" }] } } }],
  [R.ALLOF_ADDED, { group: "composition", breaks: B, why: "one more schema to satisfy", example: { old: { allOf: [{ type: "object" }] }, new: { allOf: [{ type: "object" }, { required: ["id"] }] } } }],
  [R.ALLOF_REMOVED, { group: "composition", breaks: F, why: "one schema fewer: new writers may send values old readers reject", example: { old: { allOf: [{ type: "object" }, { required: ["id"] }] }, new: { allOf: [{ type: "object" }] } } }],
  [R.NOT_ADDED, { group: "composition", breaks: B, why: "old data may match the excluded schema", example: { old: { type: "string" }, new: { type: "string", not: { const: "" } } } }],
  [R.NOT_REMOVED, { group: "composition", breaks: F, why: "new writers may send the excluded values", example: { old: { type: "string", not: { const: "" } }, new: { type: "string" } } }],
  [R.CONDITION_ADDED, { group: "composition", breaks: B, why: "old data may fail the new then/else", example: { old: obj({ kind: { type: "string" } }), new: obj({ kind: { type: "string" } }, { if: obj({ kind: { const: "card" } }), then: { required: ["card"] } }) } }],
  [R.CONDITION_REMOVED, { group: "composition", breaks: F, why: "new writers may send data old readers' then/else reject", example: { old: obj({ kind: { type: "string" } }, { if: obj({ kind: { const: "card" } }), then: { required: ["card"] } }), new: obj({ kind: { type: "string" } }) } }],
  [R.CONDITION_CHANGED, { group: "composition", breaks: BF, why: "another if selects other data for then/else", example: { old: { if: obj({ kind: { const: "card" } }), then: { required: ["card"] } }, new: { if: obj({ kind: { const: "iban" } }), then: { required: ["card"] } } } }],
  [R.REJECTS_ALL, { group: "composition", breaks: B, why: "a false schema: old data there is rejected", example: { old: obj({ legacy: { type: "string" } }), new: obj({ legacy: false }) } }],
  [R.ACCEPTS_AGAIN, { group: "composition", breaks: F, why: "a false schema became satisfiable: old readers reject the values", example: { old: obj({ legacy: false }), new: obj({ legacy: { type: "string" } }) } }],
  // --- references --------------------------------------------------------------------------
  [R.REF_CHANGED, { group: "references", breaks: NONE, why: "$ref targets are compared by their resolved schemas; differences are reported on their own (listed for the history)", example: { old: { $defs: { A: { type: "string" }, B: { type: "string" } }, $ref: "#/$defs/A" }, new: { $defs: { A: { type: "string" }, B: { type: "string" } }, $ref: "#/$defs/B" } } }],
  [R.UNKNOWN_KEYWORD, { group: "other", breaks: BF, why: "a validation keyword outside this table changed; assumed breaking both ways", example: { old: { type: "array", unevaluatedItems: false }, new: { type: "array", unevaluatedItems: { type: "string" } } } }],
]);

/** The directions a rule breaks under a policy. */
export function ruleBreaks(rule: RuleName, policy: "open" | "strict"): Direction[] {
  const r = compatRules.get(rule)!;
  return [...(policy === "strict" && r.strictBreaks ? r.strictBreaks : r.breaks)];
}
