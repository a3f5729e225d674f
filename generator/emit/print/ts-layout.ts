/**
 * TypeScript laid out exactly as prettier (printWidth 100, its defaults) prints it, for the
 * catalog's usage snippet, without running prettier: a full prettier pass over every catalog page
 * was most of a large generate. This builds the same Doc tree prettier's estree printer builds for
 * the few node shapes the snippet uses (JSON values as object/array/literal expressions, call
 * arguments with last-argument hugging, assignment layouts, member chains, an async arrow) and
 * prints it with prettier's own synchronous doc printer, so line fitting is prettier's.
 *
 * The rules below follow prettier 3's estree printer (src/language-js/print/: object.js,
 * array.js, call-arguments.js, assignment.js, property.js, member.js, literal.js); each function
 * names the one it mirrors. test/catalog/ts-layout.test.ts compares the output with prettier's on
 * generated values, so an upgrade of prettier that changes a rule fails there first.
 */
import { doc, util } from "./prettier-parts.js";

type Doc = doc.builders.Doc;
const { group, indent, join, line, softline, hardline, ifBreak, conditionalGroup, fill, breakParent, lineSuffixBoundary, indentIfBreak } = doc.builders;

export const PRINT_WIDTH = 100;
const TAB_WIDTH = 2;

/** An expression: its doc, and what prettier's layout rules ask of its AST node. */
export interface Expr {
  doc: Doc;
  kind: "object" | "array" | "string" | "number" | "signed-number" | "boolean" | "null" | "identifier" | "member" | "call" | "await" | "arrow";
  /** Objects: properties; arrays: elements. */
  size?: number;
  /** Strings: the printed literal (quotes included). */
  printed?: string;
  /** Arrays of numbers only, which prettier fills onto lines. */
  concise?: boolean;
  /** Identifiers: the name. */
  name?: string;
  /** Calls: the argument expressions (for prettier's "poorly breakable chain" test). */
  args?: Expr[];
  callee?: Expr;
  object?: Expr;
}

/** printString (utils/print-string.js): double quotes unless the text holds more of them than single ones. */
export function stringLiteral(value: string): string {
  const raw = JSON.stringify(value).slice(1, -1);
  const quote = util.getPreferredQuote(raw, false);
  if (quote === '"') return `"${raw}"`;
  // makeString: unescape the other quote, escape the enclosing one, keep every other escape.
  return `'${raw.replace(/\\(["'\\])|(["'])/g, (match, escaped: string | undefined, q: string | undefined) => (escaped ? (escaped === '"' ? '"' : match) : q === "'" ? "\\'" : q!))}'`;
}

/** printNumber (utils/print-number.js) on the JavaScript source of a finite number. */
export function numberText(n: number): string {
  return String(n)
    .toLowerCase()
    .replace(/^([+-]?[\d.]+e)(?:\+|(-))?0*(?=\d)/, "$1$2")
    .replace(/^([+-]?[\d.]+)e[+-]?0+$/, "$1")
    .replace(/^([+-])?\./, "$10.")
    .replace(/(\.\d+?)0+(?=e|$)/, "$1")
    .replace(/\.(?=e|$)/, "");
}

/**
 * Whether prettier prints a string key without quotes (property.js, quoteProps "as-needed", the
 * typescript parser): when it is an ES5 identifier name whose literal needs no escape. prettier's
 * table of ES5 identifier characters is older than Node's Unicode: it is Node's ID_Start /
 * ID_Continue (BMP only) without the characters listed below, plus U+2E2F.
 * test/catalog/ts-layout.test.ts checks this against prettier for every BMP code point.
 */
export function unquotedKey(key: string): boolean {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return true;
  // prettier's table has no character outside the BMP.
  if (/[^\u0000-\uFFFF]/u.test(key) || !ES5_START.test(key[0]!) || ![...key.slice(1)].every((c) => ES5_PART.test(c))) return false;
  return stringLiteral(key).slice(1, -1) === key;
}

