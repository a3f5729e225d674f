/**
 * Emitted files go through prettier, with the parser its extension calls for, except the ajv
 * standalone validators: machine code of ~20 KB per schema that nobody reads, which prettier
 * would spend most of a generate run on. ajv emits them one statement per line (`code.lines`),
 * so their diffs stay readable.
 */
import { format } from "prettier";

const UNFORMATTED = /^validators\/[^/]+\.js$/;

const OPTIONS = { printWidth: 100 } as const;

export async function formatFiles(files: Map<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = [...files].sort(([a], [b]) => a.localeCompare(b));
  const formatted = await Promise.all(entries.map(([path, text]) => (UNFORMATTED.test(path) ? text : format(text, { ...OPTIONS, filepath: path }))));
  entries.forEach(([path], i) => out.set(path, formatted[i]!));
  return out;
}
