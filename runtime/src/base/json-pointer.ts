/**
 * JSON pointers (RFC 6901) as the runtime writes and reads them in validation issues: a key's `~`
 * is written `~0` and its `/` is written `~1`. The order of the two replacements is the point:
 * escaping `~` first and unescaping `~1` first keep the key `~1` the token `~01`, and back. The
 * generator has its own copy of this pair (generator/base/json-pointer.ts): the runtime ships
 * without the generator.
 */

/** Escapes one reference token of a JSON pointer (a key or an array index). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The keys a pointer names, in order: none for "", the document itself. */
export function pointerKeys(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}
