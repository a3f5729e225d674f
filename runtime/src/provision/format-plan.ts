/**
 * Human-readable plans and apply results for `jetschema streams diff|apply`: durations and sizes
 * in registry units ("7d", "1GB"), one line per changed field, refused changes marked.
 */
import { formatBytes, formatDurationNanos } from "../base/durations.js";
import type { ApplyResult } from "./apply.js";
import { CONSUMER_FIELDS, STREAM_FIELDS, type FieldRule } from "./fields.js";
import type { Plan, PlanItem } from "./plan-types.js";

export function formatPlan(plan: Plan): string {
  const lines: string[] = [];
  for (const item of plan.items) {
    lines.push(`${title(item)}: ${item.action === "refused" ? "REFUSED (JetStream cannot change this in place)" : item.action}`);
    if (item.action === "create") {
      for (const rule of rulesOf(item)) {
        const value = (item.config as Record<string, unknown>)[rule.key];
        if (value !== undefined && value !== "") lines.push(`    ${rule.field}: ${formatValue(rule, value)}`);
      }
    }
    for (const change of item.changes) {
      const rule = rulesOf(item).find((r) => r.field === change.field);
      const from = rule ? formatValue(rule, change.from) : JSON.stringify(change.from);
      const to = rule ? formatValue(rule, change.to) : JSON.stringify(change.to);
      const narrowing = item.narrowing.find((n) => n.field === change.field);
      const mark = item.refused.some((r) => r.field === change.field)
        ? "   [refused: delete and recreate, or revert the registry]"
        : narrowing
          ? `   [narrows: ${narrowing.rule}; ensureStreams keeps the live value, apply narrows]`
          : "";
      lines.push(`    ${change.field}: ${from} -> ${to}${mark}`);
    }
  }
  lines.push(summary(plan.items));
  return lines.join("\n");
}

export function formatApplyResult(result: ApplyResult): string {
  const verb = result.dryRun ? "would apply" : "applied";
  const lines = result.applied.map((item) => `${verb}: ${title(item)} (${item.action})`);
  for (const error of result.errors) lines.push(`error: ${error.message}`);
  for (const item of result.skipped) {
    lines.push(`skipped: ${title(item)} (stream ${item.stream} could not be created)`);
  }
  lines.push(
    `${result.dryRun ? "Dry run: " : ""}${result.applied.length} ${verb}, ${result.unchanged.length} unchanged, ` +
      `${result.errors.length} error(s), ${result.skipped.length} skipped.`,
  );
  return lines.join("\n");
}

function title(item: PlanItem): string {
  return item.kind === "stream" ? `stream ${item.name}` : `consumer ${item.name} on stream ${item.stream}`;
}

function rulesOf(item: PlanItem): readonly FieldRule[] {
  return item.kind === "stream" ? STREAM_FIELDS : CONSUMER_FIELDS;
}

function formatValue(rule: FieldRule, value: unknown): string {
  if (value === undefined) return "(none)";
  // JetStream spells "no limit" as -1 (counts, sizes) or 0 (max_age).
  if (rule.field.startsWith("max_") && (value === -1 || (rule.kind === "duration" && value === 0))) return "unlimited";
  if (typeof value === "number" && value >= 0 && rule.kind === "duration") return formatDurationNanos(value);
  if (typeof value === "number" && value > 0 && rule.kind === "size") return formatBytes(value);
  if (Array.isArray(value) && rule.kind === "durations") {
    return `[${value.map((v) => (typeof v === "number" ? formatDurationNanos(v) : String(v))).join(", ")}]`;
  }
  return JSON.stringify(value);
}

function summary(items: PlanItem[]): string {
  const count = (action: PlanItem["action"]) => items.filter((i) => i.action === action).length;
  return (
    `Plan: ${count("create")} to create, ${count("update")} to update, ` +
    `${count("refused")} refused, ${count("unchanged")} unchanged.`
  );
}
