/**
 * Drops the declarations of ajv's standalone code that nothing in their function reads.
 *
 * ajv compiles without its optimizing pass here (base/ajv.ts, `code.optimize: false`): that pass
 * rebuilds the set of names used below every node of a function's code tree, at every level, and
 * took half of ajv's compile of the synthetic registry. For the code's size, what it did was drop
 * unread declarations, and ajv writes three kinds in nearly every function:
 *
 *     const _errs12 = errors;               // the error count before a subschema
 *     var valid3 = _errs12 === errors;      // whether the subschema added none
 *     const vSchema2 = schema31.properties.kind.enum;   // an enum's values, unread when unrolled
 *
 * Contract: a line that is exactly such a declaration (`code.lines` writes each statement on its
 * own line) goes when every mention of its name in its function is a declaration of it. Dropping
 * one can leave another unread (`valid3` read `_errs12`), so this repeats until nothing more goes.
 * ajv's pass drops any unread declaration (its code never declares a value for its side effects),
 * so this drops a subset of what it dropped. A mention inside a string counts as a read: a name is
 * kept, never dropped, by mistake.
 *
 * Names are counted per function: ajv numbers a function's local names from 0, so `valid3` recurs
 * across the module. A function starts at a line `function validateN(` (or `async function`); a
 * start missed would only merge two functions' counts, which keeps what either reads.
 */
import { FUNCTION_START } from "./function-chunks.js";

const LOCAL_NAME = /\b(?:_errs|valid|vSchema)\d+\b/g;
const DECLARATION_KINDS = ["const ", "var ", "let "];

interface Declaration {
  name: string;
  /** From the start of its line to the start of the next. */
  start: number;
  end: number;
  /** The local names its value reads. */
  reads: string[];
}

/** One function's mentions of local names, and its declarations of them by name. */
class FunctionNames {
  readonly mentions = new Map<string, number>();
  readonly declarations = new Map<string, Declaration[]>();

  mention(name: string): void {
    this.mentions.set(name, (this.mentions.get(name) ?? 0) + 1);
  }

  declare(d: Declaration): void {
    const same = this.declarations.get(d.name);
    if (same) same.push(d);
    else this.declarations.set(d.name, [d]);
  }

  /** The declarations nothing reads, found again after each round of drops. */
  unread(): Declaration[] {
    const gone: Declaration[] = [];
    for (let more = true; more; ) {
      more = false;
      for (const [name, same] of this.declarations) {
        if (this.mentions.get(name) !== same.length) continue;
        this.declarations.delete(name);
        for (const d of same) for (const read of d.reads) this.mentions.set(read, this.mentions.get(read)! - 1);
        gone.push(...same);
        more = true;
      }
    }
    return gone;
  }
}

export function withoutUnreadDeclarations(code: string): string {
  const functionStarts = [...code.matchAll(FUNCTION_START)].map((m) => m.index!);
  const dropped: Declaration[] = [];
  let names = new FunctionNames();
  let next = 0;
  let current: Declaration | undefined;
  for (const m of code.matchAll(LOCAL_NAME)) {
    const at = m.index!;
    if (next < functionStarts.length && at > functionStarts[next]!) {
      while (next < functionStarts.length && at > functionStarts[next]!) next++;
      dropped.push(...names.unread());
      names = new FunctionNames();
    }
    const name = m[0];
    names.mention(name);
    if (current && at < current.end) {
      current.reads.push(name);
      continue;
    }
    current = declarationAt(code, at, name);
    if (current) names.declare(current);
  }
  dropped.push(...names.unread());
  if (dropped.length === 0) return code;
  const pieces: string[] = [];
  let copied = 0;
  for (const d of dropped.sort((a, b) => a.start - b.start)) {
    pieces.push(code.slice(copied, d.start));
    copied = d.end;
  }
  pieces.push(code.slice(copied));
  return pieces.join("");
}

/** The declaration whose name is the mention at `at`, when its line is exactly one. */
function declarationAt(code: string, at: number, name: string): Declaration | undefined {
  for (const kind of DECLARATION_KINDS) {
    const start = at - kind.length;
    if (start < 1 || code.charCodeAt(start - 1) !== NEWLINE || !code.startsWith(kind, start)) continue;
    if (!code.startsWith(" = ", at + name.length)) return undefined;
    const newline = code.indexOf("\n", at);
    const end = newline < 0 ? code.length : newline;
    if (code.charCodeAt(end - 1) !== SEMICOLON) return undefined;
    return { name, start, end: newline < 0 ? end : end + 1, reads: [] };
  }
  return undefined;
}

const NEWLINE = 10;
const SEMICOLON = 59;
