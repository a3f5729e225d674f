/**
 * How many levels of objects and arrays a value nests, as the text scan of the input limits counts
 * them (load/input-limits.ts), `$ref`s not followed: what ref-nesting.ts counts from, and what
 * schema-facts.ts keeps of each file's root and definitions.
 */
const plainHeights = new WeakMap<object, number>();

/**
 * Levels of objects and arrays in `value` (an object of strings is 1), every `$ref` a string; kept
 * by object (nothing changes a schema after the front end) from 3 levels up: the many small leaves
 * (`{ "type": "string" }`) cost more kept than walked again, and each is walked again only under a
 * parent that is kept, so the walks stay linear.
 */
export function plainHeight(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const known = plainHeights.get(value);
  if (known !== undefined) return known;
  let deepest = 0;
  // Recursion as deep as the file: the text scan bounds that to limits.maxDepth (at most 1000).
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const h = plainHeight(child);
    if (h > deepest) deepest = h;
  }
  if (deepest >= 2) plainHeights.set(value, deepest + 1);
  return deepest + 1;
}
