/**
 * A name typed on the command line that the registry does not declare (an event, a version, a
 * major, a stream, a consumer): the command is wrong, not the registry, so it is exit 2
 * (docs/cli.md "Exit codes"). The message is one line: what was given and what the registry
 * declares instead. A registry of thousands of events cannot be listed on one line, so at most
 * LISTED names are, those nearest to the given one first: a typo's intended name is among them.
 */
import { UsageError } from "./usage-error.js";

export class UnknownNameError extends UsageError {
  override name = "UnknownNameError";
}

/** How many declared names a message lists; the rest are counted. */
export const LISTED = 20;
/** A given name longer than this (a pasted payload, not a name) is cut in the message. */
const GIVEN_SHOWN = 100;

export interface UnknownNameOptions {
  /** Whose name it is: `major "7" of position.admitted`. */
  of?: string;
  /** What to do instead, after the list: `to create it: jetschema new session.begun`. */
  hint?: string;
}

/** `unknown event "position.admited"; events: position.admitted, ... and 4980 more`. */
export function unknownName(kind: string, given: string, declared: readonly string[], options: UnknownNameOptions = {}): UnknownNameError {
  const shown = given.length > GIVEN_SHOWN ? given.slice(0, GIVEN_SHOWN) + "..." : given;
  const of = options.of !== undefined ? ` of ${options.of}` : "";
  const hint = options.hint !== undefined ? `; ${options.hint}` : "";
  return new UnknownNameError(`unknown ${kind} ${JSON.stringify(shown)}${of}; ${kind}s: ${nearestListed(given, declared)}${hint}`);
}

/** The declared names, in their order, cut to the LISTED nearest to `given` when there are more. */
export function nearestListed(given: string, declared: readonly string[]): string {
  if (declared.length === 0) return "none";
  if (declared.length <= LISTED) return declared.join(", ");
  // Nearness: the characters shared at the start and at the end, which a one-letter typo keeps.
  const ranked = declared.map((name, at) => ({ name, at, near: Math.min(sharedStart(given, name) + sharedEnd(given, name), name.length) }));
  ranked.sort((a, b) => b.near - a.near || a.at - b.at);
  const kept = ranked.slice(0, LISTED).sort((a, b) => a.at - b.at);
  return `${kept.map((r) => r.name).join(", ")} and ${declared.length - LISTED} more`;
}

function sharedStart(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function sharedEnd(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
