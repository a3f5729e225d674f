/** A worker thread's job for write/format.ts: one file through prettier (see base/worker-pool.ts). */
import { format, type Options } from "prettier";

export function handle(input: { path: string; text: string }, options: Options): Promise<string> {
  return format(input.text, { ...options, filepath: input.path });
}