/** A key of an object literal or type as prettier prints it in TypeScript: unquoted where unquotedKey says, else a string literal. */
export function keyText(key: string): string {
  return unquotedKey(key) ? key : stringLiteral(key);
}

/** isSimpleNumber (utils/index.js) and printed back unchanged: prettier unquotes such a key in JavaScript. */
function simpleNumberKey(key: string): boolean {
  return /^(?:\d+|\d+\.\d+)$/.test(key) && String(Number(key)) === key;
}

/** Code point ranges (hex) that are identifier characters in Node 20's Unicode but not in prettier's ES5 table. */
const NEWER_START =
  "560,588,5ef,860-86a,870-887,889-88f,8b5,8be-8c9,9fc,c5c-c5d,cdc-cdd,d04,e86,e89,e8c,e8e-e93,e98,ea0,ea8-ea9,eac,170d,171f,1878,1885-1886,1b4c,1c89-1c8a,1c90-1cba,1cbd-1cbf,1cf2-1cf3,1cfa,2118,212e,2c2f,2c5f,309b-309c,312e-312f,31bb-31bf,4db6-4dbf,9fd6-9fff,a7af,a7b8-a7dc,a7f1-a7f6,a8fe,ab66-ab69";
const NEWER_PART =
  "b7,387,560,588,5ef,7fd,860-86a,870-887,889-88f,897-89f,8b5,8be-8d3,9fc,9fe,afa-aff,b55,c04,c3c,c5c-c5d,cdc-cdd,cf3,d00,d04,d3b-d3c,d81,e86,e89,e8c,e8e-e93,e98,ea0,ea8-ea9,eac,eba,ece,1369-1371,170d,1715,171f,180f,1878,19da,1abf-1add,1ae0-1aeb,1b4c,1c89-1c8a,1c90-1cba,1cbd-1cbf,1cf7,1cfa,1df6-1dfa,2118,212e,2c2f,2c5f,309b-309c,30fb,312e-312f,31bb-31bf,4db6-4dbf,9fd6-9fff,a7af,a7b8-a7dc,a7f1-a7f6,a82c,a8fe-a8ff,ab66-ab69,ff65";
const charClass = (ranges: string) =>
  ranges
    .split(",")
    .map((r) => r.split("-").map((h) => `\\u{${h}}`).join("-"))
    .join("");
const ES5_START = new RegExp(`^(?:(?![${charClass(NEWER_START)}])[$_\\p{ID_Start}]|\\u{2e2f})$`, "u");
const ES5_PART = new RegExp(`^(?:(?![${charClass(NEWER_PART)}])[$\\p{ID_Continue}\\u200C\\u200D]|\\u{2e2f})$`, "u");

const KEY_IS_SHORT = TAB_WIDTH + 3;

/**
 * What differs when prettier formats the same literal as JSON (a ```json block of the catalog;
 * parser "json"): keys and strings are kept as written, no trailing commas, and every property
 * stays on its key's line (chooseLayout: "never-break-after-operator" under a JsonRoot).
 */
export interface Dialect {
  json: boolean;
  /** A .js file (parser "babel"): a quoted key that is a simple number which reads back the same loses its quotes too. */
  numericKeys?: boolean;
}
const TS: Dialect = { json: false };
export const JSON_DIALECT: Dialect = { json: true };
export const JS_DIALECT: Dialect = { json: false, numericKeys: true };
const trailingComma = (d: Dialect, opts?: { groupId: symbol }): Doc => (d.json ? "" : ifBreak(",", "", opts));

/** A member of an object expression: a property, or `...argument` (a spread element). */
export type ObjectMember = [key: string, value: Expr] | { spread: Expr };

/** An object expression; `expanded`: the source had a newline after `{` (prettier keeps it expanded). */
export function objectExpr(props: ObjectMember[], expanded: boolean, dialect: Dialect = TS): Expr {
  if (props.length === 0) return { doc: group(["{", "}"]), kind: "object", size: 0 };
  const parts: Doc[] = [];
  props.forEach((member, i) => {
    if (i > 0) parts.push(",", line);
    parts.push(Array.isArray(member) ? property(member[0], member[1], dialect) : ["...", member.spread.doc]);
  });
  return { doc: group(["{", indent([line, ...parts]), trailingComma(dialect), line, "}"], { shouldBreak: expanded }), kind: "object", size: props.length };
}

