/**
 * Schema-aware traversal. json-schema-traverse (ajv's own walker) knows where subschemas live,
 * so `"$ref"` keys inside `examples`, `const` or `enum` data are never mistaken for references.
 * Its tables predate 2019-09/2020-12; the newer applicators are registered once here.
 */
import traverseModule from "json-schema-traverse";

type Traverse = typeof traverseModule & {
  keywords: Record<string, boolean>;
  arrayKeywords: Record<string, boolean>;
  propsKeywords: Record<string, boolean>;
};
const traverse = traverseModule as Traverse;
for (const k of ["unevaluatedItems", "unevaluatedProperties", "contentSchema"]) traverse.keywords[k] = true;
// jetschema's own schema-valued keyword: the reply of a request-reply event.
traverse.keywords["x-reply"] = true;
traverse.arrayKeywords["prefixItems"] = true;
traverse.propsKeywords["dependentSchemas"] = true;

export interface SchemaVisit {
  node: Record<string, unknown>;
  pointer: string;
  parentPointer: string | undefined;
}

export function walkSchema(schema: object, visit: (v: SchemaVisit) => void): void {
  traverse(schema as never, {
    cb: (node: unknown, pointer: string, _root: unknown, parentPointer?: string) => {
      visit({ node: node as Record<string, unknown>, pointer, parentPointer });
    },
  } as never);
}
