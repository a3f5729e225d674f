/**
 * The documents `jetschema validate` checks: each file is one JSON document, or with `--ndjson`
 * one per non-blank line (newline-delimited JSON, read line by line, so a long stream is never
 * held whole). `-` is stdin. Each document carries the label its results are printed with:
 * the path, `stdin`, or `<path>:<line>` for a line of NDJSON. Every document is bounded by the
 * registry's input limits before it is parsed: a file (or one NDJSON line) over `maxFileSize`
 * stops being read there, so /dev/zero or an endless pipe ends at the limit.
 */
import { createReadStream } from "node:fs";
import { lineColumn } from "../load/json-file.js";
import { readBounded, sizeProblem, structureProblem, type InputLimits } from "../load/input-limits.js";

export const STDIN = "-";

export interface InputDocument {
  label: string;
  /** The input it came from: the path, or `stdin`. */
  input: string;
  /** The document's text; absent when the input could not be read. */
  text?: string;
  /** Why the input could not be read (or is over a limit). */
  unreadable?: string;
  /** Line of the document in an NDJSON input (1-based), for positions in syntax errors. */
  line?: number;
}

function inputName(path: string): string {
  return path === STDIN ? "stdin" : path;
}

export async function* inputDocuments(paths: string[], options: { ndjson: boolean; limits: InputLimits }): AsyncGenerator<InputDocument> {
  for (const path of paths) {
    if (options.ndjson) yield* ndjsonDocuments(path, options.limits);
    else yield wholeDocument(path, options.limits);
  }
}

function wholeDocument(path: string, limits: InputLimits): InputDocument {
  const label = inputName(path);
  let read;
  try {
    read = readBounded(path, limits.maxFileSize);
  } catch (err) {
    return { label, input: label, unreadable: `cannot read ${label}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  if (!("bytes" in read)) return { label, input: label, unreadable: `${label}: ${sizeProblem(Infinity, limits)}` };
  return withinStructure({ label, input: label, text: read.bytes.toString("utf8") }, limits);
}

/** The document, or why its nesting or key count is over the limits (with its position). */
function withinStructure(doc: InputDocument & { text: string }, limits: InputLimits): InputDocument {
  const over = structureProblem(doc.text, limits);
  if (!over) return doc;
  const at = lineColumn(doc.text, over.offset);
  const line = doc.line === undefined ? at.line : doc.line + at.line - 1;
  return { label: doc.label, input: doc.input, unreadable: `${doc.input}:${line}:${at.column}: ${over.message}` };
}

async function* ndjsonDocuments(path: string, limits: InputLimits): AsyncGenerator<InputDocument> {
  const name = inputName(path);
  const stream = path === STDIN ? process.stdin : createReadStream(path);
  let line = 0;
  try {
    for await (const text of boundedLines(stream, limits.maxFileSize)) {
      line++;
      if (text === undefined) {
        yield { label: `${name}:${line}`, input: name, unreadable: `${name}:${line}: ${sizeProblem(Infinity, limits)} (one NDJSON line)`, line };
        return;
      }
      if (text.trim() === "") continue;
      yield withinStructure({ label: `${name}:${line}`, input: name, text, line }, limits);
    }
  } catch (err) {
    yield { label: name, input: name, unreadable: `cannot read ${name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

/**
 * The stream's lines (without their `\n` or `\r\n`); `undefined` for a line longer than
 * `maxBytes`, after which reading stops. Node's readline holds a line whole however long it is,
 * which is what this bounds.
 */
async function* boundedLines(stream: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<string | undefined> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const take = (tail: Buffer): string => {
    const whole = Buffer.concat([...pending, tail]).toString("utf8");
    pending = [];
    pendingBytes = 0;
    return whole.endsWith("\r") ? whole.slice(0, -1) : whole;
  };
  for await (const chunk of stream) {
    let buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10)) {
      if (pendingBytes + nl > maxBytes) return yield undefined;
      yield take(buf.subarray(0, nl));
      buf = buf.subarray(nl + 1);
    }
    pending.push(buf);
    pendingBytes += buf.length;
    if (pendingBytes > maxBytes) return yield undefined;
  }
  if (pendingBytes > 0) yield take(Buffer.alloc(0));
}
