/**
 * Stage 4, check: every lint rule over the model, and the compatibility rules. In two steps, so
 * that what needs no compiled validator runs before the compile is done: generate runs the first
 * while its workers compile (the main thread of an edit would wait for them idle), the second
 * after (front-end.ts's `check` runs both in a row). The reports are sorted before anyone reads
 * them (base/diagnostics.ts, check-run.ts), so the order the rules run in does not show.
 */
import type { Diagnostics } from "../base/diagnostics.js";
import type { RegistryModel } from "../model/registry-model.js";
import { checkCompatibility, type CompatibilityMemo } from "./compatibility.js";
import { LINT_RULES } from "./lint-rules.js";
import type { ExampleFindingsMemo, KnownAcyclic, LastAcyclicGraph } from "./lint-rule.js";
import type { LastNesting } from "./ref-nesting.js";
import type { KnownSafePatterns } from "../base/backtracking.js";
import type { SchemaSet } from "../validators/schema-set.js";

/** What earlier runs found, kept by a cache, so that a run checks again only what it changed. */
export interface CheckMemos {
  /** Compatibility findings by event inputs: an edit compares only the events it touched. */
  compatibility?: CompatibilityMemo;
  /** Graphs found without a `$ref` cycle: an edit that moves no `$ref` searches none. */
  acyclic?: KnownAcyclic;
  /** The last graph a long-lived process found without a cycle: a save that moves no `$ref` searches none, nor digests it. */
  lastAcyclic?: LastAcyclicGraph;
  /** Patterns found safe: a run whose patterns are all known neither loads the ReDoS checker nor asks it. */
  safePatterns?: KnownSafePatterns;
  /** What a long-lived process's last run counted of each schema's nesting through `$ref`s: a save that changes no nesting counts none. */
  lastNesting?: LastNesting;
  /** The example rule's findings by event inputs: an edit validates the examples of the events it touched, and reads no other module's verdicts. */
  exampleFindings?: ExampleFindingsMemo;
}

/** The lint rules that ask for no validator, then the compatibility rules: nothing here waits for the compile. */
export function checkWithoutValidators(model: RegistryModel, schemas: SchemaSet, report: Diagnostics, memos: CheckMemos = {}): void {
  const context = { model, schemas, report, ...(memos.acyclic ? { acyclic: memos.acyclic } : {}), ...(memos.lastAcyclic ? { lastAcyclic: memos.lastAcyclic } : {}), ...(memos.safePatterns ? { safePatterns: memos.safePatterns } : {}), ...(memos.lastNesting ? { lastNesting: memos.lastNesting } : {}) };
  for (const rule of LINT_RULES) if (!rule.asksForValidators) rule.check(context, rule.sentence);
  checkCompatibility(model, report, memos.compatibility);
}

/** The lint rules that ask `schemas` for validators: after the compile, or they compile on this thread. */
export function checkWithValidators(model: RegistryModel, schemas: SchemaSet, report: Diagnostics, memos: CheckMemos = {}): void {
  const context = { model, schemas, report, ...(memos.exampleFindings ? { exampleFindings: memos.exampleFindings } : {}) };
  for (const rule of LINT_RULES) if (rule.asksForValidators) rule.check(context, rule.sentence);
}
