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

/** Follows a JSON pointer into a value; undefined when any step is missing. */
export function getAtPointer(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  let cur: unknown = value;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (cur === null || typeof cur !== "object") return undefined;
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
      cur = cur[Number(key)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
  }
  return cur;
}
