/**
 * json-schema-to-typescript's declarations (compiled with `format: false`) laid out exactly as
 * prettier (printWidth 100, its defaults) prints them, without running prettier: prettier on the
 * type files was the largest part of a cold generate left after the catalog stopped using it.
 *
 * The unformatted text is read back into the few node shapes json-schema-to-typescript writes for
 * our schemas (interfaces, type aliases, property and index signatures, unions, arrays, inline
 * object types, keywords, references, literals, JSDoc comments), and each is given the Doc
 * prettier's estree printer builds for it (src/language-js/print/: type-annotation.js's union,
 * object.js, property.js, assignment.js's layouts, comment.js), printed by prettier's own doc
 * printer so line fitting is prettier's. Anything else (intersections, tuples, enums, `extends`,
 * nested unions, a custom `tsType`) returns undefined and the file goes through prettier as before.
 * test/generator/types-prettier-stable.test.ts compares with prettier on every registry of the
 * repository, a synthetic one and generated unions of every width.
 */
import { doc } from "../print/prettier-parts.js";
import { keyText, namedImport, numberText, printTs, stringLiteral } from "../print/ts-layout.js";

type Doc = doc.builders.Doc;
const { group, indent, join, line, softline, hardline, ifBreak, align, indentIfBreak, lineSuffixBoundary, markAsRoot, literalline } = doc.builders;

type TypeNode =
  | { kind: "keyword" | "reference" | "literal"; text: string }
  | { kind: "array"; element: TypeNode }
  | { kind: "union"; types: TypeNode[] }
  | { kind: "object"; members: Member[] };

interface Member {
  comment?: string;
  key: Doc;
  optional: boolean;
  type: TypeNode;
}

/** What the layout cannot reproduce: the caller formats the file with prettier instead. */
class Unsupported extends Error {}

const KEYWORDS = new Set(["string", "number", "boolean", "null", "undefined", "unknown", "any", "never", "object", "bigint", "symbol", "void"]);

interface Token {
  kind: "punct" | "word" | "string" | "number" | "comment";
  text: string;
  start: number;
  end: number;
}

const TOKEN = /\s*(?:(\/\*[\s\S]*?\*\/)|("(?:[^"\\\n]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_$][\w$]*)|(\[|\]|\{|\}|\(|\)|\||&|,|:|\?|=))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(at))) break;
      throw new Unsupported(`unexpected text at ${at}`);
    }
    const kind = m[1] ? "comment" : m[2] ? "string" : m[3] ? "number" : m[4] ? "word" : "punct";
    const value = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]!;
    tokens.push({ kind, text: value, start: TOKEN.lastIndex - value.length, end: TOKEN.lastIndex });
    at = TOKEN.lastIndex;
  }
  return tokens;
}

class Reader {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    readonly text: string,
  ) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new Unsupported("unexpected end");
    return t;
  }
  is(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind !== "string" && t.kind !== "comment" && t.text === text;
  }
  expect(text: string): Token {
    if (!this.is(text)) throw new Unsupported(`expected ${text}`);
    return this.next();
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }
  /** A JSDoc comment before a declaration or member; none may be followed by a blank line (prettier would keep it). */
  comment(): string | undefined {
    const t = this.peek();
    if (t?.kind !== "comment") return undefined;
    this.next();
    if (this.peek()?.kind === "comment" || blankLineAfter(this.text, t.end)) throw new Unsupported("comment layout");
    return t.text;
  }
}

/** Whether the line after the one `offset` lies on is empty (prettier keeps one blank line there). */
function blankLineAfter(text: string, offset: number): boolean {
  const nl = text.indexOf("\n", offset);
  if (nl < 0 || text.slice(offset, nl).trim() !== "") return false;
  const next = text.indexOf("\n", nl + 1);
  return next >= 0 && text.slice(nl + 1, next).trim() === "";
}

