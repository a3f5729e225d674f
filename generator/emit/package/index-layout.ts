/**
 * The pieces of index.js and index.d.ts whose lines can run past 100 columns, written in
 * prettier's layout (printWidth 100): a piece stays on one line when it fits, else it is broken
 * where prettier breaks it (printArrowFunction's body after `=>`, printFunctionParameters' one
 * parameter per line with a trailing comma, printObject's members of an intersection's object
 * type, printTypeParameters' one argument per line). The templates place the pieces; the rest of
 * their text is written in prettier's layout already.
 *
 * Only the shapes above are laid out: when a broken piece still has a line wider than the width
 * (a name of 90 characters), prettier would break it further in ways this file does not follow,
 * so the piece says it is not exact and the emitter leaves the file to prettier.
 * test/generator/package-prettier-stable.test.ts compares with prettier on registries whose
 * names sit on every side of the width.
 */
import { util } from "../print/prettier-parts.js";
import { PRINT_WIDTH, stringLiteral } from "../print/ts-layout.js";
import { layoutDeclarations } from "../types/type-layout.js";

const width = (text: string) => util.getStringWidth(text);
const fits = (text: string) => width(text) <= PRINT_WIDTH;

/** A string literal type. */
export const literal = stringLiteral;

/**
 * A piece of code: `exact` when it is in prettier's layout; else it is still valid code, left on
 * one line, and the file it lands in goes to prettier.
 */
export interface Piece {
  text: string;
  exact: boolean;
}

const piece = (text: string, exact = true): Piece => ({ text, exact });
const allFit = (lines: string[]) => lines.every(fits);

/**
 * `  name: (params) => callee(args),` in an object literal at `indent`: on one line; else broken
 * after the arrow with the call indented once more; else with the call's arguments one per line
 * as well (printCallArguments, none of them hugged: they are identifiers and string literals).
 */
export function arrowProperty(indent: string, name: string, params: string, callee: string, args: string[]): Piece {
  const call = `${callee}(${args.join(", ")})`;
  const flat = `${indent}${name}: (${params}) => ${call},`;
  if (fits(flat)) return piece(flat);
  const head = `${indent}${name}: (${params}) =>`;
  if (!fits(head)) return piece(flat, false);
  const body = `${indent}  ${call},`;
  if (fits(body)) return piece(`${head}\n${body}`);
  return piece([head, `${indent}  ${callee}(`, ...args.map((a) => `${indent}    ${a},`), `${indent}  ),`].join("\n"));
}

/** `  name(a: A, b?: B): R;` in an interface, R a plain reference: on one line, or one parameter (nothing left to break) per line. */
export function methodSignature(indent: string, name: string, params: string[], returns: string): Piece {
  const flat = `${indent}${name}(${params.join(", ")}): ${returns};`;
  if (fits(flat)) return piece(flat);
  return piece([`${indent}${name}(`, ...params.map((p) => `${indent}  ${p},`), `${indent}): ${returns};`].join("\n"));
}

/**
 * A method whose first parameter is a function type, `handler: (a: A, b: B) => R`: on one line;
 * else one parameter per line, and the function type's parameters broken in turn when it does not
 * fit on its own line, and its return type, a union, below the `) =>` when it does not fit after it.
 */
export function callbackMethodSignature(indent: string, name: string, callback: { name: string; params: string[]; returns: string }, rest: string[], returns: string): Piece {
  const fn = `(${callback.params.join(", ")}) => ${callback.returns}`;
  const flat = `${indent}${name}(${callback.name}: ${fn}${rest.map((p) => `, ${p}`).join("")}): ${returns};`;
  if (fits(flat)) return piece(flat);
  const inner = `${indent}  `;
  const handlerFlat = `${inner}${callback.name}: ${fn},`;
  const returnsFlat = `${inner}) => ${callback.returns},`;
  // A union return type that does not fit after `) =>` goes below it, one member a line.
  const members = callback.returns.split(" | ");
  const returnLines = fits(returnsFlat) ? [returnsFlat] : [`${inner}) =>`, ...members.map((m, i) => `${inner}  | ${m}${i === members.length - 1 ? "," : ""}`)];
  const handler = fits(handlerFlat) ? [handlerFlat] : [`${inner}${callback.name}: (`, ...callback.params.map((p) => `${inner}  ${p},`), ...returnLines];
  if (!allFit(handler) || (!fits(returnsFlat) && members.length < 2)) return piece(flat, false);
  return piece([`${indent}${name}(`, ...handler, ...rest.map((p) => `${inner}${p},`), `${indent}): ${returns};`].join("\n"));
}

