/**
 * The documents `jetschema validate` checks: each file is one JSON document, or with `--ndjson`
 * one per non-blank line (newline-delimited JSON, read line by line, so a long stream is never
 * held whole). `-` is stdin. Each document carries the label its results are printed with:
 * the path, `stdin`, or `<path>:<line>` for a line of NDJSON.
 */
import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";

export const STDIN = "-";

export interface InputDocument {
  label: string;
  /** The input it came from: the path, or `stdin`. */
  input: string;
  /** The document's text; absent when the input could not be read. */
  text?: string;
  /** Why the input could not be read. */
  unreadable?: string;
  /** Line of the document in an NDJSON input (1-based), for positions in syntax errors. */
  line?: number;
}

function inputName(path: string): string {
  return path === STDIN ? "stdin" : path;
}

export async function* inputDocuments(paths: string[], options: { ndjson: boolean }): AsyncGenerator<InputDocument> {
  for (const path of paths) {
    if (options.ndjson) yield* ndjsonDocuments(path);
    else yield wholeDocument(path);
  }
}

function wholeDocument(path: string): InputDocument {
  const label = inputName(path);
  try {
    return { label, input: label, text: readInputText(path) };
  } catch (err) {
    return { label, input: label, unreadable: `cannot read ${label}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

/** A whole file, or stdin. */
export function readInputText(path: string): string {
  return readFileSync(path === STDIN ? 0 : path, "utf8");
}

async function* ndjsonDocuments(path: string): AsyncGenerator<InputDocument> {
  const name = inputName(path);
  const stream = path === STDIN ? process.stdin : createReadStream(path, { encoding: "utf8" });
  const opened = new Promise<Error | undefined>((resolve) => {
    stream.once("error", resolve);
    stream.once("readable", () => resolve(undefined));
    stream.once("end", () => resolve(undefined));
  });
  const failure = await opened;
  if (failure) {
    yield { label: name, input: name, unreadable: `cannot read ${name}: ${(failure as NodeJS.ErrnoException).code ?? failure.message}` };
    return;
  }
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    yield { label: `${name}:${line}`, input: name, text, line };
  }
}
