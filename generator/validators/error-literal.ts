/**
 * Reads an error object literal of ajv's standalone code, `{instancePath:...,schemaPath:"#/...",...}`
 * on one line as ajv's `gen.object` writes it, without a JavaScript parser: a module has thousands
 * of them, and a general parser set up for each cost more than the rest of the compaction.
 *
 * Each property is either a constant (strings, also joined with `+`, JSON numbers, `-` a non-zero
 * number, booleans, null, arrays and objects of constants, a path into one of the module's
 * embedded schemas) or the source of an expression computed at run time. The contract:
 * - a value read as a constant is exactly the value the expression evaluates to;
 * - anything not recognised as a constant is given as its source, which is always correct, only
 *   larger;
 * - a literal outside the shape (spread, computed or quoted keys, methods, quotes other than `"`,
 *   a `/`, anything after the closing brace) returns undefined: the report stays as ajv wrote it.
 */

/** A property of the literal: its constant value, or the source of the expression that computes it. */
export type ErrorProperty = { key: string; value: unknown } | { key: string; source: string };

/** The value of an embedded schema (`const schema3 = {...}`) by name, undefined if there is none. */
export type SchemaValue = (name: string) => unknown;

const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const JSON_STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4}))*"/y;
const JSON_NUMBER = /(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function readErrorLiteral(text: string, schemaValue: SchemaValue): ErrorProperty[] | undefined {
  if (text.charCodeAt(0) !== OPEN_BRACE) return undefined;
  const properties: ErrorProperty[] = [];
  let at = skipSpace(text, 1);
  if (text.charCodeAt(at) === CLOSE_BRACE) return at === text.length - 1 ? properties : undefined;
  for (;;) {
    const key = sticky(IDENTIFIER, text, at);
    if (key === undefined) return undefined;
    at = skipSpace(text, at + key.length);
    if (text.charCodeAt(at) === COLON) {
      const start = skipSpace(text, at + 1);
      const end = valueEnd(text, start);
      if (end === undefined) return undefined;
      const source = text.slice(start, end).trimEnd();
      if (source === "") return undefined;
      const constant = new ConstantReader(source, schemaValue).read();
      properties.push(constant.known ? { key, value: constant.value } : { key, source });
      at = end;
    } else properties.push({ key, source: key }); // shorthand: `{instancePath,...}`
    const next = text.charCodeAt(at);
    if (next === CLOSE_BRACE) return at === text.length - 1 ? properties : undefined;
    if (next !== COMMA) return undefined;
    at = skipSpace(text, at + 1);
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * Where the property value starting at `start` ends: the next `,` or `}` outside brackets,
 * strings and regular expressions (ajv escapes a property name for instancePath with
 * `key0.replace(/~/g, "~0").replace(/\//g, "~1")`). Undefined where the value holds what this
 * reader does not follow (other quotes, comments) or its brackets do not balance.
 */
function valueEnd(text: string, start: number): number | undefined {
  const closers: string[] = [];
  /** The last character that is not a space: after an operand, `/` divides; elsewhere it opens a regular expression. */
  let previous = "";
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === " ") continue;
    if (c === '"') {
      i = stringEnd(text, i);
      if (i < 0) return undefined;
    } else if (c === "'" || c === "`") return undefined;
    else if (c === "/") {
      if (text[i + 1] === "/" || text[i + 1] === "*") return undefined;
      if (!/[\w$)\]"]/.test(previous)) {
        i = regExpEnd(text, i);
        if (i < 0) return undefined;
        previous = ")"; // an operand ends here
        continue;
      }
    } else if (c === "(") closers.push(")");
    else if (c === "[") closers.push("]");
    else if (c === "{") closers.push("}");
    else if (c === ")" || c === "]" || c === "}") {
      if (closers.length === 0) return c === "}" ? i : undefined;
      if (closers.pop() !== c) return undefined;
    } else if (c === "," && closers.length === 0) return i;
    previous = text[i]!;
  }
  return undefined;
}

/** Index of the last character (flags included) of the regular expression literal opened at `open`, or -1. */
function regExpEnd(text: string, open: number): number {
  let inClass = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) {
      while (i + 1 < text.length && /[a-z]/.test(text[i + 1]!)) i++;
      return i;
    }
  }
  return -1;
}

/** Index of the quote closing the string opened at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return -1;
}

function sticky(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

/** ajv writes ASCII spaces only; any other whitespace is a character this reader does not know. */
function skipSpace(text: string, at: number): number {
  for (let c = text.charCodeAt(at); c === 0x20 || c === 0x09; c = text.charCodeAt(++at));
  return at;
}

type Constant = { known: true; value: unknown } | { known: false };
const UNKNOWN: Constant = { known: false };

