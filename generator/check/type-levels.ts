/**
 * How deep a schema's TypeScript type may nest, counted the way the type emitter nests it. An
 * object schema with `properties` is declared as an interface of its own (model/named-types.ts),
 * a `$ref` is the name of a shared type, a definition is a type of its own: each starts again at
 * 0. Every other subschema is written inline, one level inside the type holding it: a property's
 * type, an index signature (`additionalProperties`, `patternProperties`), an array or tuple
 * element (`items`, `prefixItems`, `additionalItems`), a member of a union or intersection
 * (`anyOf`, `oneOf`, `allOf`). The other applicators (`not`, `if`/`then`/`else`,
 * `dependentSchemas`, `contains`, ...) add no type, so no level, but what they hold is counted
 * from the level they are at.
 *
 * prettier formats a type file recursively, on the main thread for a registry of a few files
 * (write/format.ts). Measured with node 20's default stack (docs/registry-format.md, "Input
 * limits"), a file with a tuple overflowed from 136 levels of `additionalProperties`, from 92
 * with a 64-level `const` (value-levels.ts) at the bottom, and at 160 of `patternProperties`;
 * `allOf` at 350 without one. The other keywords went as deep as ajv compiles. 32 keeps a wide
 * margin below all of them, and is far more than a real payload nests.
 */
import { declaredOnItsOwn } from "../model/named-types.js";

export const MAX_TYPE_LEVELS = 32;

/** Keywords whose subschemas are written inside the type of the schema holding them. */
const NESTS_INLINE = new Set(["properties", "patternProperties", "additionalProperties", "items", "prefixItems", "additionalItems", "anyOf", "oneOf", "allOf"]);
/** Keywords whose subschemas are types of their own. */
const DECLARED_APART = new Set(["$defs", "definitions"]);

/**
 * The level of `node`'s type: 0 for a type declared on its own (the root, a definition, an object
 * with properties); `parentLevel + 1` under a keyword that nests a type inline, `parentLevel`
 * under one that adds none.
 */
export function typeLevelOf(node: Record<string, unknown>, parent: { level: number; keyword: string } | undefined): number {
  if (!parent || DECLARED_APART.has(parent.keyword) || typeof node.$ref === "string" || declaredOnItsOwn(node)) return 0;
  return NESTS_INLINE.has(parent.keyword) ? parent.level + 1 : parent.level;
}
