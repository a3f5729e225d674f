/**
 * Writes each error that ajv's standalone code reports as one call to a helper of the module.
 *
 * With `allErrors`, ajv writes every place that can report an error as a whole object literal
 * (instancePath, schemaPath, keyword, params, message) followed by the same seven lines that push
 * it onto the list: about 400 bytes, repeated some 70 times per event of a typical registry, more
 * than half of the code. Most of each literal is known when the code is generated: every property
 * but instancePath (and a few params) is a constant. The constants of each distinct error go
 * into one table per module, and a report site passes only the index of its entry and the values
 * that are computed at run time:
 *
 *     vErrors = __jetschema_error(vErrors, 12, instancePath+"/field_0");
 *     errors++;
 *
 * The helper builds the same object, key for key and in the same order, with fresh copies of
 * constant objects (as ajv's literal makes one per report), and pushes it as ajv's code does.
 * Only the exact shape ajv emits is rewritten; anything else is left as ajv wrote it.
 */
import { parseExpressionAt } from "acorn";
import type { Expression, Identifier, MemberExpression, Node, ObjectExpression, Property, SpreadElement } from "acorn";

const HELPER = "__jetschema_error";
const TABLE = "__jetschema_errors";
const SHAPES = "__jetschema_error_shapes";

/** A property of an error: `[key, constant]`, or `[key]` for a value given at the report site. */
type TemplateEntry = [key: string, value: unknown] | [key: string];

export function compactErrorReports(code: string): string {
  const lines = code.split("\n");
  const schemas = embeddedSchemas(lines);
  const shapes = new Map<string, number>();
  const entries = new Map<string, number>();
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const site = reportSite(lines, i, schemas);
    if (!site) {
      out.push(lines[i]!);
      continue;
    }
    const shape = JSON.stringify([site.template.map(([key]) => key), site.template.map((entry) => (entry.length === 1 ? 1 : 0))]);
    if (!shapes.has(shape)) shapes.set(shape, shapes.size);
    const entry = JSON.stringify([shapes.get(shape), ...site.template.filter((e) => e.length === 2).map((e) => e[1])]);
    if (!entries.has(entry)) entries.set(entry, entries.size);
    out.push(`vErrors = ${HELPER}(${["vErrors", String(entries.get(entry)), ...site.holes].join(", ")});`);
    i += SITE_LINES - 2; // the loop steps over the last line, `errors++;`, which stays
  }
  if (entries.size === 0) return code;
  const kept = withoutUnusedSchemas(out, schemas);
  // After the imports: ES imports come first in the module.
  const importsEnd = kept.map((line) => line.startsWith("import ")).lastIndexOf(true);
  const tables = [`const ${SHAPES} = [${[...shapes.keys()].join(",")}];`, `const ${TABLE} = [${[...entries.keys()].join(",")}];`, HELPER_CODE];
  kept.splice(importsEnd + 1, 0, ...tables);
  return kept.join("\n");
}

/**
 * ajv embeds a function's whole schema (`const schema3 = {...}`, JSON on one line) when its code
 * reads a value from it, which here is only ever an error's params (the allowed values of an
 * enum, the types of a union). Those values become constants of the table; a schema nothing else
 * reads is dropped.
 */
function embeddedSchemas(lines: string[]): Schemas {
  const schemas: Schemas = new Map();
  lines.forEach((line) => {
    const m = /^const (schema\d+) = (\{.*\});$/.exec(line);
    if (!m) return;
    try {
      schemas.set(m[1]!, { value: JSON.parse(m[2]!) });
    } catch {
      // not JSON: left alone
    }
  });
  return schemas;
}

function withoutUnusedSchemas(lines: string[], schemas: Schemas): string[] {
  // Any other mention (even inside a string) keeps a schema: only an unused declaration goes.
  const mentions = new Map<string, number>();
  for (const line of lines) for (const [name] of line.matchAll(/\bschema\d+\b/g)) mentions.set(name, (mentions.get(name) ?? 0) + 1);
  const unused = new Set([...schemas.keys()].filter((name) => mentions.get(name) === 1).map((name) => `const ${name} = `));
  if (unused.size === 0) return lines;
  return lines.filter((line) => !(line.startsWith("const schema") && unused.has(line.slice(0, line.indexOf(" = ") + 3))));
}

const HELPER_CODE = `function ${HELPER}(list, index, ...given) {
const entry = ${TABLE}[index];
const [keys, holes] = ${SHAPES}[entry[0]];
const error = {};
let constant = 1;
let next = 0;
for (let i = 0; i < keys.length; i++) {
if (holes[i] === 1) error[keys[i]] = given[next++];
else {
const value = entry[constant++];
error[keys[i]] = typeof value === "object" && value !== null ? __jetschema_copy(value) : value;
}
}
if (list === null) return [error];
list.push(error);
return list;
}
function __jetschema_copy(value) {
if (Array.isArray(value)) return value.map(__jetschema_copy);
if (typeof value !== "object" || value === null) return value;
return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, __jetschema_copy(inner)]));
}`;

