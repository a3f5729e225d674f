/** The lint rule of the examples a schema carries: each one valid against its schema. */
import type { ErrorObject } from "ajv";
import type { Diagnostic } from "../base/diagnostics.js";
import { findingsOfEachEvent } from "./event-memo.js";
import type { EventModel } from "../model/registry-model.js";
import { withoutBranchSummaries } from "../load/ajv-errors.js";
import { slowRegexes } from "./backtracking-rules.js";
import type { LintContext, LintRule } from "./lint-rule.js";
import { nestedPastTheLimit } from "./schema-rules.js";

function everyExampleIsValidAgainstItsSchema({ model, schemas, report, exampleFindings: memo }: LintContext, rule: string): void {
  // A pattern that can backtrack catastrophically is reported by its own rule, which ran before
  // this one (its verdicts are kept): an example could stall its validator, so none runs.
  if (slowRegexes(model).length > 0) return;
  // Refused for its nesting through $refs: compiling it would only overflow the stack.
  const refused = nestedPastTheLimit(model);
  for (const findings of findingsOfEachEvent(model, memo, (event) => eventFindings(event, schemas, refused, rule))) {
    // A copy: the report adds the line and column, the kept findings stay as found.
    for (const d of findings) report.add({ ...d });
  }
}

/** What validating the examples of `event`'s versions found. */
function eventFindings(event: EventModel, schemas: LintContext["schemas"], refused: (file: string) => boolean, rule: string): Diagnostic[] {
  const findings: Diagnostic[] = [];
  const error = (file: string, pointer: string, message: string) => findings.push({ file, pointer, rule, message, severity: "error" });
  for (const m of event.majors) {
    for (const v of m.versions) {
      const examples = v.doc.head.examples;
      if (examples === undefined || refused(v.file)) continue;
      if (!Array.isArray(examples)) {
        error(v.file, "/examples", "examples must be an array of example payloads");
        continue;
      }
      let validate;
      try {
        validate = schemas.validator(v.file);
      } catch {
        continue; // reported by "Every schema compiles"
      }
      examples.forEach((example, i) => {
        let valid: boolean;
        try {
          valid = validate(example) as boolean;
        } catch (err) {
          // A $ref cycle through no data overflows the stack (reported by its own rule).
          error(v.file, `/examples/${i}`, `validating the example failed: ${(err as Error).message}`);
          return;
        }
        if (valid) return;
        for (const message of exampleMessages(validate.errors ?? [])) error(v.file, `/examples/${i}`, message);
      });
    }
  }
  return findings;
}

/**
 * One message per thing wrong: without ajv's summary of a failed then/else (withoutBranchSummaries),
 * and once where two schemas fail the same way.
 */
function exampleMessages(errors: readonly ErrorObject[]): string[] {
  return [...new Set(withoutBranchSummaries(errors).map((e) => `at ${e.instancePath || "/"}: ${e.message ?? e.keyword}`))];
}

/** The rules of examples. */
export const exampleRules: readonly LintRule[] = [
  { sentence: "Every example is valid against its schema", check: everyExampleIsValidAgainstItsSchema, asksForValidators: true },
];
