/**
 * A large script split at top-level statement boundaries into groups that prettier can format
 * one by one, with the same result as formatting the whole file: prettier lays out each top-level
 * statement on its own and keeps (one) blank line wherever the original had one, so formatting
 * the text between two blank lines alone, and joining the results with a blank line, changes
 * nothing. What it buys:
 * - an edit that changes one statement of index.d.ts (an event's doc comment) re-formats one
 *   group, not the whole megabyte file (a second, on the machine of bench/RESULTS.md);
 * - a cold run spreads one large file over the formatting workers.
 *
 * A blank line is a split point only where the statement before it is certainly over and the
 * text after it certainly starts a new one: the text before ends with `;` or `}`, and after any
 * comments the text after starts with a declaration keyword, which can never continue an
 * expression (so `a\n\n(b)`, a call, is never split). A group that still fails to parse alone
 * (a blank line inside a template literal) makes the caller format the whole file instead.
 *
 * Groups are cut by content, not position (a statement whose digest ends a group ends it), so an
 * edit of one statement leaves every other group's text, and cache key, as it was.
 */
import { createHash } from "node:crypto";

/** Files this applies to: scripts prettier parses with babel or typescript. */
const SCRIPT = /\.(?:[cm]?js|[cm]?ts)$/;

/** Below this size a file is formatted whole: splitting saves nothing worth its cache entries. */
const SPLIT_FROM_CHARS = 32_000;

/** About one statement in this many ends a group, by default. */
export const STATEMENTS_PER_GROUP = 16;

const BLANK_LINES = /\n(?:[ \t]*\n)+/g;
const DECLARATION = /^(?:export|import|const|let|var|function|async\s+function|class|abstract\s+class|interface|type|declare|enum|namespace)\b/;
const LEADING_COMMENTS = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/;

/**
 * The groups of `text`, in order, or undefined when it is small or has no safe split point.
 * `statementsPerGroup` 1 puts every statement in a group of its own (tests).
 */
export function formatGroups(path: string, text: string, statementsPerGroup = STATEMENTS_PER_GROUP): string[] | undefined {
  if (text.length < SPLIT_FROM_CHARS || !SCRIPT.test(path)) return undefined;
  const statements = topLevelStatements(text);
  const groups: string[] = [];
  let current: string[] = [];
  for (const statement of statements) {
    current.push(statement);
    if (endsGroup(statement, statementsPerGroup)) {
      groups.push(current.join("\n\n"));
      current = [];
    }
  }
  if (current.length > 0) groups.push(current.join("\n\n"));
  return groups.length > 1 ? groups : undefined;
}

/** `text` cut at the blank lines that certainly separate two top-level statements. */
export function topLevelStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  for (const match of text.matchAll(BLANK_LINES)) {
    const end = match.index!;
    const before = text.slice(start, end).trimEnd();
    const after = text.slice(end + match[0].length, end + match[0].length + 400);
    if (!/[;}]$/.test(before) || !DECLARATION.test(after.replace(LEADING_COMMENTS, ""))) continue;
    statements.push(text.slice(start, end));
    start = end + match[0].length;
  }
  statements.push(text.slice(start));
  return statements;
}

function endsGroup(statement: string, statementsPerGroup: number): boolean {
  return parseInt(createHash("sha256").update(statement).digest("hex").slice(0, 8), 16) % statementsPerGroup === 0;
}

/** The whole file from its formatted groups: each ends with a newline; a blank line between. */
export function joinFormattedGroups(formatted: string[]): string {
  return formatted.join("\n");
}