/** printProperty → printAssignment(key, ":", value) with chooseLayout's choice for a property. */
function property(key: string, value: Expr, dialect: Dialect): Doc {
  if (dialect.json) return assignment(JSON.stringify(key), ":", value, "never-break-after-operator");
  const printed = dialect.numericKeys && simpleNumberKey(key) ? key : keyText(key);
  const shortKey = util.getStringWidth(printed) < KEY_IS_SHORT;
  return assignment(printed, ":", value, layoutOf(value, shortKey, true));
}

type Layout = "break-after-operator" | "never-break-after-operator" | "fluid";

/** chooseLayout (assignment.js) for the right-hand sides the snippet has. */
function layoutOf(right: Expr, shortKey: boolean, isProperty: boolean): Layout {
  if (!shortKey) {
    let inner = right;
    while (inner.kind === "await" && inner.args) inner = inner.args[0]!;
    if (inner.kind === "string" || (inner.kind !== "await" && poorlyBreakableChain(inner))) return "break-after-operator";
  }
  if ((isProperty && shortKey) || right.kind === "boolean" || right.kind === "number") return "never-break-after-operator";
  return "fluid";
}

/** isPoorlyBreakableMemberOrCallChain, for the short chains the snippet has (`events.helper(x)`). */
function poorlyBreakableChain(e: Expr, deep = false): boolean {
  if (e.kind === "call") {
    const args = e.args ?? [];
    if (!(args.length === 0 || (args.length === 1 && isShortArgument(args[0]!)))) return false;
    return poorlyBreakableChain(e.callee!, true);
  }
  if (e.kind === "member") return poorlyBreakableChain(e.object!, true);
  return deep && e.kind === "identifier";
}

/** isLoneShortArgument (utils/index.js): at most a quarter of the print width. */
function isShortArgument(e: Expr): boolean {
  const max = PRINT_WIDTH * 0.25;
  if (e.kind === "identifier") return e.name!.length <= max;
  if (e.kind === "signed-number") return true;
  if (e.kind === "string") return e.printed!.length <= max;
  return e.kind === "number" || e.kind === "boolean" || e.kind === "null";
}

function assignment(left: Doc, operator: string, right: Expr, layout: Layout): Doc {
  switch (layout) {
    case "break-after-operator":
      return group([group(left), operator, group(indent([line, right.doc]))]);
    case "never-break-after-operator":
      return group([group(left), operator, " ", right.doc]);
    case "fluid": {
      const id = Symbol("assignment");
      return group([group(left), operator, group(indent(line), { id }), lineSuffixBoundary, indentIfBreak(right.doc, { groupId: id })]);
    }
  }
}

/** An array expression (array.js), from a JSON array. */
export function arrayExpr(elements: Expr[], dialect: Dialect = TS): Expr {
  if (elements.length === 0) return { doc: group(["[", "]"]), kind: "array", size: 0 };
  const id = Symbol("array");
  const shouldBreak =
    elements.length > 1 &&
    elements.every((el, i) => (el.kind === "object" || el.kind === "array") && (i === elements.length - 1 || elements[i + 1]!.kind === el.kind) && (el.size ?? 0) > 1);
  const concise = elements.every((el) => el.kind === "number" || el.kind === "signed-number");
  let items: Doc;
  if (concise) {
    // printArrayItemsConcisely: numbers filled onto lines.
    const parts: Doc[] = [];
    elements.forEach((el, i) => {
      const last = i === elements.length - 1;
      parts.push([el.doc, last ? trailingComma(dialect, { groupId: id }) : ","]);
      if (!last) parts.push(line);
    });
    items = fill(parts);
  } else {
    const parts: Doc[] = [];
    elements.forEach((el, i) => {
      parts.push(group(el.doc));
      if (i < elements.length - 1) parts.push([",", line, ""]);
    });
    items = [parts, trailingComma(dialect)];
  }
  return { doc: group(["[", indent([softline, items]), softline, "]"], { shouldBreak, id }), kind: "array", size: elements.length, concise };
}

