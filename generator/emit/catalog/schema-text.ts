/**
 * How one schema node reads in the catalog: its type (TypeScript-like: unions, enum literals,
 * formats, `$ref` names linked to their definition) and its constraints (bounds, lengths,
 * patterns, ...). Each comes as Markdown for the page and as plain text for diffs.
 */
import { code, linkMd, literal } from "../print/markdown-escape.js";

export type Schema = Record<string, unknown>;

export interface Text {
  md: string;
  plain: string;
}

/** A `$ref` target as the reader sees it: its name and, when it has a page, a link. */
export interface RefLabel {
  name: string;
  href?: string;
}

export interface TypeContext {
  /** The schema a canonical `$ref` points at. */
  resolve(ref: string): Schema | undefined;
  label(ref: string): RefLabel;
}

export function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const json = (v: unknown) => JSON.stringify(v) ?? "undefined";

export function refText(ref: string, ctx: TypeContext): Text {
  const { name, href } = ctx.label(ref);
  const md = href ? linkMd(literal(name), href) : code(name);
  return { md, plain: name };
}

function join(parts: Text[], sep: string): Text {
  return { md: parts.map((p) => p.md).join(sep), plain: parts.map((p) => p.plain).join(sep) };
}

/**
 * The type of `node` (not merged: a `$ref` shows as its name). `depth` bounds the nesting of
 * "array of ..." and unions so a deep schema cannot produce an unreadable cell.
 */
export function typeText(node: unknown, ctx: TypeContext, depth = 0): Text {
  if (node === true || node === undefined) return { md: "any", plain: "any" };
  if (node === false) return { md: "never", plain: "never" };
  if (!isSchema(node)) return { md: "any", plain: "any" };
  const base = baseType(node, ctx, depth);
  if (typeof node.$ref !== "string") return base;
  const name = refText(node.$ref, ctx);
  if (depth > 0) return name;
  const target = ctx.resolve(node.$ref);
  const inner = target ? baseType(target, ctx, depth + 1) : undefined;
  const shown = hasOwnTypeInfo(node) ? base : inner;
  if (!shown || shown.plain === "any" || shown.plain === "object") return name;
  return { md: `${name.md} (${shown.md})`, plain: `${name.plain} (${shown.plain})` };
}

function hasOwnTypeInfo(node: Schema): boolean {
  return ["type", "enum", "const", "items", "properties", "oneOf", "anyOf"].some((k) => k in node);
}

function baseType(node: Schema, ctx: TypeContext, depth: number): Text {
  if ("const" in node) return { md: `${code(json(node.const))} (constant)`, plain: `${json(node.const)} (constant)` };
  if (Array.isArray(node.enum)) {
    const values = node.enum.map((v) => ({ md: code(json(v)), plain: json(v) }));
    return join(values, " | ");
  }
  const union = (Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : undefined) as unknown[] | undefined;
  if (union && node.type === undefined) {
    if (depth > 2) return { md: "union", plain: "union" };
    return join(
      union.map((m) => memberText(m, ctx, depth + 1)),
      " | ",
    );
  }
  const types = Array.isArray(node.type) ? (node.type as string[]) : typeof node.type === "string" ? [node.type] : inferTypes(node);
  if (types.length === 0) return { md: "any", plain: "any" };
  return join(
    types.map((t) => singleType(t, node, ctx, depth)),
    " | ",
  );
}

function memberText(member: unknown, ctx: TypeContext, depth: number): Text {
  if (isSchema(member) && typeof member.$ref !== "string" && typeof member.title === "string" && isObjectType(member)) {
    return { md: `object (${literal(member.title)})`, plain: `object (${member.title})` };
  }
  return typeText(member, ctx, depth);
}

function isObjectType(node: Schema): boolean {
  return node.type === "object" || (node.type === undefined && (isSchema(node.properties) || "additionalProperties" in node));
}

function inferTypes(node: Schema): string[] {
  if (isSchema(node.properties) || isSchema(node.additionalProperties) || isSchema(node.patternProperties)) return ["object"];
  if ("items" in node || "prefixItems" in node) return ["array"];
  return [];
}

