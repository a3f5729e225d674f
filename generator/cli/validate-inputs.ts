/**
 * The documents `jetschema validate` checks: each file is one JSON document, or with `--ndjson`
 * one per non-blank line (newline-delimited JSON, read line by line, so a long stream is never
 * held whole). `-` is stdin. Each document carries the label its results are printed with:
 * the path, `stdin`, or `<path>:<line>` for a line of NDJSON. Every document is bounded by the
 * registry's input limits before it is parsed: a file over `maxFileSize` stops being read there,
 * so /dev/zero or an endless pipe ends at the limit; an NDJSON line over it is invalid, and its
 * bytes are dropped up to its newline (never held) so that the lines after it are still checked.
 */
import { createReadStream } from "node:fs";
import { lineColumn } from "../load/json-file.js";
import { readBounded, sizeProblem, structureProblem, type InputLimits } from "../load/input-limits.js";
import { isNotUtf8, utf8Text, type NotUtf8 } from "../load/utf8-text.js";

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
  return checked({ label, input: label }, utf8Text(read.bytes), limits);
}

/** The document's text, or why it is not UTF-8 or its nesting or key count is over the limits (with its position). */
function checked(doc: InputDocument, text: string | NotUtf8, limits: InputLimits): InputDocument {
  if (isNotUtf8(text)) return { label: doc.label, input: doc.input, unreadable: `${doc.input}:${lineOf(doc, text.line)}:${text.column}: ${text.message}` };
  const over = structureProblem(text, limits);
  if (!over) return { ...doc, text };
  const at = lineColumn(text, over.offset);
  return { label: doc.label, input: doc.input, unreadable: `${doc.input}:${lineOf(doc, at.line)}:${at.column}: ${over.message}` };
}

/** A line of the document as a line of its input. */
function lineOf(doc: InputDocument, line: number): number {
  return doc.line === undefined ? line : doc.line + line - 1;
}

async function* ndjsonDocuments(path: string, limits: InputLimits): AsyncGenerator<InputDocument> {
  const name = inputName(path);
  const stream = path === STDIN ? process.stdin : createReadStream(path);
  let line = 0;
  try {
    for await (const bytes of boundedLines(stream, limits.maxFileSize)) {
      line++;
      if (bytes === TOO_LONG) {
        yield { label: `${name}:${line}`, input: name, unreadable: `${name}:${line}: ${sizeProblem(Infinity, limits, "the line")}`, line };
        continue;
      }
      const decoded = utf8Text(bytes);
      if (!isNotUtf8(decoded) && decoded.trim() === "") continue;
      yield checked({ label: `${name}:${line}`, input: name, line }, decoded, limits);
    }
  } catch (err) {
    yield { label: name, input: name, unreadable: `cannot read ${name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

/** A line longer than the limit: reported, its bytes not kept. */
const TOO_LONG = Symbol("line too long");

/**
 * The stream's lines (without their `\n` or `\r\n`); TOO_LONG for a line longer than
 * `maxBytes`, whose bytes past the limit are read and dropped up to its newline. Node's readline
 * holds a line whole however long it is, which is what this bounds.
 */
async function* boundedLines(stream: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<Buffer | typeof TOO_LONG> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** In a line already reported TOO_LONG: its bytes are dropped until it ends. */
  let skipping = false;
  const drop = () => {
    pending = [];
    pendingBytes = 0;
  };
  const take = (tail: Buffer): Buffer => {
    const whole = Buffer.concat([...pending, tail]);
    drop();
    return whole.at(-1) === CR ? whole.subarray(0, -1) : whole;
  };
  for await (const chunk of stream) {
    let buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10)) {
      if (skipping) skipping = false;
      else if (pendingBytes + nl > maxBytes) {
        drop();
        yield TOO_LONG;
      } else yield take(buf.subarray(0, nl));
      buf = buf.subarray(nl + 1);
    }
    if (skipping) continue;
    pending.push(buf);
    pendingBytes += buf.length;
    if (pendingBytes > maxBytes) {
      drop();
      skipping = true;
      yield TOO_LONG;
    }
  }
  if (pendingBytes > 0) yield take(Buffer.alloc(0));
}

const CR = 13;
