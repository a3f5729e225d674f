/**
 * A --templates override that does not parse, names a partial or a value that is not there, or
 * renders a file that is not JavaScript or JSON: the user's template, not a bug of jetschema's, so
 * one line naming the template file and the problem (exit 2, as for the --templates folder
 * itself, docs/cli.md), never Handlebars' or prettier's stack.
 */
import { join } from "node:path";
import { UsageError } from "../base/usage-error.js";
import type { TemplateSources } from "../load/templates.js";

/** The file of template `name` in the --templates folder; undefined for a built-in template, whose failure is jetschema's bug. */
export function overrideFile(sources: TemplateSources, name: string): string | undefined {
  return sources.overrideDir !== undefined && sources.overridden?.has(name) ? join(sources.overrideDir, name) : undefined;
}

/** `err` of template `file` as one line: "t/package/index.js.hbs: Parse error on line 1, column 15: unexpected 'INVALID'". */
export function templateFailure(file: string, err: unknown, doing = ""): UsageError {
  return new UsageError(`${file}: ${doing}${problemOf(err)}`);
}

/** Runs `work` for template `name`; what an override's template throws comes back naming its file. */
export function blamingOverride<T>(sources: TemplateSources, name: string, work: () => T): T {
  const file = overrideFile(sources, name);
  if (file === undefined) return work();
  try {
    return work();
  } catch (err) {
    throw templateFailure(file, err);
  }
}

/**
 * `formatting` of files some of which an override rendered (`fromOverride`: output path →
 * template file): prettier's complaint about such a file (write/format.ts names the file it
 * failed on) is the template's.
 */
export function blamingOverrideOutput(formatting: Promise<void>, fromOverride: ReadonlyMap<string, string>): Promise<void> {
  if (fromOverride.size === 0) return formatting;
  const named = formatting.catch((err: unknown) => {
    const output = (err as { file?: unknown } | undefined)?.file;
    const file = typeof output === "string" ? fromOverride.get(output) : undefined;
    if (file === undefined) throw err;
    // Without the output's path format.ts put in front: the words say which output.
    const problem = (err as Error).message.slice(`${output as string}: `.length);
    throw templateFailure(file, problem, `renders ${output as string} that does not parse: `);
  });
  // Awaited later, like `formatting`; until then a failure must not be reported as unhandled.
  named.catch(() => undefined);
  return named;
}

/** The message's first line; a Handlebars parse error's is its line, with the column and what it found. */
function problemOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const lines = message.split("\n");
  const parse = /^Parse error on line (\d+):$/.exec(lines[0] ?? "");
  if (parse && lines.length >= 4) {
    const column = (lines[2] ?? "").indexOf("^") + 1;
    const found = /got '([^']*)'$/.exec(lines.at(-1) ?? "")?.[1];
    return `Parse error on line ${parse[1]}${column > 0 ? `, column ${column}` : ""}${found ? `: unexpected ${found === "EOF" ? "end of template" : found === "INVALID" ? "text" : found}` : ""}`;
  }
  // Without prettier's code frame.
  return (lines[0] ?? "").trim();
}