/** Reads one whole expression as a constant; unknown unless every character of it is understood. */
class ConstantReader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly schemaValue: SchemaValue,
  ) {}

  read(): Constant {
    const value = this.sum();
    this.space();
    return value.known && this.at === this.text.length ? value : UNKNOWN;
  }

  /** `term` or strings joined with `+`. */
  private sum(): Constant {
    const first = this.term();
    if (!first.known) return UNKNOWN;
    this.space();
    if (this.text[this.at] !== "+") return first;
    let joined = first.value;
    while (this.text[this.at] === "+") {
      this.at++;
      const next = this.term();
      if (!next.known || typeof joined !== "string" || typeof next.value !== "string") return UNKNOWN;
      joined += next.value;
      this.space();
    }
    return { known: true, value: joined };
  }

  private term(): Constant {
    this.space();
    const c = this.text[this.at];
    if (c === '"') return this.string();
    if (c === "-") {
      this.at++;
      this.space();
      const n = this.number();
      return n.known && n.value !== 0 ? { known: true, value: -(n.value as number) } : UNKNOWN;
    }
    if (c !== undefined && c >= "0" && c <= "9") return this.number();
    if (c === "[") return this.array();
    if (c === "{") return this.object();
    if (c === "(") {
      this.at++;
      const inner = this.sum();
      this.space();
      if (this.text[this.at] !== ")") return UNKNOWN;
      this.at++;
      return inner;
    }
    const name = this.identifier();
    if (name === undefined) return UNKNOWN;
    if (name === "true") return { known: true, value: true };
    if (name === "false") return { known: true, value: false };
    if (name === "null") return { known: true, value: null };
    return this.schemaPath(name);
  }

  private string(): Constant {
    // Without a backslash a string literal's value is its text: no JSON parse needed.
    const end = stringEnd(this.text, this.at);
    if (end > 0 && this.text.lastIndexOf("\\", end) < this.at) {
      const value = this.text.slice(this.at + 1, end);
      this.at = end + 1;
      return { known: true, value };
    }
    const token = sticky(JSON_STRING, this.text, this.at);
    if (token === undefined) return UNKNOWN;
    this.at += token.length;
    return { known: true, value: JSON.parse(token) as string };
  }

  private number(): Constant {
    const token = sticky(JSON_NUMBER, this.text, this.at);
    if (token === undefined) return UNKNOWN;
    this.at += token.length;
    const value = Number(token);
    return Number.isFinite(value) ? { known: true, value } : UNKNOWN;
  }

  private array(): Constant {
    this.at++;
    const values: unknown[] = [];
    for (;;) {
      this.space();
      if (this.text[this.at] === "]") break;
      const element = this.sum();
      if (!element.known) return UNKNOWN;
      values.push(element.value);
      this.space();
      if (this.text[this.at] === ",") this.at++;
      else if (this.text[this.at] !== "]") return UNKNOWN;
    }
    this.at++;
    return { known: true, value: values };
  }

  private object(): Constant {
    this.at++;
    const value: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.text[this.at] === "}") break;
      const key = this.text[this.at] === '"' ? this.string() : this.identifierConstant();
      if (!key.known || key.value === "__proto__") return UNKNOWN;
      this.space();
      if (this.text[this.at] !== ":") return UNKNOWN;
      this.at++;
      const inner = this.sum();
      if (!inner.known) return UNKNOWN;
      value[key.value as string] = inner.value;
      this.space();
      if (this.text[this.at] === ",") this.at++;
      else if (this.text[this.at] !== "}") return UNKNOWN;
    }
    this.at++;
    return { known: true, value };
  }

  /** `schema3.properties.kind.enum` or `schema3["x-y"]`: the value at that path of an embedded schema. */
  private schemaPath(root: string): Constant {
    let value = this.schemaValue(root);
    if (value === undefined) return UNKNOWN;
    for (;;) {
      const c = this.text[this.at];
      let key: string | undefined;
      if (c === ".") {
        this.at++;
        key = this.identifier();
      } else if (c === "[") {
        this.at++;
        const inner = this.text[this.at] === '"' ? this.string() : UNKNOWN;
        if (inner.known && this.text[this.at] === "]") {
          this.at++;
          key = inner.value as string;
        }
      } else return { known: true, value };
      if (key === undefined || typeof value !== "object" || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return UNKNOWN;
      value = (value as Record<string, unknown>)[key];
    }
  }

  private identifier(): string | undefined {
    const name = sticky(IDENTIFIER, this.text, this.at);
    if (name !== undefined) this.at += name.length;
    return name;
  }

  private identifierConstant(): Constant {
    const name = this.identifier();
    return name === undefined ? UNKNOWN : { known: true, value: name };
  }

  private space(): void {
    this.at = skipSpace(this.text, this.at);
  }
}
