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
  /** The schema holding this one, visited before it; undefined at the root. */
  parent?: Record<string, unknown>;
  /** The keyword of `parent` it is under (`items`, `anyOf`, `properties`, ...). */
  parentKeyword?: string;
}

export function walkSchema(schema: object, visit: (v: SchemaVisit) => void): void {
  traverse(schema as never, {
    cb: (node: unknown, pointer: string, _root: unknown, parentPointer?: string, parentKeyword?: string, parent?: unknown) => {
      visit({
        node: node as Record<string, unknown>,
        pointer,
        parentPointer,
        ...(parent !== undefined ? { parent: parent as Record<string, unknown>, parentKeyword: parentKeyword! } : {}),
      });
    },
  } as never);
}

/**
 * Where a keyword's value holds subschemas, by the walk's own tables: `schema` (one), `list` (an
 * array of them; `items` may be either), `map` (an object of them by name); undefined for data
 * (`enum`, `const`, `required`, bounds, annotations).
 */
export function subschemaKind(keyword: string, value: unknown): "schema" | "list" | "map" | undefined {
  if (Array.isArray(value)) return keyword in traverse.arrayKeywords ? "list" : undefined;
  if (keyword in traverse.propsKeywords) return "map";
  return keyword in traverse.keywords ? "schema" : undefined;
}

/**
 * A copy of `schema` without the keywords `dropped` names, in it and in every subschema the walk
 * visits (by the same tables); data (`enum`, `const`, `default`, …) is copied whole, as
 * structuredClone copies it, whatever its keys. One pass, where a structuredClone and a walk that
 * deletes keys took twice as long (and left objects V8 holds as dictionaries).
 */
export function copyWithout(schema: Record<string, unknown>, dropped: (keyword: string) => boolean): Record<string, unknown> {
  const copyOf = (v: unknown) => (isNode(v) ? copyWithout(v, dropped) : copiedData(v));
  const entries: Array<[string, unknown]> = [];
  for (const keyword of Object.keys(schema)) {
    if (dropped(keyword)) continue;
    const value = schema[keyword];
    switch (subschemaKind(keyword, value)) {
      case "schema":
        entries.push([keyword, copyOf(value)]);
        break;
      case "list":
        entries.push([keyword, (value as unknown[]).map(copyOf)]);
        break;
      case "map":
        entries.push([keyword, isNode(value) ? Object.fromEntries(Object.keys(value).map((k) => [k, copyOf(value[k])])) : copiedData(value)]);
        break;
      default:
        entries.push([keyword, copiedData(value)]);
    }
  }
  // fromEntries, not assignment: a key "__proto__" stays an own member, as in the schema.
  return Object.fromEntries(entries);
}

const isNode = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const copiedData = (v: unknown): unknown => (typeof v === "object" && v !== null ? structuredClone(v) : v);
