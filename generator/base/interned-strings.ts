/**
 * A structured-cloned value's strings replaced by V8's interned copies, so that text built from
 * them stays one byte per character.
 *
 * A string that comes through structured clone (a worker thread's job) is not interned; when a
 * library first uses it as a property key, V8 interns it in place, leaving a "thin" string that
 * points at the interned copy. `Array.prototype.join` over thin strings builds two-byte text even
 * when every character is ASCII, and whatever is concatenated with that text is two-byte too: a
 * compile worker's whole validator module (ajv joins a schema's type names into an error message),
 * twice the bytes for every pass over it (docs/performance.md, "Page faults"). Strings made by
 * JSON.parse in the thread that uses them are interned from the start and never thin.
 */
export function internStrings<T>(value: T): T {
  return intern(value) as T;
}

function intern(value: unknown): unknown {
  if (typeof value === "string") return interned(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = intern(value[i]);
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const inner = record[key];
      if (typeof inner === "string" || (inner !== null && typeof inner === "object")) record[key] = intern(inner);
    }
  }
  return value;
}

/** `text`'s interned copy: V8 interns a property key, and Object.keys gives the key back. */
function interned(text: string): string {
  return Object.keys({ [text]: 0 })[0]!;
}
