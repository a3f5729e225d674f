/**
 * Data the package exports (subjects.js, streams.js and their declarations) written in prettier's
 * layout by construction: `export const name = <JSON value>;` and `export declare const name:
 * <the value as a readonly type>;`, each built as the Doc prettier's estree printer builds for it
 * (object.js, array.js for tuples, type-annotation.js) and printed by prettier's doc printer, so
 * line fitting is prettier's. The values are written as one-line JSON, so no object is kept
 * expanded. test/generator/package-prettier-stable.test.ts compares with prettier.
 */
import { doc } from "../print/prettier-parts.js";
import { constStatement, jsonExpr, JS_DIALECT, keyText, numberText, printTs, stringLiteral } from "../print/ts-layout.js";

type Doc = doc.builders.Doc;
const { group, indent, join, line, softline, ifBreak } = doc.builders;

/** `export const name = value;` for a value written by JSON.stringify. */
export function exportConst(name: string, value: unknown): string {
  return printTs(["export ", constStatement(name, jsonExpr(value, false, JS_DIALECT))]);
}

/** `export declare const name: <value as a readonly type>;`; undefined for a tuple of objects or tuples, left to prettier. */
export function exportDeclareConst(name: string, value: unknown): string | undefined {
  try {
    return printTs(["export declare const ", name, ": ", readonlyType(value), ";"]);
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

/** A shape whose layout has rules this file does not follow (printArray's break for a list of objects or lists). */
class Unsupported extends Error {}

/**
 * A JSON value as a type: a literal, a `readonly [...]` tuple, an object type of `readonly`
 * members (printObject with ";" separators; printArray for the tuple, whose items are literals).
 */
function readonlyType(value: unknown): Doc {
  if (value === null) return "null";
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") return value < 0 ? `-${numberText(-value)}` : numberText(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "readonly []";
    if (value.some((v) => v !== null && typeof v === "object")) throw new Unsupported();
    const items = value.map((v) => group(readonlyType(v)));
    return ["readonly ", group(["[", indent([softline, join([",", line], items)]), ifBreak(","), softline, "]"])];
  }
  const members = Object.entries(value as Record<string, unknown>);
  if (members.length === 0) return "{}";
  const printed = members.map(([key, v]) => group(["readonly ", keyText(key), ": ", readonlyType(v)]));
  return group(["{", indent([line, join([";", line], printed)]), ifBreak(";"), line, "}"]);
}
