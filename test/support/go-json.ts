/**
 * Bytes exactly as Go's encoding/json writes a value, for messages "sent by a Go service" built
 * in TypeScript. The rules that matter for event envelopes:
 *  - struct fields in declaration order (an embedded struct's fields in its place; a field it
 *    shadows is left out by the caller, as Go's dominant-field rule does);
 *  - `omitempty` drops "", 0, false, nil and empty maps and slices, but never a struct value;
 *  - a nil map or slice is `null`; map keys are sorted;
 *  - strings escape `<`, `>`, `&`, U+2028 and U+2029 as \u00XX / \u20XX, control characters as
 *    \n, \r, \t or \u00XX (never \b or \f);
 *  - no whitespace.
 */
export type GoValue = string | number | boolean | null | GoValue[] | GoStruct | GoMap;

/** One struct field: its JSON name (from the tag), its value, and whether the tag says omitempty. */
export type GoField = readonly [name: string, value: GoValue, options?: { omitempty?: boolean }];

export class GoStruct {
  constructor(readonly fields: readonly GoField[]) {}
}

/** A `map[string]T` value (a nil map is plain `null`). */
export class GoMap {
  constructor(readonly entries: Readonly<Record<string, GoValue>>) {}
}

export const goStruct = (...fields: GoField[]): GoStruct => new GoStruct(fields);
export const goMap = (entries: Record<string, GoValue>): GoMap => new GoMap(entries);

/** `json.Marshal(value)`, as bytes. */
export function goMarshal(value: GoValue): Uint8Array {
  return new TextEncoder().encode(encode(value));
}

function encode(value: GoValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return goString(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new RangeError("goMarshal: only integers are supported");
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(encode).join(",")}]`;
  if (value instanceof GoMap) {
    const keys = Object.keys(value.entries).sort();
    return `{${keys.map((k) => `${goString(k)}:${encode(value.entries[k]!)}`).join(",")}}`;
  }
  const parts = value.fields
    .filter(([, v, o]) => !(o?.omitempty && isEmpty(v)))
    .map(([name, v]) => `${goString(name)}:${encode(v)}`);
  return `{${parts.join(",")}}`;
}

/** What omitempty omits. A struct is never empty to encoding/json. */
function isEmpty(value: GoValue): boolean {
  if (value === null || value === "" || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (value instanceof GoMap) return Object.keys(value.entries).length === 0;
  return false;
}

const SHORT: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (SHORT[ch] !== undefined) out += SHORT[ch];
    else if (code < 0x20 || ch === "<" || ch === ">" || ch === "&" || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}
