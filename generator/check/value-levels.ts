/**
 * How deep a `const` value or an `enum` member may nest. Its TypeScript type is a literal of the
 * same shape, and prettier formats a type file recursively, on the main thread for a registry of
 * a few files (write/format.ts): measured with node 20's default stack (docs/registry-format.md,
 * "Input limits"), it overflows from 195 levels of objects inside a tuple, 284 of objects and
 * arrays in turn and 481 of arrays, and from fewer inside a deeply nested schema (95 levels of
 * objects under 340 levels of `items`, the most ajv compiles). Every other stage (the validators,
 * catalog, AsyncAPI document, cache, compatibility, `check --against`, `validate`) took each shape
 * 700 levels deep and more. 64 leaves most of the stack to the schema around the value, and is
 * far more than a real literal needs.
 */
export const MAX_VALUE_LEVELS = 64;

/** Levels of arrays and objects in `value`: 0 for a scalar, 1 for `[]` or `{"a":1}`. Without recursion: a value may nest as deep as its file (limits.maxDepth). */
export function levelsOf(value: unknown): number {
  let deepest = 0;
  const open: Array<{ value: object; level: number }> = [];
  if (value !== null && typeof value === "object") open.push({ value, level: 1 });
  while (open.length > 0) {
    const { value: node, level } = open.pop()!;
    if (level > deepest) deepest = level;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === "object") open.push({ value: child as object, level: level + 1 });
    }
  }
  return deepest;
}
