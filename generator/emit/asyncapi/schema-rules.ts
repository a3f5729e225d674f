/**
 * How a registry schema becomes an AsyncAPI Schema Object (a superset of JSON Schema draft-07):
 * a copy of it is rewritten by these rules, each named by what it does, at every subschema.
 */
import { walkSchema } from "../../base/schema-walk.js";
import { prefixItemsAsDraft7Items } from "../prefix-items.js";

type Node = Record<string, unknown>;

export interface SchemaRuleContext {
  /** `#/components/schemas/<name>` of the shared definition a canonical `$ref` points at. */
  componentRef(ref: string): string;
}

/** The registry's own keywords: each is mapped onto a channel, message or operation instead. */
const REGISTRY_KEYWORDS = ["x-subject", "x-type", "x-delivery", "x-pattern", "x-reply", "x-producers", "x-consumers"];

export const schemaRules = new Map<string, (node: Node, ctx: SchemaRuleContext) => void>();

schemaRules.set("Point a $ref at the component of the definition it names", (node, ctx) => {
  if (typeof node.$ref === "string") node.$ref = ctx.componentRef(node.$ref);
});

schemaRules.set("Drop $schema: every schema of the document is an AsyncAPI Schema Object", (node) => {
  delete node.$schema;
});

schemaRules.set("Drop $defs and definitions: each definition a $ref uses is a component of its own", (node) => {
  delete node.$defs;
  delete node.definitions;
});

schemaRules.set("Drop $anchor and $dynamicAnchor: references name components, not anchors", (node) => {
  delete node.$anchor;
  delete node.$dynamicAnchor;
});

schemaRules.set("Drop the registry's own keywords: channels, messages and operations say it", (node) => {
  for (const k of REGISTRY_KEYWORDS) delete node[k];
});

schemaRules.set("Read 2020-12 prefixItems as draft-07 items", prefixItemsAsDraft7Items);

/** A rewritten copy; the input is left as it is. Boolean schemas stay booleans. */
export function asyncApiSchema(schema: unknown, ctx: SchemaRuleContext): unknown {
  if (typeof schema !== "object" || schema === null) return schema;
  const copy = structuredClone(schema) as Node;
  // Rules run before the walk looks at a node's children, so a dropped keyword is not entered.
  walkSchema(copy, ({ node }) => {
    for (const rule of schemaRules.values()) rule(node, ctx);
  });
  return copy;
}
