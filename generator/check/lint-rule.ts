/** The shape of a lint rule: a function named by the sentence it enforces. */
import type { Diagnostic, Diagnostics } from "../base/diagnostics.js";
import type { MajorModel, RegistryModel } from "../model/registry-model.js";
import type { SchemaSet } from "../validators/schema-set.js";
import type { KnownSafePatterns } from "../base/backtracking.js";
import type { LastNesting } from "./ref-nesting.js";
import type { EventMemo } from "./event-memo.js";

export interface LintContext {
  model: RegistryModel;
  schemas: SchemaSet;
  report: Diagnostics;
  /** Graphs of `$ref`s and same-value steps an earlier process found without a cycle (check/schema-rules.ts), by digest. */
  acyclic?: KnownAcyclic;
  /** The graph a long-lived process's last run searched without a cycle, kept by that process (check/schema-rules.ts). */
  lastAcyclic?: LastAcyclicGraph;
  /** Patterns an earlier process found safe (base/backtracking.ts), kept by the cache. */
  safePatterns?: KnownSafePatterns;
  /** What a long-lived process's last run counted of each schema's nesting through `$ref`s (check/ref-nesting.ts). */
  lastNesting?: LastNesting;
  /** The example rule's findings by event inputs, kept by the cache (check/example-rules.ts). */
  exampleFindings?: ExampleFindingsMemo;
}

/** Where a long-lived process keeps the last graph found without a `$ref` cycle, made of frozen parts, and its digest when the run had a cache; the rule fills it. */
export interface LastAcyclicGraph {
  graph?: unknown;
  digest?: string;
}

/** What an earlier process knew to hold, by the digest of what it was found of (the cache keeps it). */
export interface KnownAcyclic {
  has(digest: string): boolean;
  add(digest: string): void;
  /** The graph of `digest` was known from memory (a long-lived process's last one): its entry is still used (cache/remembering-store.ts). */
  keep?(digest: string): void;
}

export interface LintRule {
  /** The sentence the rule enforces: its documentation (docs/lint-rules.md) and the headline of every error it reports. */
  sentence: string;
  /** Reports every breach of the rule; `rule` is the sentence, for the reports. */
  check(ctx: LintContext, rule: string): void;
  /**
   * The rule asks `ctx.schemas` for validators: it runs once the validators are compiled. The
   * others never touch the schema set (test/check/check-registry.test.ts holds them to it), so
   * generate runs them while its workers compile.
   */
  asksForValidators?: true;
}

/** `order.placed@1 (order/placed/1.0.json)`: a major and the file that defines it, as rules name it in their reports. */
export function definedBy(m: MajorModel): string {
  return `${m.key} (${m.latest.file})`;
}

/**
 * Earlier findings of the example rule by the event's inputs (check/event-memo.ts; with
 * registry.json, its input limits): all that validating the event's examples reads, so an edit
 * validates only the examples of the events it touched, and reads no other module's verdicts.
 */
export type ExampleFindingsMemo = EventMemo<Diagnostic[]>;
