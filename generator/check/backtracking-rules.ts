/**
 * The lint rule of the regular expressions validators run on data: none can backtrack
 * catastrophically (base/backtracking.ts judges them). Every input is bounded, in time too: a
 * validator runs on every message a service publishes or consumes, and on every example and
 * document generate, check and validate are given, so one such pattern lets a string of a few
 * dozen characters stall any of them. Refused here, the pattern reaches no validator: generate
 * writes none, and the example rule and `validate` never run one (they run after the check).
 * `format: "regex"` values are not here: a validator only checks that they parse, never runs them.
 */
import type { RegistryModel } from "../model/registry-model.js";
import {
  backtracking,
  type Backtracking,
  type KnownSafePatterns,
} from "../base/backtracking.js";
import type { LintContext, LintRule } from "./lint-rule.js";
import { regexesOfFile } from "./schema-facts.js";

export const RULE_BACKTRACKING = "No pattern can backtrack catastrophically";

export interface SlowRegex {
  file: string;
  pointer: string;
  source: string;
  verdict: Exclude<Backtracking, { safe: true }>;
}

/** Every pattern and patternProperties key of the registry's schemas that recheck did not find safe. */
export function slowRegexes(
  model: RegistryModel,
  known?: KnownSafePatterns,
): SlowRegex[] {
  const out: SlowRegex[] = [];
  for (const [file, doc] of model.resolved.docs) {
    for (const { pointer, source } of regexesOfFile(doc)) {
      const verdict = backtracking(source, known);
      if (verdict && verdict.safe !== true)
        out.push({ file, pointer, source, verdict });
    }
  }
  return out;
}

function noPatternCanBacktrackCatastrophically(
  { model, report, safePatterns }: LintContext,
  rule: string,
): void {
  for (const { file, pointer, source, verdict } of slowRegexes(
    model,
    safePatterns,
  ))
    report.error(file, pointer, rule, explain(source, verdict));
}

const REWRITE =
  "rewrite it so that each stretch of text can be matched one way only: no quantified group whose body is quantified over the same characters " +
  "(^(a+)+$ → ^a+$), no alternatives under a quantifier that match the same text ((a|ab)* → (ab?)*), no two quantifiers in a row over overlapping " +
  "characters (\\d+\\d* → \\d+), and anchor it at both ends (^…$) unless it must match anywhere";

function explain(source: string, verdict: SlowRegex["verdict"]): string {
  if (verdict.safe === undefined)
    return `recheck could not show that ${JSON.stringify(source)} matches in linear time (${verdict.reason}); ${REWRITE}`;
  const parts =
    verdict.parts.length > 0
      ? ` (it backtracks in ${verdict.parts.map((p) => JSON.stringify(p)).join(", ")})`
      : "";
  return (
    `${JSON.stringify(source)} takes ${verdict.complexity} time${parts} on a string like ${verdict.attack}: a validator applying it to such a ` +
    `string, in a message, an example or a validated file, would stall; ${REWRITE}`
  );
}

/** The rules of regular expressions. */
export const backtrackingRules: readonly LintRule[] = [
  { sentence: RULE_BACKTRACKING, check: noPatternCanBacktrackCatastrophically },
];
