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
import { readErrorLiteral, type ErrorProperty } from "./error-literal.js";

const HELPER = "__jetschema_error";
const TABLE = "__jetschema_errors";
const SHAPES = "__jetschema_error_shapes";

/**
 * `const errN = {...};` and the six lines that push it, exactly as ajv's addError writes them
 * (`code.lines`), the whole of its lines; the last line, `errors++;`, stays. Tried only where a
 * line starts with `const err` (replaceReportSites), which a text search finds far faster than a
 * multiline regular expression tried at every line of a megabyte module.
 */
const SITE_START = "const err";
const REPORT_SITE = /const (err\d+) = (\{.*\});\nif\(vErrors === null\)\{\nvErrors = \[\1\];\n\}\nelse \{\nvErrors\.push\(\1\);\n\}\nerrors\+\+;(?=[\n\r\u2028\u2029]|$)/y;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

export function compactErrorReports(code: string): string {
  return compactErrorReportsIn([code]).join("");
}

/**
 * compactErrorReports over a module's code in pieces that each start at a line and hold whole
 * functions (function-chunks.ts): the pieces of the same text. A report site lies within one
 * function, an embedded schema on one line; the table is the module's.
 */
export function compactErrorReportsIn(chunks: string[]): string[] {
  const schemas = embeddedSchemas(chunks);
  /** Shape (keys, and which are given at the site) -> index; a key is an identifier, so `,` and `?` cannot be part of one. */
  const shapes = new Map<string, number>();
  const shapeTexts: string[] = [];
  const entries = new Map<string, number>();
  // A site's call depends on its literal alone, and a module repeats most literals (the same
  // check of the same field in several versions): each distinct one is read once.
  const calls = new Map<string, string | undefined>();
  const reportCall = (literal: string): string | undefined => {
    const properties = readErrorLiteral(literal, (name) => schemas.value(name));
    if (!properties) return undefined;
    const shape = properties.map((p) => (isGiven(p) ? `${p.key}?` : p.key)).join(",");
    let shapeIndex = shapes.get(shape);
    if (shapeIndex === undefined) {
      shapes.set(shape, (shapeIndex = shapes.size));
      shapeTexts.push(JSON.stringify([properties.map((p) => p.key), properties.map((p) => (isGiven(p) ? 1 : 0))]));
    }
    const entry = JSON.stringify([shapeIndex, ...properties.filter((p) => !isGiven(p)).map((p) => (p as { value: unknown }).value)]);
    let entryIndex = entries.get(entry);
    if (entryIndex === undefined) entries.set(entry, (entryIndex = entries.size));
    const given = properties.filter(isGiven).map((p) => p.source);
    return `vErrors = ${HELPER}(${["vErrors", String(entryIndex), ...given].join(", ")});\nerrors++;`;
  };
  const compacted = chunks.map((chunk) =>
    replaceReportSites(chunk, (literal) => {
      if (!calls.has(literal)) calls.set(literal, reportCall(literal));
      return calls.get(literal);
    }),
  );
  if (entries.size === 0) return chunks;
  const kept = withoutUnusedSchemas(compacted, schemas);
  const tables = `const ${SHAPES} = [${shapeTexts.join(",")}];\nconst ${TABLE} = [${[...entries.keys()].join(",")}];\n${HELPER_CODE}\n`;
  const [i, at] = afterLastImport(kept);
  const chunk = kept[i]!;
  kept[i] = chunk.slice(0, at) + (at > 0 && chunk[at - 1] !== "\n" ? "\n" : "") + tables + chunk.slice(at);
  return kept;
}

/**
 * `code` with every report site replaced by what `replace` gives for its literal (kept as it is
 * when that is undefined): what `code.replace` with REPORT_SITE as a multiline global expression
 * gives, sites taken left to right, each at the start of a line.
 */
export function replaceReportSites(code: string, replace: (literal: string) => string | undefined): string {
  const pieces: string[] = [];
  let copied = 0;
  for (let at = code.indexOf(SITE_START); at >= 0; at = code.indexOf(SITE_START, at)) {
    if (at > 0 && !LINE_BREAK.test(code[at - 1]!)) {
      at += 1;
      continue;
    }
    REPORT_SITE.lastIndex = at;
    const site = REPORT_SITE.exec(code);
    const replacement = site ? replace(site[2]!) : undefined;
    if (!site || replacement === undefined) {
      at += 1;
      continue;
    }
    pieces.push(code.slice(copied, at), replacement);
    at = copied = at + site[0].length;
  }
  if (copied === 0) return code;
  pieces.push(code.slice(copied));
  return pieces.join("");
}

function isGiven(property: ErrorProperty): property is { key: string; source: string } {
  return "source" in property;
}

/**
 * Where the line after the module's last `import` line starts, as [piece, offset] ([0, 0] when
 * there is none): ES imports come first. No `\nimport ` spans two pieces, as each piece after the
 * first starts with a function.
 */
function afterLastImport(chunks: string[]): [number, number] {
  for (let i = chunks.length - 1; i >= 0; i--) {
    const code = chunks[i]!;
    const newlineBefore = code.lastIndexOf("\nimport ");
    if (newlineBefore < 0 && !(i === 0 && code.startsWith("import "))) continue;
    const end = code.indexOf("\n", newlineBefore + 1);
    return [i, end < 0 ? code.length : end + 1];
  }
  return [0, 0];
}

/** Declarations of embedded schemas by name: their JSON text, parsed when first read. */
interface Schemas {
  /** Every declared name, JSON or not. */
  names(): string[];
  value(name: string): unknown;
}

/**
 * ajv embeds a function's whole schema (`const schema3 = {...}`, JSON on one line) when its code
 * reads a value from it, which here is only ever an error's params (the allowed values of an
 * enum, the types of a union). Those values become constants of the table; a schema nothing else
 * reads is dropped.
 */
function embeddedSchemas(chunks: string[]): Schemas {
  const texts = new Map<string, string>();
  const parsed = new Map<string, unknown>();
  for (const code of chunks) for (const m of code.matchAll(/^const (schema\d+) = (\{.*\});$/gm)) texts.set(m[1]!, m[2]!);
  const value = (name: string): unknown => {
    if (parsed.has(name)) return parsed.get(name);
    const text = texts.get(name);
    let v: unknown;
    try {
      v = text === undefined ? undefined : JSON.parse(text);
    } catch {
      v = undefined; // not JSON: left alone
    }
    parsed.set(name, v);
    return v;
  };
  return { names: () => [...texts.keys()], value };
}

function withoutUnusedSchemas(chunks: string[], schemas: Schemas): string[] {
  const declared = schemas.names();
  if (declared.length === 0) return chunks;
  // Any other mention (even inside a string) keeps a schema: only an unused declaration goes.
  const mentions = new Map<string, number>();
  for (const code of chunks) for (const [name] of code.matchAll(/\bschema\d+\b/g)) mentions.set(name, (mentions.get(name) ?? 0) + 1);
  const unused = new Set(declared.filter((name) => mentions.get(name) === 1 && schemas.value(name) !== undefined));
  if (unused.size === 0) return chunks;
  return chunks.map((code) => code.replace(/^const (schema\d+) = .*\n/gm, (line: string, name: string) => (unused.has(name) ? "" : line)));
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