interface Site {
  template: TemplateEntry[];
  /** Source of the values computed at run time, in the order of their keys. */
  holes: string[];
}

/** `const errN = {...};` and the six lines that push it, exactly as ajv's addError writes them (code.lines). */
const SITE_LINES = 8;

function reportSite(lines: string[], at: number, schemas: Schemas): Site | undefined {
  const m = /^const (err\d+) = (\{.*\});$/.exec(lines[at]!);
  if (!m) return undefined;
  const name = m[1]!;
  const push = ["if(vErrors === null){", `vErrors = [${name}];`, "}", "else {", `vErrors.push(${name});`, "}", "errors++;"];
  if (push.some((line, i) => lines[at + 1 + i] !== line)) return undefined;
  let literal: Node;
  try {
    literal = parseExpressionAt(m[2]!, 0, { ecmaVersion: "latest" });
  } catch {
    return undefined;
  }
  if (literal.type !== "ObjectExpression" || literal.end !== m[2]!.length) return undefined;
  const template: TemplateEntry[] = [];
  const holes: string[] = [];
  for (const property of (literal as ObjectExpression).properties) {
    const key = plainKey(property);
    if (key === undefined) return undefined;
    const value = (property as Property).value as Expression;
    const constant = constantOf(value, schemas);
    if (constant.known) template.push([key, constant.value]);
    else {
      template.push([key]);
      holes.push(m[2]!.slice(value.start, value.end));
    }
  }
  return { template, holes };
}

function plainKey(property: Property | SpreadElement): string | undefined {
  if (property.type !== "Property" || property.kind !== "init" || property.computed || property.method) return undefined;
  return property.key.type === "Identifier" ? property.key.name : undefined;
}

type Schemas = Map<string, { value: unknown }>;

/**
 * The value of an expression made of literals only (strings joined with +, objects, arrays), or
 * of a path into an embedded schema (`schema3.properties.kind.enum`).
 */
function constantOf(node: Node, schemas: Schemas): { known: true; value: unknown } | { known: false } {
  const unknown = { known: false } as const;
  switch (node.type) {
    case "Literal": {
      const value = (node as unknown as { value: unknown; regex?: unknown; bigint?: unknown }).value;
      if ((node as { regex?: unknown }).regex || (node as { bigint?: unknown }).bigint) return unknown;
      return typeof value === "string" || typeof value === "boolean" || value === null || (typeof value === "number" && Number.isFinite(value)) ? { known: true, value } : unknown;
    }
    case "BinaryExpression": {
      const e = node as unknown as { operator: string; left: Node; right: Node };
      if (e.operator !== "+") return unknown;
      const left = constantOf(e.left, schemas);
      const right = constantOf(e.right, schemas);
      if (!left.known || !right.known || typeof left.value !== "string" || typeof right.value !== "string") return unknown;
      return { known: true, value: left.value + right.value };
    }
    case "UnaryExpression": {
      const e = node as unknown as { operator: string; argument: Node };
      const inner = constantOf(e.argument, schemas);
      return e.operator === "-" && inner.known && typeof inner.value === "number" && inner.value !== 0 ? { known: true, value: -inner.value } : unknown;
    }
    case "ArrayExpression": {
      const values: unknown[] = [];
      for (const element of (node as unknown as { elements: Array<Node | null> }).elements) {
        const c = element && element.type !== "SpreadElement" ? constantOf(element, schemas) : unknown;
        if (!c.known) return unknown;
        values.push(c.value);
      }
      return { known: true, value: values };
    }
    case "ObjectExpression": {
      const value: Record<string, unknown> = {};
      for (const property of (node as ObjectExpression).properties) {
        const key = plainKey(property) ?? stringKey(property);
        if (key === undefined || key === "__proto__" || (property as Property).shorthand) return unknown;
        const c = constantOf((property as Property).value, schemas);
        if (!c.known) return unknown;
        value[key] = c.value;
      }
      return { known: true, value };
    }
    case "MemberExpression":
      return schemaValue(node as MemberExpression, schemas);
    default:
      return unknown;
  }
}

function schemaValue(node: MemberExpression, schemas: Schemas): { known: true; value: unknown } | { known: false } {
  const path: string[] = [];
  let current: Node = node;
  while (current.type === "MemberExpression") {
    const m = current as MemberExpression;
    if (m.optional) return { known: false };
    if (!m.computed && m.property.type === "Identifier") path.unshift(m.property.name);
    else if (m.computed && m.property.type === "Literal" && typeof m.property.value === "string") path.unshift(m.property.value);
    else return { known: false };
    current = m.object;
  }
  const root = current.type === "Identifier" ? schemas.get((current as Identifier).name) : undefined;
  if (!root) return { known: false };
  let value = root.value;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return { known: false };
    value = (value as Record<string, unknown>)[key];
  }
  return { known: true, value };
}

function stringKey(property: Property | SpreadElement): string | undefined {
  if (property.type !== "Property" || property.kind !== "init" || property.computed || property.method) return undefined;
  return property.key.type === "Literal" && typeof property.key.value === "string" ? property.key.value : undefined;
}