function parseType(r: Reader): TypeNode {
  const first = parsePostfix(r);
  if (r.is("&")) throw new Unsupported("intersection");
  if (!r.is("|")) return first;
  const types = [first];
  while (r.is("|")) {
    r.next();
    types.push(parsePostfix(r));
  }
  if (r.is("&")) throw new Unsupported("intersection");
  if (types.some((t) => t.kind === "union")) throw new Unsupported("nested union");
  return { kind: "union", types };
}

function parsePostfix(r: Reader): TypeNode {
  let node = parsePrimary(r);
  while (r.is("[") && r.is("]", 1)) {
    r.next();
    r.next();
    node = { kind: "array", element: node };
  }
  return node;
}

function parsePrimary(r: Reader): TypeNode {
  const t = r.next();
  if (t.kind === "string") return { kind: "literal", text: stringLiteral(JSON.parse(t.text) as string) };
  if (t.kind === "number") return { kind: "literal", text: numberText(Number(t.text)) };
  if (t.kind === "word") {
    if (t.text === "true" || t.text === "false") return { kind: "literal", text: t.text };
    return { kind: KEYWORDS.has(t.text) ? "keyword" : "reference", text: t.text };
  }
  if (t.text === "(") {
    // json-schema-to-typescript parenthesizes every union and a literal array's element; prettier keeps only the parentheses it needs.
    const inner = parseType(r);
    r.expect(")");
    return inner;
  }
  if (t.text === "{") return { kind: "object", members: parseMembers(r) };
  throw new Unsupported(`type starting with ${t.text}`);
}

function parseMembers(r: Reader): Member[] {
  const members: Member[] = [];
  for (;;) {
    const comment = r.comment();
    if (r.is("}")) {
      if (comment !== undefined) throw new Unsupported("dangling comment");
      r.next();
      return members;
    }
    const key = parseKey(r);
    const optional = r.is("?");
    if (optional) r.next();
    r.expect(":");
    members.push({ ...(comment !== undefined ? { comment } : {}), key, optional, type: parseType(r) });
  }
}

function parseKey(r: Reader): Doc {
  const t = r.next();
  if (t.kind === "word") return t.text;
  if (t.kind === "string") {
    return keyText(JSON.parse(t.text) as string);
  }
  if (t.text === "[") {
    // An index signature, `[k: string]`.
    const name = r.next();
    r.expect(":");
    const type = r.next();
    r.expect("]");
    if (name.kind !== "word" || type.kind !== "word" || !KEYWORDS.has(type.text)) throw new Unsupported("index signature");
    return `[${name.text}: ${type.text}]`;
  }
  throw new Unsupported(`key ${t.text}`);
}

interface Statement {
  doc: Doc;
  /** A blank line follows it in json-schema-to-typescript's text, which prettier keeps. */
  blankAfter: boolean;
}

function parseStatement(r: Reader): Statement {
  const comment = r.comment();
  r.expect("export");
  const what = r.next();
  const name = r.next();
  if (name.kind !== "word") throw new Unsupported("declaration name");
  let body: Doc;
  if (what.text === "interface") {
    r.expect("{");
    body = ["export interface ", name.text, " ", objectDoc(parseMembers(r))];
  } else if (what.text === "type") {
    r.expect("=");
    body = [typeAlias(name.text, parseType(r)), ";"];
  } else {
    throw new Unsupported(`export ${what.text}`);
  }
  const last = r.peek(-1)!;
  return { doc: withComment(comment, body), blankAfter: blankLineAfter(r.text, last.end) };
}

/**
 * printComment (language-js/print/comment.js) for a block comment whose every line starts with
 * `*`: each line re-indented under the opening; in a JSDoc comment, a line ending in two spaces
 * (a Markdown line break) keeps them.
 */