/** `export type Name = Left & { key: Type };`: on one line, or the object type's member on a line of its own. */
export function objectIntersectionAlias(name: string, left: string, key: string, type: string): Piece {
  const flat = `export type ${name} = ${left} & { ${key}: ${type} };`;
  if (fits(flat)) return piece(flat);
  const head = `export type ${name} = ${left} & {`;
  return fits(head) ? piece(`${head}\n  ${key}: ${type};\n};`) : piece(flat, false);
}

/** `export type Name = A & B;` of two references: on one line, or broken after the `&`. */
export function referenceIntersectionAlias(name: string, left: string, right: string): Piece {
  const flat = `export type ${name} = ${left} & ${right};`;
  if (fits(flat)) return piece(flat);
  const lines = [`export type ${name} = ${left} &`, `  ${right};`];
  return allFit(lines) ? piece(lines.join("\n")) : piece(flat, false);
}

/**
 * `export type Name = Generic<A, B> & {`, the first line of an intersection with an object type
 * (whose members follow, one per line): on one line, or the type arguments one per line.
 */
export function genericIntersectionHead(name: string, generic: string, args: string[]): Piece {
  return genericAliasUntil(name, generic, args, " & {");
}

/**
 * `export type Name = Generic<A, B>;` (a reference with type arguments): on one line, or one
 * argument per line.
 */
export function genericAlias(name: string, generic: string, args: string[]): Piece {
  return genericAliasUntil(name, generic, args, ";");
}

/** `export type Name = Generic<A, B>` then `rest`: on one line, or one type argument per line (printTypeParameters). */
function genericAliasUntil(name: string, generic: string, args: string[], rest: string): Piece {
  const flat = `export type ${name} = ${generic}<${args.join(", ")}>${rest}`;
  if (fits(flat)) return piece(flat);
  const lines = [`export type ${name} = ${generic}<`, ...args.map((a, i) => `  ${a}${i < args.length - 1 ? "," : ""}`), `>${rest}`];
  return allFit(lines) ? piece(lines.join("\n")) : piece(flat, false);
}

/**
 * `    key?: Generic<A | B>;`, a member whose type is a reference with one union argument: on one
 * line, or the argument on a line of its own (printTypeParameters), which must then fit.
 */
export function genericMember(indent: string, key: string, generic: string, arg: string): Piece {
  const flat = `${indent}${key}: ${generic}<${arg}>;`;
  if (fits(flat) || !arg.includes(" | ")) return piece(flat);
  const lines = [`${indent}${key}: ${generic}<`, `${indent}  ${arg}`, `${indent}>;`];
  return allFit(lines) ? piece(lines.join("\n")) : piece(flat, false);
}

/**
 * `export type Name = A | B;` of references, laid out by the type files' layout (types/type-layout.ts,
 * prettier's union after an assignment: on one line, else the union on the next, else one member
 * a line after a `|`).
 */
export function unionAlias(name: string, members: string[]): Piece {
  const flat = `export type ${name} = ${members.join(" | ")};`;
  const laidOut = layoutDeclarations(`export type ${name} = ${members.join(" | ")}\n`);
  return laidOut === undefined ? piece(flat, false) : piece(laidOut.trimEnd());
}

/** A line with a union in it (`key: "a" | "b";`, `key?: Handler<A | B>;`): exact while it fits, or holds no union to break. */
export function unionLine(text: string): Piece {
  return piece(text, fits(text) || !text.includes(" | "));
}

/** A line prettier has nothing to break in (a key and a plain reference or literal). */
export const plainLine = (text: string): Piece => piece(text);
