/**
 * Durations and sizes in registry.json are judged by the runtime's own parser
 * (`@jetschema/runtime/durations`), the one that provisions them: registry.schema.json's patterns
 * give editors the shape, this rule refuses what only the parser can tell (a size that is not a
 * whole number of bytes), so nothing check accepts fails at deploy time.
 */
import { parseDuration, parseSize } from "@jetschema/runtime/durations";
import type { LintContext, LintRule } from "./lint-rule.js";

const STREAM_DURATIONS = ["max_age", "duplicate_window"] as const;
const STREAM_SIZES = ["max_bytes", "max_msg_size"] as const;

function durationsAndSizesAreOnesTheRuntimeReads({ model, report }: LintContext, rule: string): void {
  const judge = (parse: (v: string | number) => number, value: unknown, pointer: string) => {
    if (typeof value !== "string" && typeof value !== "number") return;
    try {
      parse(value);
    } catch (err) {
      report.error("registry.json", pointer, rule, (err as Error).message);
    }
  };
  for (const s of model.streams) {
    for (const field of STREAM_DURATIONS) judge(parseDuration, s[field], `/streams/${s.name}/${field}`);
    for (const field of STREAM_SIZES) judge(parseSize, s[field], `/streams/${s.name}/${field}`);
  }
  for (const c of model.consumers) {
    judge(parseDuration, c.ack_wait, `/consumers/${c.name}/ack_wait`);
    c.backoff?.forEach((step, i) => judge(parseDuration, step, `/consumers/${c.name}/backoff/${i}`));
  }
}

/** The rules of durations and sizes. */
export const unitRules: readonly LintRule[] = [
  { sentence: "Durations and sizes are ones the runtime reads", check: durationsAndSizesAreOnesTheRuntimeReads },
];
