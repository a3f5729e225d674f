/**
 * ajv reports one problem as several errors when a keyword has alternatives (`type` is a name or
 * a list: an enum error, a type error and the anyOf around them), and an `if` adds "must match
 * the then schema" to the errors of the branch it chose. A user wants one line per problem, at
 * the property it is about.
 */
import type { ErrorObject } from "ajv";
import { pathToPointer } from "./json-file.js";

export interface SummarizedError {
  pointer: string;
  message: string;
}

export function summarizeAjvErrors(errors: ErrorObject[]): SummarizedError[] {
  const byPointer = new Map<string, ErrorObject[]>();
  for (const e of withoutBranchSummaries(errors)) {
    const pointer = pointerOf(e);
    byPointer.set(pointer, [...(byPointer.get(pointer) ?? []), e]);
  }
  const out: SummarizedError[] = [];
  for (const [pointer, group] of byPointer) {
    const branches = group.filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf");
    const hadAlternatives = branches.length < group.length;
    if (hadAlternatives) {
      // One line: the alternatives joined ("must match pattern ... or must be integer").
      const messages = [...new Set(branches.map(describe))];
      out.push({ pointer, message: messages.join(" or ") || "must match one of the allowed forms" });
    } else {
      for (const e of branches) out.push({ pointer, message: describe(e) });
    }
  }
  return out;
}

/**
 * The errors to show a user. ajv reports a failed `then`/`else` twice: the branch's own errors,
 * which say what is wrong, and the `if` keyword's `must match "then" schema`, which only sums them
 * up. The summary is left out whenever anything else was reported (always, as ajv works; kept only
 * so that an invalid value never shows no reason at all). The runtime applies the same rule to
 * what it prints (runtime/src/base/errors.ts).
 */
export function withoutBranchSummaries<E extends Pick<ErrorObject, "keyword">>(errors: readonly E[]): E[] {
  const own = errors.filter((e) => e.keyword !== "if");
  return own.length > 0 ? own : [...errors];
}

function pointerOf(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  // An unknown property is reported at its parent by ajv; point at the property itself.
  if (e.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    return e.instancePath + pathToPointer([params.additionalProperty]);
  }
  return e.instancePath;
}

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === "additionalProperties") return `unknown property "${String(params.additionalProperty)}"`;
  if (e.keyword === "false schema") return "is not allowed here";
  if (Array.isArray(params.allowedValues)) return `${e.message ?? e.keyword} (${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")})`;
  return e.message ?? e.keyword;
}
