/**
 * Flattens a schema into the rows of a field table: one row per field with its nested path
 * (`final_result.total_discount`, `items[].sku`, `changes.*.old_value`), following `$ref`s through
 * the registry's canonical schemas (model.resolved.normalized) and merging `allOf`. A `$ref` that
 * leads back into itself is shown once and not expanded again.
 */
import { cell, code, prose } from "../print/markdown-escape.js";
import { constraintTexts, isSchema, refText, typeText, type Schema, type Text, type TypeContext } from "./schema-text.js";
import { pointerToken } from "../../base/json-pointer.js";

export interface FieldRow {
  /** Nested path from the schema root; "" for the root value itself. */
  path: string;
  /** JSON pointer into the schema as if every `$ref` were inlined. */
  pointer: string;
  depth: number;
  required: boolean;
  type: Text;
  constraints: Text[];
  description?: string;
  pii: boolean;
  deprecated: boolean;
  /** Which `oneOf`/`anyOf` branch the field belongs to, when it does. */
  variant?: string;
}

export interface FlatSchema {
  rows: FieldRow[];
  /** The root is an object: its fields are the rows. Otherwise `root` describes the value. */
  isObject: boolean;
  root: FieldRow;
  /** Whether the root object accepts fields it does not declare. */
  open: boolean;
}

const MAX_DEPTH = 16;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

interface Merged {
  schema: Schema;
  /** Every `$ref` followed to build the merged view. */
  refs: string[];
  /** A `$ref` pointed back into one being expanded. */
  recursive: boolean;
}

/** The node with its `$ref` chain and `allOf` members merged (nearer keywords win). */
export function mergeSchema(node: unknown, ctx: TypeContext, stack: readonly string[] = []): Merged {
  const layers: Schema[] = [];
  const refs: string[] = [];
  let recursive = false;
  const visit = (n: unknown, depth: number) => {
    if (!isSchema(n) || depth > MAX_DEPTH) return;
    layers.push(n);
    if (typeof n.$ref === "string") {
      if (stack.includes(n.$ref) || refs.includes(n.$ref)) recursive = true;
      else {
        refs.push(n.$ref);
        visit(ctx.resolve(n.$ref), depth + 1);
      }
    }
    if (Array.isArray(n.allOf)) for (const m of n.allOf) visit(m, depth + 1);
  };
  visit(node, 0);
  const schema: Schema = {};
  const properties: Schema = {};
  const required = new Set<string>();
  let hasProperties = false;
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (k === "$ref" || k === "allOf") continue;
      if (k === "properties" && isSchema(v)) {
        hasProperties = true;
        for (const [pk, pv] of Object.entries(v)) if (!(pk in properties)) properties[pk] = pv;
      } else if (k === "required" && Array.isArray(v)) {
        for (const r of v) if (typeof r === "string") required.add(r);
      } else if (!(k in schema)) schema[k] = v;
    }
  }
  if (hasProperties) schema.properties = properties;
  if (required.size > 0) schema.required = [...required];
  return { schema, refs, recursive };
}

function childPath(parent: string, key: string): string {
  const part = IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (!parent) return part;
  return part.startsWith("[") ? `${parent}${part}` : `${parent}.${part}`;
}

