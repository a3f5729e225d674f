/**
 * Flat copies of strings. Text built by concatenation is, in V8, a rope of many small pieces; a
 * large registry's emitted files and ajv's retained code are made of millions of them, several
 * times the memory of the same text stored flat, and a rope keeps every piece alive. Used where
 * such text is kept for long (schema-set.ts, and format.ts between emitting and formatting).
 */
export function flatCopy(text: string): string {
  // Through UTF-8 when that round-trips exactly (no lone surrogates), else through JSON.
  // isWellFormed: ES2024, in Node since 20 (the lib here is ES2022).
  const wellFormed = (text as unknown as { isWellFormed(): boolean }).isWellFormed();
  return wellFormed ? Buffer.from(text, "utf8").toString("utf8") : (JSON.parse(JSON.stringify(text)) as string);
}
