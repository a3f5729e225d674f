/**
 * Before json-schema-to-typescript sees a schema, a copy of it is rewritten by these rules, in
 * order. Each is named by what it does; together they decide how a registry reads as TypeScript.
 */
import { declaredOnItsOwn } from "../../model/named-types.js";
import { pascalCase } from "../../model/names.js";
import { prefixItemsAsDraft7Items } from "../prefix-items.js";

export interface TypeRuleContext {
  /** The TypeScript name of the schema being compiled. */
  rootName: string;
  /** Maps a canonical `$ref` to the TypeScript name of its target (declared in _shared.d.ts). */
  refName(ref: string): string;
}

type Node = Record<string, unknown>;
type Rule = (node: Node, path: NodePath, ctx: TypeRuleContext) => void;

/** Where a node sits: the name its enclosing named type will carry plus the way down to it. */
export interface NodePath {
  isRoot: boolean;
  /** Suggested name for this node if it becomes a named type. */
  name: string;
}

export const typeRules = new Map<string, Rule>();

typeRules.set("Replace a $ref with the name of its shared type", (node, _path, ctx) => {
  if (typeof node.$ref !== "string") return;
  const name = ctx.refName(node.$ref);
  for (const key of Object.keys(node)) if (key !== "description" && key !== "deprecated" && key !== "x-pii") delete node[key];
  node.tsType = name;
});

/** Object.prototype member names; json-schema-to-typescript calls e.g. schema.hasOwnProperty(). */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
export const SHIELD_PREFIX = "__jetschema_shielded_";

typeRules.set("Shield property names that shadow Object.prototype", (node) => {
  // The name is put back in the emitted text (see unshieldNames).
  const props = node.properties;
  if (!props || typeof props !== "object" || Array.isArray(props)) return;
  if (!Object.keys(props).some((k) => PROTOTYPE_NAMES.has(k))) return;
  const renamed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) renamed[PROTOTYPE_NAMES.has(k) ? SHIELD_PREFIX + k : k] = v;
  node.properties = renamed;
  if (Array.isArray(node.required)) node.required = node.required.map((r) => (PROTOTYPE_NAMES.has(String(r)) ? SHIELD_PREFIX + String(r) : r));
});

export function unshieldNames(text: string): string {
  return text.replace(new RegExp(`${SHIELD_PREFIX}(\\w+)`, "g"), (_m, name: string) => JSON.stringify(name));
}

// json-schema-to-typescript knows the draft-07 spelling: items as a list, additionalItems after.
typeRules.set("Read 2020-12 prefixItems as a tuple", prefixItemsAsDraft7Items);

typeRules.set("Name the root after the event", (node, path) => {
  if (path.isRoot) node.title = path.name;
});

typeRules.set("Name nested objects after their path", (node, path) => {
  if (path.isRoot) return;
  if (declaredOnItsOwn(node)) node.title = path.name;
  else delete node.title; // inline types stay anonymous; a user title would clash across events
});

typeRules.set("Describe open content as exact types", (node) => {
  // A producer should send only declared fields; readers still accept more (the validators do).
  if (node.additionalProperties === true) delete node.additionalProperties;
  if (node.unevaluatedProperties === true) delete node.unevaluatedProperties;
});

typeRules.set("Type a schema without constraints as unknown", (node) => {
  const shaping = ["type", "$ref", "tsType", "enum", "const", "properties", "items", "prefixItems", "anyOf", "oneOf", "allOf", "not", "additionalProperties", "patternProperties", "if"];
  if (!shaping.some((k) => k in node)) node.tsType = "unknown";
});

typeRules.set("Mark personal data and formats in the docs", (node) => {
  const notes: string[] = [];
  if (typeof node.format === "string") notes.push(`@format ${node.format}`);
  if (node["x-pii"] === true) notes.push("Personal data (x-pii): mask or omit it in logs.");
  if (notes.length === 0) return;
  node.description = [typeof node.description === "string" ? node.description : "", ...notes].filter(Boolean).join("\n\n");
});

/** Child positions whose schemas may become named types, with the name suffix they get. */
const NAMED_CHILDREN: Array<[string, (key: string) => string, "map" | "one" | "list"]> = [
  ["properties", (k) => pascalCase(k), "map"],
  ["patternProperties", () => "Pattern", "map"],
  ["additionalProperties", () => "Value", "one"],
  ["items", () => "Item", "one"],
  ["prefixItems", () => "Item", "list"],
  ["items", () => "Item", "list"],
  ["additionalItems", () => "Item", "one"],
  ["anyOf", () => "Option", "list"],
  ["oneOf", () => "Option", "list"],
  ["allOf", () => "Part", "list"],
  ["$defs", (k) => pascalCase(k), "map"],
  ["definitions", (k) => pascalCase(k), "map"],
  ["not", () => "Not", "one"],
  ["if", () => "If", "one"],
  ["then", () => "Then", "one"],
  ["else", () => "Else", "one"],
  ["contains", () => "Contains", "one"],
];

/** Applies every rule to every subschema, top-down; returns the rewritten copy. */
export function applyTypeRules(schema: Node | boolean, ctx: TypeRuleContext): Node {
  // A `$ref` may point at a boolean schema (`"definitions": { "Anything": true }`).
  const copy: Node = typeof schema === "boolean" ? (schema ? {} : { tsType: "never" }) : structuredClone(schema);
  visit(copy, { isRoot: true, name: ctx.rootName }, ctx);
  return copy;
}

function visit(node: Node, path: NodePath, ctx: TypeRuleContext) {
  for (const rule of typeRules.values()) rule(node, path, ctx);
  if (typeof node.tsType === "string") return;
  for (const [key, suffix, shape] of NAMED_CHILDREN) {
    const child = node[key];
    if (child === undefined || child === null || typeof child !== "object") continue;
    if (shape === "map" && !Array.isArray(child)) {
      for (const [k, v] of Object.entries(child as Record<string, unknown>)) {
        if (isSchemaObject(v)) visit(v, { isRoot: false, name: path.name + suffix(k) }, ctx);
      }
    } else if (shape === "one" && !Array.isArray(child) && isSchemaObject(child)) {
      visit(child, { isRoot: false, name: path.name + suffix(key) }, ctx);
    } else if (shape === "list" && Array.isArray(child)) {
      child.forEach((v, i) => {
        if (isSchemaObject(v)) visit(v, { isRoot: false, name: path.name + suffix(key) + (child.length > 1 ? String(i + 1) : "") }, ctx);
      });
    }
  }
}

function isSchemaObject(v: unknown): v is Node {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Any `$ref` the named walk did not reach (under `dependencies`, `propertyNames`, …). */
export function replaceRemainingRefs(schema: Node, ctx: TypeRuleContext, walk: (s: object, f: (n: Node) => void) => void): void {
  walk(schema, (n) => {
    if (typeof n.$ref === "string") {
      n.tsType = ctx.refName(n.$ref);
      delete n.$ref;
    }
  });
}
