/**
 * Edits of registry.json that keep the user's formatting: jsonc-parser computes a minimal text
 * edit, so comments-free files keep their layout, key order and indentation.
 */
import { applyEdits, modify } from "jsonc-parser";

function indentOf(text: string): { tabSize: number; insertSpaces: boolean } {
  const m = /\n([ \t]+)"/.exec(text);
  if (!m) return { tabSize: 2, insertSpaces: true };
  return m[1]!.startsWith("\t") ? { tabSize: 1, insertSpaces: false } : { tabSize: m[1]!.length, insertSpaces: true };
}

/** registry.json text with `subject` appended to `streams[stream].subjects`. */
export function appendStreamSubject(text: string, stream: string, subjects: string[], subject: string): string {
  const edits = modify(text, ["streams", stream, "subjects", subjects.length], subject, {
    isArrayInsertion: true,
    formattingOptions: { ...indentOf(text), eol: text.includes("\r\n") ? "\r\n" : "\n" },
  });
  return applyEdits(text, edits);
}

/** A JSON document's text with a top-level key removed (no-op when absent). */
export function removeTopLevelKey(text: string, key: string): string {
  const edits = modify(text, [key], undefined, { formattingOptions: { ...indentOf(text), eol: text.includes("\r\n") ? "\r\n" : "\n" } });
  return applyEdits(text, edits);
}

/** A JSON document's text with the value at `path` set (created when absent). */
export function setJsonValue(text: string, path: (string | number)[], value: unknown): string {
  const edits = modify(text, path, value, { formattingOptions: { ...indentOf(text), eol: text.includes("\r\n") ? "\r\n" : "\n" } });
  return applyEdits(text, edits);
}