/**
 * A JSON value as a TypeScript expression. `expanded`: written as `JSON.stringify(value, null, 2)`
 * writes it, every non-empty object with a newline after `{`, which prettier keeps expanded;
 * otherwise as `JSON.stringify(value)` writes it, objects collapsed when they fit.
 */
export function jsonExpr(value: unknown, expanded = true, dialect: Dialect = TS): Expr {
  if (value === null || value === undefined) return { doc: "null", kind: "null" };
  if (typeof value === "string") {
    const printed = dialect.json ? JSON.stringify(value) : stringLiteral(value);
    return { doc: printed, kind: "string", printed };
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { doc: "null", kind: "null" };
    // JSON writes -0 as 0; a negative number is a unary minus on a literal.
    return value < 0 ? { doc: `-${numberText(-value)}`, kind: "signed-number" } : { doc: numberText(Math.abs(value)), kind: "number" };
  }
  if (typeof value === "boolean") return { doc: String(value), kind: "boolean" };
  if (Array.isArray(value)) return arrayExpr(value.map((v) => jsonExpr(v, expanded, dialect)), dialect);
  if (typeof value === "object") {
    const props = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== "function");
    return objectExpr(
      props.map(([k, v]) => [k, jsonExpr(v, expanded, dialect)]),
      expanded,
      dialect,
    );
  }
  return { doc: "null", kind: "null" };
}

export const identifier = (name: string): Expr => ({ doc: name, kind: "identifier", name });

export function stringExpr(value: string): Expr {
  const printed = stringLiteral(value);
  return { doc: printed, kind: "string", printed };
}

/** `object.name` (member.js): kept on the line when the object is an identifier and nothing chains on. */
export function memberExpr(object: Expr, name: string, inChain: boolean): Expr {
  const lookup = [".", name];
  const inline = object.kind === "identifier" && !inChain;
  return { doc: [object.doc, lineSuffixBoundary, inline ? lookup : group(indent([softline, lookup]))], kind: "member", object };
}

/** `object["key"]` (member.js, printMemberLookup): a computed string lookup. */
export function computedMemberExpr(object: Expr, key: string): Expr {
  return { doc: [object.doc, lineSuffixBoundary, group(["[", indent([softline, stringLiteral(key)]), softline, "]"])], kind: "member", object };
}

/**
 * `receiver.method(args)`: a member chain of one call, which prettier prints on one line
 * (member-chain.js, fewer groups than the cutoff), with printCallArguments' layout.
 */
export function methodCall(receiver: string, method: string, args: Expr[]): Expr {
  const callee: Expr = { doc: [receiver, ".", method], kind: "member", object: identifier(receiver) };
  return { doc: group([receiver, ".", method, callArguments(args)]), kind: "call", args, callee };
}

/** `name(args)` with a plain identifier callee. */
export function call(name: string, args: Expr[]): Expr {
  return { doc: [name, callArguments(args)], kind: "call", args, callee: identifier(name) };
}

