/**
 * JSON data as YAML, written directly: the text the `yaml` library's `stringify` makes of it with
 * the AsyncAPI emitter's options (YAML 1.1, no line folding, no aliases, no directives), without
 * the library's document tree. Building that tree for every section of a large document was the
 * largest library cost on the main thread of a cold run (~0.7 s at 1000 events; docs/performance.md,
 * "The AsyncAPI document written directly").
 *
 * Only what is known to come out the same is written here: block mappings and sequences, empty
 * ones in flow style, `null`, booleans, finite numbers, and single-line strings of printable
 * characters, plain where the library would leave them plain (its own type tests decide, see
 * `looksTyped`) and quoted as it quotes them otherwise. Anything else (a multi-line string, a tab,
 * a control character, a document marker, a key the library would make explicit, a value that is
 * not JSON data) makes `yamlText` give up, and the caller asks the library for that section.
 * test/asyncapi/yaml-text.test.ts compares both on tables of values, on random documents and on
 * whole generated documents.
 */
import { yamlTypeTests } from "./yaml-type-tests.js";

/** `value` (a mapping, as a document section is) as YAML, or undefined where the library must write it. */
export function yamlText(value: Record<string, unknown>): string | undefined {
  if (!isMapping(value)) return undefined;
  if (Object.keys(value).length === 0) return "{}\n";
  const out: string[] = [];
  return writeMapping(value, "", out) ? `${out.join("")}\n` : undefined;
}

/** The library's string scalars are plain unless a YAML 1.1 reader would take them for another type (a boolean, a number, a date, null). */
function looksTyped(text: string): boolean {
  return yamlTypeTests().some((test) => test.test(text));
}

/** Printable characters a single-line scalar may hold (no tab, no line or paragraph separator, no byte-order mark, no lone surrogate). */
const PRINTABLE = /^[\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;
/** The library's reasons a single-line string cannot be plain: an indicator first, `- `/`? ` or a lone `-`/`?`, `: ` or ` #` inside, a space or `:` last. */
const NOT_PLAIN = /^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-] |: | #|[ :]$/;
/** Starts like a document marker, which the library handles by the scalar's place. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)/;
/** Longer implicit keys are written explicitly (`? key`). */
const IMPLICIT_KEY_LIMIT = 1024;

/**
 * Short strings' texts, "" for one the library must write: a document repeats its keys and many
 * of its values (`type`, `string`, `properties`, …), and each new one is tested by every type tag.
 */
const known = new Map<string, string>();
const KNOWN_LIMIT = 20_000;
const KNOWN_LENGTH = 64;

/** A string scalar's text, or undefined. */
function stringText(text: string, isKey: boolean): string | undefined {
  const short = text.length <= KNOWN_LENGTH;
  let written = short ? known.get(text) : undefined;
  if (written === undefined) {
    written = !PRINTABLE.test(text) || DOCUMENT_MARKER.test(text) ? "" : NOT_PLAIN.test(text) || looksTyped(text) ? quoted(text) : text;
    if (short) {
      if (known.size >= KNOWN_LIMIT) known.clear();
      known.set(text, written);
    }
  }
  return written === "" || (isKey && written.length > IMPLICIT_KEY_LIMIT) ? undefined : written;
}

/** Single quotes for a string holding double quotes and no single ones, double quotes (JSON's escapes) for any other. */
function quoted(text: string): string {
  return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

/** A scalar's text, or undefined for a collection or anything the library must write. */
function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return stringText(value, false);
    case "number":
      return Number.isFinite(value) ? (Object.is(value, -0) ? "-0" : String(value)) : undefined;
    case "boolean":
      return value ? "true" : "false";
    case "object":
      return value === null ? "null" : undefined;
    default:
      return undefined;
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * What follows a key's colon or a sequence's dash: ` text` for a scalar or an empty collection,
 * else `lead` and the collection at `indent`: after a colon it starts on a new line, after a dash
 * on the dash's own. False where the library must write the value (undefined included: the
 * library leaves such a member out).
 */
function writeValue(value: unknown, indent: string, lead: string, out: string[]): boolean {
  if (Array.isArray(value)) {
    if (value.length === 0) return out.push(" []") > 0;
    out.push(lead);
    return writeSequence(value, indent, out);
  }
  if (isMapping(value)) {
    if (Object.keys(value).length === 0) return out.push(" {}") > 0;
    out.push(lead);
    return writeMapping(value, indent, out);
  }
  const text = scalarText(value);
  return text !== undefined && out.push(` ${text}`) > 0;
}

/** A non-empty mapping's entries, the first where the output stands, the others on lines at `indent`. */
function writeMapping(mapping: Record<string, unknown>, indent: string, out: string[]): boolean {
  let first = true;
  for (const [key, value] of Object.entries(mapping)) {
    const keyText = stringText(key, true);
    if (keyText === undefined) return false;
    out.push(first ? `${keyText}:` : `\n${indent}${keyText}:`);
    first = false;
    const inner = `${indent}  `;
    if (!writeValue(value, inner, `\n${inner}`, out)) return false;
  }
  return true;
}

/** A non-empty sequence's items, `- ` each, the first where the output stands; an item's own collection continues on its dash's line, two columns in. */
function writeSequence(items: unknown[], indent: string, out: string[]): boolean {
  for (let i = 0; i < items.length; i++) {
    out.push(i === 0 ? "-" : `\n${indent}-`);
    if (!writeValue(items[i], `${indent}  `, " ", out)) return false;
  }
  return true;
}