function singleType(t: string, node: Schema, ctx: TypeContext, depth: number): Text {
  if (t === "string" && typeof node.format === "string") {
    return { md: `string (${literal(node.format)})`, plain: `string (${node.format})` };
  }
  if (t === "array") {
    const tuple = Array.isArray(node.prefixItems) ? node.prefixItems : Array.isArray(node.items) ? node.items : undefined;
    if (tuple) {
      const parts = tuple.map((m) => typeText(m, ctx, depth + 1));
      return { md: `[${parts.map((p) => p.md).join(", ")}]`, plain: `[${parts.map((p) => p.plain).join(", ")}]` };
    }
    if (node.items === undefined || node.items === true) return { md: "array", plain: "array" };
    if (depth > 2) return { md: "array", plain: "array" };
    const inner = typeText(node.items, ctx, depth + 1);
    const wrap = inner.plain.includes(" | ");
    return wrap ? { md: `array of (${inner.md})`, plain: `array of (${inner.plain})` } : { md: `array of ${inner.md}`, plain: `array of ${inner.plain}` };
  }
  if (t === "object" && !isSchema(node.properties) && isSchema(node.additionalProperties) && depth <= 2) {
    const inner = typeText(node.additionalProperties, ctx, depth + 1);
    return { md: `map of ${inner.md}`, plain: `map of ${inner.plain}` };
  }
  return { md: literal(t), plain: t };
}

const num = (v: unknown) => (typeof v === "number" ? String(v) : undefined);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The constraints of a (merged) schema node, each as Markdown and plain text. */
export function constraintTexts(node: Schema): Text[] {
  const out: Text[] = [];
  const add = (md: string, plain = md) => out.push({ md, plain });
  const length = (min: unknown, max: unknown) => {
    if (typeof min === "number" && typeof max === "number") add(min === max ? `length ${min}` : `length ${min}–${max}`);
    else if (typeof min === "number" && min > 0) add(`length ≥ ${min}`);
    else if (typeof max === "number") add(`length ≤ ${max}`);
  };
  if (num(node.minimum)) add(`≥ ${node.minimum}`);
  if (num(node.exclusiveMinimum)) add(`> ${node.exclusiveMinimum}`);
  if (num(node.maximum)) add(`≤ ${node.maximum}`);
  if (num(node.exclusiveMaximum)) add(`< ${node.exclusiveMaximum}`);
  if (num(node.multipleOf)) add(`multiple of ${node.multipleOf}`);
  length(node.minLength, node.maxLength);
  if (typeof node.pattern === "string") add(`pattern ${code(node.pattern)}`, `pattern ${node.pattern}`);
  if (typeof node.minItems === "number" && typeof node.maxItems === "number") {
    add(node.minItems === node.maxItems ? `exactly ${plural(node.minItems, "item")}` : `${node.minItems}–${node.maxItems} items`);
  } else if (typeof node.minItems === "number" && node.minItems > 0) add(`at least ${plural(node.minItems, "item")}`);
  else if (typeof node.maxItems === "number") add(`at most ${plural(node.maxItems, "item")}`);
  if (node.uniqueItems === true) add("unique items");
  if (typeof node.minProperties === "number" && node.minProperties > 0) add(`at least ${plural(node.minProperties, "entry")}`.replace("entrys", "entries"));
  if (typeof node.maxProperties === "number") add(`at most ${plural(node.maxProperties, "entry")}`.replace("entrys", "entries"));
  if (isSchema(node.propertyNames) && typeof node.propertyNames.pattern === "string") {
    add(`keys match ${code(node.propertyNames.pattern)}`, `keys match ${node.propertyNames.pattern}`);
  }
  if (node.additionalProperties === false && isSchema(node.properties)) add("no other fields");
  if (typeof node.contentMediaType === "string") add(`content ${code(node.contentMediaType)}`, `content ${node.contentMediaType}`);
  if (typeof node.contentEncoding === "string") add(`encoding ${code(node.contentEncoding)}`, `encoding ${node.contentEncoding}`);
  if ("default" in node) add(`default ${code(json(node.default))}`, `default ${json(node.default)}`);
  if (node.readOnly === true) add("read-only");
  if (node.writeOnly === true) add("write-only");
  if ("if" in node || "not" in node || "dependentRequired" in node || "dependentSchemas" in node || "dependencies" in node) {
    add("further conditions in the schema");
  }
  return out;
}
