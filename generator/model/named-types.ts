/**
 * Which subschemas become TypeScript types of their own (emit/types/type-rules.ts names them after
 * their path, and json-schema-to-typescript declares each apart): an object schema with
 * `properties`. Any other subschema is written inline, inside the type of the schema holding it,
 * which is how a type file comes to nest (check/type-levels.ts counts those levels).
 */
export function declaredOnItsOwn(node: Record<string, unknown>): boolean {
  const isObject = node.type === "object" || (node.properties !== undefined && node.type === undefined);
  return isObject && node.properties !== undefined;
}
