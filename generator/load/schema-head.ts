/**
 * A schema's head: the members of its top level that the model and the rules of a whole registry
 * read of every file (its dialect, names, routing keywords, producers and consumers, examples).
 * Kept apart from the rest of the value so that a file restored from another process's front end
 * (front-end/persisted-front-end.ts) is parsed only when a stage needs more of it: in an edit, the
 * files the edit touches, not the other ~1200 of a 1000-event registry.
 *
 * A stage that reads another top-level member reads `doc.schema`, which is always right and only
 * slower: it parses the file's stored JSON on first use.
 */
export const HEAD_KEYS = ["$schema", "title", "description", "deprecated", "examples", "x-subject", "x-type", "x-delivery", "x-pattern", "x-reply", "x-producers", "x-consumers"] as const;

export type HeadKey = (typeof HEAD_KEYS)[number];
export type SchemaHead = Partial<Record<HeadKey, unknown>>;

/** The head of a schema's value: the same values, not copies (a parsed file's head shares them). */
export function headOf(schema: Record<string, unknown>): SchemaHead {
  const head: SchemaHead = {};
  for (const key of HEAD_KEYS) if (Object.prototype.hasOwnProperty.call(schema, key)) head[key] = schema[key];
  return head;
}
