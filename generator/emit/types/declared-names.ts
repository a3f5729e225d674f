/**
 * The names a type file declares, read from its text (json-schema-to-typescript's output, or a
 * file laid out from it): each declaration starts a line with `export interface`, `export type`,
 * `export declare const` or `export enum`.
 */

/** The names `text` exports, in the order it declares them. */
export function declaredIn(text: string): string[] {
  return [...text.matchAll(/^export (?:interface|type|declare const|enum) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!);
}

/** Characters after which a line starts (a multiline `^` matches there). */
const LINE_BREAKS = new Set([0x0a, 0x0d, 0x2028, 0x2029]);
const IDENTIFIER_PART = /[\w$]/;

/**
 * Whether `text` declares the type `name` with `export interface` or `export type` at the start of
 * a line. Found with indexOf: a multiline regular expression anchored at `^` is tried at every
 * position of the text, which over a cold run's type files at 1000 events was ~120 ms of the main
 * thread; indexOf looks only at the few places the declaration's words occur. `name` is matched as
 * a whole identifier: `Order` is not declared by `export type OrderPlaced`, nor by `Order$1`.
 */
export function declaresType(text: string, name: string): boolean {
  for (const keyword of ["export interface ", "export type "]) {
    const declaration = keyword + name;
    for (let at = text.indexOf(declaration); at !== -1; at = text.indexOf(declaration, at + 1)) {
      const startsLine = at === 0 || LINE_BREAKS.has(text.charCodeAt(at - 1));
      const next = text[at + declaration.length];
      if (startsLine && (next === undefined || !IDENTIFIER_PART.test(next))) return true;
    }
  }
  return false;
}