function commentDoc(text: string): Doc {
  const value = text.slice(2, -2);
  if (!value.includes("\n")) throw new Unsupported("one-line comment");
  const lines = `*${value}*`.split("\n").map((l) => l.trimStart());
  if (!lines.every((l) => l.startsWith("*"))) throw new Unsupported("comment shape");
  const jsDoc = value[0] === "*" && value[1] !== "*";
  const printed = lines.map((l, i): Doc => {
    if (i === 0) return [l.trimEnd(), hardline];
    if (i === lines.length - 1) return [" ", l];
    const trimmed = l.trimEnd();
    return jsDoc && trimmed !== "*" && l.endsWith("  ") ? [" ", trimmed, "  ", markAsRoot(literalline)] : [" ", trimmed, hardline];
  });
  return ["/", printed, "/"];
}

function withComment(comment: string | undefined, node: Doc): Doc {
  return comment === undefined ? node : [commentDoc(comment), hardline, node];
}

/** printObject (object.js) for an interface body or a type literal written over several lines: always broken. */
function objectDoc(members: Member[]): Doc {
  if (members.length === 0) return "{}";
  const printed = members.map((m) => group(withComment(m.comment, [m.key, m.optional ? "?" : "", ": ", typeDoc(m.type, "annotation")])));
  return group(["{", indent([line, join([";", line], printed)]), ifBreak(";"), line, "}"], { shouldBreak: true });
}

type Place = "annotation" | "array-element" | "alias";

/** shouldHugType (type-annotation.js): an object type or a reference with nothing but `null`s beside it. */
function hugged(types: TypeNode[]): boolean {
  const main = types.find((t) => t.kind === "object" || t.kind === "reference");
  return main !== undefined && types.every((t) => t === main || (t.kind === "keyword" && (t.text === "null" || t.text === "void")));
}

function typeDoc(node: TypeNode, place: Place): Doc {
  switch (node.kind) {
    case "keyword":
    case "reference":
    case "literal":
      return node.text;
    case "object":
      return objectDoc(node.members);
    case "array":
      return [typeDoc(node.element, "array-element"), "[]"];
    case "union": {
      const members = node.types.map((t) => typeDoc(t, "annotation"));
      const parens = place === "array-element";
      if (hugged(node.types)) return parens ? ["(", join(" | ", members), ")"] : join(" | ", members);
      // printUnionType: the first member's "| " only when broken, each member aligned under it.
      const code = group(members.map((m, i) => [i === 0 ? ifBreak("| ") : [line, "| "], align(2, m)]));
      if (parens) return ["(", group([indent([softline, code]), softline]), ")"];
      return place === "alias" ? code : group(indent([softline, code]));
    }
  }
}

/** printAssignment (assignment.js): a union not hugged breaks after `=`; anything else is laid out "fluid". */
function typeAlias(name: string, node: TypeNode): Doc {
  const left = group(["export type ", name]);
  if (node.kind === "union" && !hugged(node.types)) return group([left, " =", group(indent([line, typeDoc(node, "alias")]))]);
  const id = Symbol("assignment");
  return group([left, " =", group(indent(line), { id }), lineSuffixBoundary, indentIfBreak(typeDoc(node, "annotation"), { groupId: id })]);
}

/**
 * The declarations json-schema-to-typescript wrote (`format: false`), in prettier's layout; each
 * followed by a newline and separated by a blank line where the text had one. Undefined when the
 * text holds a shape this layout does not reproduce.
 */
export function layoutDeclarations(jsttText: string): string | undefined {
  // prettier reads every line ending as \n before parsing (a description may hold a \r).
  const text = jsttText.replace(/\r\n?/g, "\n");
  try {
    const r = new Reader(tokenize(text), text);
    const statements: Statement[] = [];
    while (!r.done()) statements.push(parseStatement(r));
    return statements.map((s, i) => printTs(s.doc) + "\n" + (s.blankAfter && i < statements.length - 1 ? "\n" : "")).join("");
  } catch (err) {
    if (err instanceof Unsupported || err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/** `import type { A, B } from "<from>";` as prettier prints it (see namedImport). */
export function typeImport(names: string[], from: string): string {
  return namedImport(names, from, true);
}
