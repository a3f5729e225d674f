/** Every emitted file goes through prettier, with the parser its extension calls for. */
import { format } from "prettier";

const OPTIONS = { printWidth: 100 } as const;

export async function formatFiles(files: Map<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = [...files].sort(([a], [b]) => a.localeCompare(b));
  const formatted = await Promise.all(entries.map(([path, text]) => format(text, { ...OPTIONS, filepath: path })));
  entries.forEach(([path], i) => out.set(path, formatted[i]!));
  return out;
}
