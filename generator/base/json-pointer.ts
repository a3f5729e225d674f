/**
 * JSON pointers (RFC 6901): `/`-separated tokens, where a key's `~` is written `~0` and its `/` is
 * written `~1`. The order of the two replacements is the point: escaping `~` first and unescaping
 * `~1` first keep the key `~1` the token `~01`, and back. Every place that builds or reads a pointer
 * goes through here, so none gets that order wrong on its own.
 */

/** A key (or an array index) as one token of a pointer. */
export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The key one token of a pointer names. */
export function tokenKey(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The keys a pointer names, in order: none for "", the value itself. */
export function pointerKeys(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map(tokenKey);
}

/** Follows a JSON pointer into a value; undefined when any step is missing. */
export function getAtPointer(value: unknown, pointer: string): unknown {
  let cur: unknown = value;
  for (const key of pointerKeys(pointer)) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
      cur = cur[Number(key)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
  }
  return cur;
}