/** call-arguments.js: the last argument hugged when it is a non-empty object or array. */
function callArguments(args: Expr[]): Doc {
  if (args.length === 0) return "()";
  const printed: Doc[] = args.map((a, i) => (i === args.length - 1 ? a.doc : [a.doc, ",", line]));
  const allBroken = () => group(["(", indent([line, ...printed]), ifBreak(","), line, ")"], { shouldBreak: true });
  const last = args[args.length - 1]!;
  const penultimate = args.length > 1 ? args[args.length - 2] : undefined;
  const huggable = (last.kind === "object" || last.kind === "array") && (last.size ?? 0) > 0;
  const conciseLast = last.kind === "array" && last.concise === true;
  if (huggable && (!penultimate || penultimate.kind !== last.kind) && !(args.length > 1 && conciseLast)) {
    const head = printed.slice(0, -1);
    if (head.some(willBreak)) return allBroken();
    if (willBreak(last.doc)) return [breakParent, conditionalGroup([["(", ...head, group(last.doc, { shouldBreak: true }), ")"], allBroken()])];
    return conditionalGroup([["(", ...head, last.doc, ")"], ["(", ...head, group(last.doc, { shouldBreak: true }), ")"], allBroken()]);
  }
  return group(["(", indent([softline, ...printed]), ifBreak(","), softline, ")"], { shouldBreak: printed.some(willBreak) });
}

const willBreak = (d: Doc): boolean => doc.utils.willBreak(d);

export function awaitExpr(argument: Expr): Expr {
  return { doc: ["await ", argument.doc], kind: "await", args: [argument] };
}

/**
 * `async (param) => { ... }` (arrow-function.js) whose block holds `body`: statements and
 * `// line comments`, one per line.
 */
export function asyncArrow(param: string, body: Doc[]): Expr {
  const signature = ["async ", group([["(", indent([softline, param]), softline, ")"], ""])];
  const block = ["{", indent([hardline, join(hardline, body)]), hardline, "}"];
  return { doc: group([group(signature), " =>", group([" ", block])]), kind: "arrow" };
}

/** A statement `const name = init;` (printVariableDeclaration, printAssignment). */
export function constStatement(name: string, init: Expr): Doc {
  return group(["const", " ", assignment(name, " =", init, layoutOf(init, false, false)), ";"]);
}

/** A statement `expression;`. */
export function expressionStatement(e: Expr): Doc {
  return [e.doc, ";"];
}

/**
 * A JSON value as prettier formats `JSON.stringify(value, null, 2)` in a ```json block: objects
 * stay expanded, but arrays are joined onto one line when they fit.
 */
export function printJson(value: unknown): string {
  // Most examples are laid out by prettier exactly as JSON.stringify writes them: no doc to print.
  if (laidOutAsStringified(value)) return JSON.stringify(value, null, 2);
  return printTs(jsonExpr(value, true, JSON_DIALECT).doc);
}

/**
 * Whether prettier's json layout of `JSON.stringify(value, null, 2)` is that text itself: every
 * non-empty object stays expanded, an array breaks one item per line when each of its items is a
 * non-empty object (a group broken inside a group breaks it too), and every number prints as
 * JavaScript writes it (not `1e+21`). Arrays of anything else are joined onto lines when they fit.
 */
function laidOutAsStringified(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return !Number.isFinite(value) || numberText(Math.abs(value)) === String(Math.abs(value));
  if (Array.isArray(value)) return value.every((item) => isNonEmptyPlainObject(item) && laidOutAsStringified(item));
  return isPlainObject(value) && Object.values(value).every(laidOutAsStringified);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const isNonEmptyPlainObject = (value: unknown): boolean => isPlainObject(value) && Object.keys(value).length > 0;

/** Prints a doc (statements, each on its own line(s)) exactly as prettier would. */
export function printTs(statement: Doc): string {
  return doc.printer.printDocToString(statement, { printWidth: PRINT_WIDTH, tabWidth: TAB_WIDTH, useTabs: false } as never).formatted;
}

/**
 * `import { A, B } from "<from>";` (or `import type`) as prettier prints it (printModuleSpecifiers):
 * on one line when it fits or names one binding, else one name per line.
 */
export function namedImport(names: string[], from: string, typeOnly = false): string {
  const keyword = typeOnly ? "import type" : "import";
  const flat = `${keyword} { ${names.join(", ")} } from ${stringLiteral(from)};`;
  if (names.length === 1 || util.getStringWidth(flat) <= PRINT_WIDTH) return flat + "\n";
  return `${keyword} {\n${names.map((n) => `  ${n},\n`).join("")}} from ${stringLiteral(from)};\n`;
}
