/** The state one comparison carries through the walk, and the single place findings are made. */
import { fieldPath } from "./field-path.js";
import type { Policy } from "./policy.js";
import { ruleBreaks, type Direction, type RuleName } from "./rules.js";
import type { Resolver } from "./schema-view.js";

export interface Finding {
  rule: RuleName;
  pointer: string;
  breaks: Direction[];
  message: string;
  /** The definition ($ref target) the change sits in, when it is not the version file itself. */
  via?: string;
}

export interface WalkContext {
  policy: Policy;
  resolveOld: Resolver;
  resolveNew: Resolver;
  /**
   * Both sides resolve refs in the same registry: two equal canonical refs lead to the same
   * schema, and a subtree that is byte-for-byte equal needs no walk.
   */
  sameRegistry: boolean;
  /** Canonical URIs of the two files, so local `#/$defs/X` refs of both read as the same place. */
  selfOld?: string;
  selfNew?: string;
  findings: Finding[];
  /** Ref pairs being compared, so recursive schemas end. */
  active: Set<string>;
  /** Inside `not`: what narrows the inner schema widens the whole. */
  flipped: boolean;
  via: string | undefined;
  depth: number;
  /** Compares two subschemas (the walk's entry point; set by compare.ts). */
  walk(older: unknown, newer: unknown, pointer: string): void;
}

export interface ReportOptions {
  /** Directions, when a documented exception of the rule applies (see rules.ts). */
  breaks?: Direction[];
  /** The message names its field itself; no "path: " prefix. */
  named?: boolean;
}

export function report(ctx: WalkContext, rule: RuleName, pointer: string, message: string, options: ReportOptions = {}): void {
  let breaks = options.breaks ?? ruleBreaks(rule, ctx.policy);
  if (ctx.flipped) breaks = breaks.map((d) => (d === "BACKWARD" ? "FORWARD" : "BACKWARD"));
  breaks = (["BACKWARD", "FORWARD"] as const).filter((d) => breaks.includes(d));
  const where = ctx.via ? ` (in ${ctx.via})` : "";
  const path = options.named ? "" : fieldPath(pointer);
  if (path !== "") message = `${path}: ${message}`;
  const inverted = ctx.flipped ? " (inside not: directions reversed)" : "";
  ctx.findings.push({ rule, pointer, breaks, message: `${message}${where}${inverted}`, ...(ctx.via ? { via: ctx.via } : {}) });
}
