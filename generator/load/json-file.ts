/**
 * Strict JSON parsing with positions. jsonc-parser gives offsets for syntax errors and a tree
 * that maps any JSON pointer back to a line and column, so every later diagnostic can point at
 * the exact spot in the user's file.
 */
import type { Node, ParseError } from "jsonc-parser";
import { loadedOnFirstUse } from "../base/loaded-on-first-use.js";
import { pointerKeys, pointerToken } from "../base/json-pointer.js";

/**
 * jsonc-parser, loaded when a file first needs its tree (a syntax error, a duplicate key, a
 * diagnostic's position): a run whose files all parse natively, an edit's most often, never loads
 * it (~5 ms of the main thread).
 */
const jsonc = loadedOnFirstUse<typeof import("jsonc-parser")>("jsonc-parser");

export interface JsonFile {
  /** Path relative to the registry root. */
  file: string;
  value: unknown;
  locate(pointer: string): { line: number; column: number } | undefined;
}

export interface JsonSyntaxError {
  message: string;
  line: number;
  column: number;
}

const strict = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/**
 * `withoutDuplicates`: the text is known to hold no duplicate key (these very bytes parsed before
 * without one; generator/cache keeps their digests), so it is not counted for one again.
 * `textAgain`: the same text again, when a diagnostic asks where a pointer is (the registry keeps
 * each file's bytes for the run): a valid file's parse then holds no copy of its text, which at
 * 5000 events was 18.7 MiB of strings kept live to the end of the run for diagnostics that mostly
 * never come.
 */
export function parseJson(file: string, text: string, withoutDuplicates = false, textAgain?: () => string | undefined): JsonFile | JsonSyntaxError {
  if (text.trim() === "") return { message: "invalid JSON: the file is empty", line: 1, column: 1 };
  if (text.charCodeAt(0) === 0xfeff) return { message: "invalid JSON: the file starts with a byte order mark (BOM); save it as UTF-8 without one", line: 1, column: 1 };
  return parsedNatively(file, text, withoutDuplicates, textAgain) ?? parsedWithPositions(file, text);
}

/**
 * The fast path, for the common file that is valid and has no duplicate key: JSON.parse (native,
 * several times faster than building jsonc-parser's tree) gives the value, and the tree is built
 * only if a later diagnostic asks where a pointer is. undefined when the file needs the slow path
 * to say what is wrong with it.
 *
 * JSON.parse keeps the last of two equal keys silently; a duplicate is noticed by counting: every
 * `:` outside a string in valid JSON follows exactly one key, so the text has as many keys as the
 * value has properties unless two of them collapsed into one.
 */
function parsedNatively(file: string, text: string, withoutDuplicates: boolean, textAgain?: () => string | undefined): JsonFile | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!withoutDuplicates && colonsOutsideStrings(text) !== propertyCount(value)) return undefined;
  return { file, value, locate: lazyLocator(textAgain ?? textKept(text)) };
}

/** `text` itself, for a caller that cannot have it again. */
function textKept(text: string): () => string {
  return () => text;
}

/** Where a pointer is, from the text and its tree, made when first asked; nowhere when the text cannot be had again. */
function lazyLocator(textOf: () => string | undefined): JsonFile["locate"] {
  let located: { tree: Node | undefined; text: string } | undefined;
  return (pointer) => {
    if (!located) {
      const text = textOf();
      if (text === undefined) return undefined;
      located = { tree: jsonc().parseTree(text, [], strict), text };
    }
    return located.tree ? locateIn(located.tree, located.text, pointer) : undefined;
  };
}

function parsedWithPositions(file: string, text: string): JsonFile | JsonSyntaxError {
  const errors: ParseError[] = [];
  const tree = jsonc().parseTree(text, errors, strict);
  const first = errors[0];
  if (first || !tree) {
    const at = lineColumn(text, first?.offset ?? 0);
    return { message: `invalid JSON: ${describe(first ? jsonc().printParseErrorCode(first.error) : "ValueExpected")}`, ...at };
  }
  const duplicate = findDuplicateKey(tree);
  if (duplicate) {
    return { message: `invalid JSON: duplicate key "${duplicate.key}" (JSON parsers disagree on which one wins)`, ...lineColumn(text, duplicate.offset) };
  }
  return { file, value: toValue(tree), locate: (pointer) => locateIn(tree, text, pointer) };
}

function locateIn(tree: Node, text: string, pointer: string): { line: number; column: number } | undefined {
  const path = pointerToPath(pointer);
  // Walk up to the nearest existing ancestor so a missing property still points somewhere useful.
  for (let n = path.length; n >= 0; n--) {
    const node = jsonc().findNodeAtLocation(tree, path.slice(0, n));
    if (node) {
      const target = node.parent?.type === "property" && n > 0 ? node.parent : node;
      return lineColumn(text, target.offset);
    }
  }
  return undefined;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;

function colonsOutsideStrings(text: string): number {
  let colons = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === COLON) colons++;
  }
  return colons;
}

function propertyCount(value: unknown): number {
  if (Array.isArray(value)) {
    let n = 0;
    for (const item of value) n += propertyCount(item);
    return n;
  }
  if (value === null || typeof value !== "object") return 0;
  let n = 0;
  for (const key of Object.keys(value)) n += 1 + propertyCount((value as Record<string, unknown>)[key]);
  return n;
}

/**
 * The tree to a plain value. Keys are defined as own properties, so a schema property named
 * `__proto__` stays a property instead of replacing the object's prototype.
 */
function toValue(node: Node): unknown {
  switch (node.type) {
    case "object": {
      const obj: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || !valueNode) continue;
        Object.defineProperty(obj, String(keyNode.value), { value: toValue(valueNode), enumerable: true, writable: true, configurable: true });
      }
      return obj;
    }
    case "array":
      return (node.children ?? []).map(toValue);
    default:
      return node.value;
  }
}

function findDuplicateKey(node: Node): { key: string; offset: number } | undefined {
  if (node.type === "object") {
    const seen = new Set<string>();
    for (const prop of node.children ?? []) {
      const keyNode = prop.children?.[0];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      if (seen.has(key)) return { key, offset: prop.offset };
      seen.add(key);
    }
  }
  for (const child of node.children ?? []) {
    const found = findDuplicateKey(child);
    if (found) return found;
  }
  return undefined;
}

export function isSyntaxError(x: JsonFile | JsonSyntaxError): x is JsonSyntaxError {
  return !("value" in x);
}

function describe(code: string): string {
  // "PropertyNameExpected" -> "property name expected"
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

export function lineColumn(text: string, offset: number) {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

export function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === "" || pointer === "/") return [];
  return pointerKeys(pointer).map((t) => (/^(0|[1-9]\d*)$/.test(t) ? Number(t) : t));
}

export function pathToPointer(path: ReadonlyArray<string | number>): string {
  return path.map((p) => "/" + pointerToken(p)).join("");
}