export function flattenSchema(schema: unknown, ctx: TypeContext): FlatSchema {
  const rows: FieldRow[] = [];
  const rootMerged = mergeSchema(schema, ctx);
  const root = describe(schema, rootMerged, "", "", 0, false, ctx);
  descend(rootMerged, "", "", 0, rootMerged.refs, undefined);
  const isObject = rows.length > 0;
  const open = rootMerged.schema.additionalProperties !== false && rootMerged.schema.unevaluatedProperties !== false;
  return { rows, isObject, root, open };

  function descend(merged: Merged, path: string, pointer: string, depth: number, stack: readonly string[], variant: string | undefined) {
    if (merged.recursive || depth >= MAX_DEPTH) return;
    const s = merged.schema;
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    const props = isSchema(s.properties) ? s.properties : undefined;
    if (props) {
      for (const [key, sub] of Object.entries(props)) {
        field(sub, childPath(path, key), `${pointer}/properties/${pointerToken(key)}`, depth, required.has(key), stack, variant);
      }
    }
    if (isSchema(s.patternProperties)) {
      for (const [pattern, sub] of Object.entries(s.patternProperties)) {
        const row = field(sub, `${path ? `${path}.` : ""}*`, `${pointer}/patternProperties/${pointerToken(pattern)}`, depth, false, stack, variant);
        row.constraints.unshift({ md: `keys match ${code(pattern)}`, plain: `keys match ${pattern}` });
      }
    }
    if (isSchema(s.additionalProperties)) {
      const p = `${path ? `${path}.` : ""}*`;
      const ptr = `${pointer}/additionalProperties`;
      if (props) field(s.additionalProperties, p, ptr, depth, false, stack, variant);
      else {
        const m = mergeSchema(s.additionalProperties, ctx, stack);
        descend(m, p, ptr, depth, [...stack, ...m.refs], variant);
      }
    }
    const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
    const tupleKey = Array.isArray(s.prefixItems) ? "prefixItems" : "items";
    if (tuple) {
      const minItems = typeof s.minItems === "number" ? s.minItems : 0;
      tuple.forEach((sub, i) => field(sub, `${path}[${i}]`, `${pointer}/${tupleKey}/${i}`, depth, i < minItems, stack, variant));
    } else if (isSchema(s.items)) {
      const m = mergeSchema(s.items, ctx, stack);
      descend(m, `${path}[]`, `${pointer}/items`, depth, [...stack, ...m.refs], variant);
    }
    for (const key of ["oneOf", "anyOf"] as const) {
      const members = s[key];
      if (!Array.isArray(members)) continue;
      members.forEach((member, i) => {
        const m = mergeSchema(member, ctx, stack);
        const label = variantLabel(member, m, i, members.length, ctx);
        descend(m, path, `${pointer}/${key}/${i}`, depth, [...stack, ...m.refs], label);
      });
    }
  }

  function field(sub: unknown, path: string, pointer: string, depth: number, required: boolean, stack: readonly string[], variant: string | undefined): FieldRow {
    const merged = mergeSchema(sub, ctx, stack);
    const row = describe(sub, merged, path, pointer, depth + 1, required, ctx);
    if (variant) row.variant = variant;
    rows.push(row);
    descend(merged, path, pointer, depth + 1, [...stack, ...merged.refs], variant);
    return row;
  }
}

function variantLabel(member: unknown, merged: Merged, i: number, count: number, ctx: TypeContext): string {
  const name = isSchema(member) && typeof member.$ref === "string" ? refText(member.$ref, ctx).md : typeof merged.schema.title === "string" ? prose(merged.schema.title) : undefined;
  return `variant ${i + 1} of ${count}${name ? ` (${name})` : ""}`;
}

function describe(node: unknown, merged: Merged, path: string, pointer: string, depth: number, required: boolean, ctx: TypeContext): FieldRow {
  const s = merged.schema;
  const type = typeText(node, ctx);
  if (merged.recursive) type.md += " (recursive)";
  const constraints = constraintTexts(s);
  if (isSchema(node) && !(typeof node.$ref === "string") && Array.isArray(node.allOf)) {
    for (const m of node.allOf) {
      if (isSchema(m) && typeof m.$ref === "string") {
        const r = refText(m.$ref, ctx);
        constraints.unshift({ md: `includes ${r.md}`, plain: `includes ${r.plain}` });
      }
    }
  }
  return {
    path,
    pointer,
    depth,
    required,
    type,
    constraints,
    ...(typeof s.description === "string"
      ? { description: s.description }
      : isSchema(node) && typeof node.title === "string" && typeof node.$ref !== "string"
        ? { description: node.title }
        : {}),
    pii: s["x-pii"] === true,
    deprecated: s.deprecated === true,
  };
}

/** One field row as table cells (Markdown, pipe-safe). */
export interface FieldCells {
  field: string;
  type: string;
  required: string;
  constraints: string;
  pii: string;
  description: string;
}

export function fieldCells(row: FieldRow): FieldCells {
  const notes = [...(row.variant ? [`in ${row.variant}`] : []), ...row.constraints.map((c) => c.md)];
  const description = [row.deprecated ? "**Deprecated.**" : "", prose(row.description)].filter(Boolean).join(" ");
  return {
    field: cell(code(row.path || "(value)")),
    type: cell(row.type.md),
    required: row.required ? "yes" : "no",
    constraints: cell(notes.join("<br>")),
    pii: row.pii ? "**PII**" : "",
    description: cell(description),
  };
}
