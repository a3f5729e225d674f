/**
 * `check --against <ref>`: the registry-wide compatibility settings are held to the ones at the
 * ref, as each event's mode is (mode-changes.ts), since they too come from the registry under
 * review. Two of them judge something no event's mode covers:
 *
 * - the envelope is judged by `compatibility` whatever the overrides (check-released.ts, "The
 *   envelope changes only compatibly"): with an override for every event, lowering it weakens no
 *   event's mode and would let a breaking envelope change through;
 * - `compatibilityPolicy` judges every minor and the envelope: "open" breaks less than "strict"
 *   (compat/policy.ts), so strict → open lets a minor through that strict refuses.
 *
 * A weakening is an error at its setting unless compatibilityIgnores acknowledges it with the
 * rule and a reason (no event, no version: the setting is registry-wide); an acknowledgement that
 * matches no weakening is a warning. Strengthening, or an unchanged setting, is silent.
 *
 * Lowering `compatibility` also lowers the mode of every event without an override: the envelope's
 * error names those events (mode-changes.ts leaves them to it), so one change is one error and one
 * acknowledgement. A policy that judges nothing any more (every mode NONE here) is not weakened.
 */
import { andList } from "../base/and-list.js";
import type { Diagnostics } from "../base/diagnostics.js";
import { RULE_SETTINGS } from "../check/compatibility.js";
import { describeGivenUp, isWeakened, RULE_ENVELOPE_MODE_WEAKENED } from "../compat/mode-strength.js";
import { modeFor } from "../compat/modes.js";
import { DEFAULT_POLICY, policyGivenUp, POLICIES, RULE_POLICY_WEAKENED, type Policy } from "../compat/policy.js";
import { settingsAt, type LeftToTheSetting } from "./mode-changes.js";
import { isObject } from "../compat/schema-view.js";
import type { RegistryModel } from "../model/registry-model.js";

interface Weakening {
  rule: string;
  /** The setting of registry.json under review. */
  pointer: string;
  /** What changed, for the error and the acknowledged warning alike. */
  change: string;
  /** Why it matters and what to do instead. */
  advice: string;
}

/**
 * `registryAtRef`: registry.json at the ref as parsed (undefined when the registry folder did not
 * exist there, so nothing was released); `inheriting`: the events checkModes left to this setting.
 */
export function checkSettingChanges(model: RegistryModel, registryAtRef: unknown, at: string, report: Diagnostics, inheriting: LeftToTheSetting = []): void {
  // registry.json at the ref is not a registry's (reported with the registry at the ref): nothing to compare with.
  if (registryAtRef !== undefined && !isObject(registryAtRef)) return;
  const found = registryAtRef === undefined ? [] : [envelopeWeakening(model, registryAtRef, at, inheriting), policyWeakening(model, registryAtRef, at)];
  const ignores = model.config.compatibilityIgnores ?? [];
  const used = new Set<number>();
  for (const w of found) {
    if (!w) continue;
    const i = ignores.findIndex((ig) => ig.rule === w.rule && ig.event === undefined && (ig.pointer === undefined || ig.pointer === w.pointer));
    if (i < 0) {
      const ack = JSON.stringify({ rule: w.rule, reason: "<why, at least 10 characters>" });
      report.error("registry.json", w.pointer, w.rule, `${w.change}. ${w.advice}; to weaken it on purpose, acknowledge it in registry.json compatibilityIgnores: ${ack}`);
      continue;
    }
    used.add(i);
    report.warn("registry.json", w.pointer, w.rule, `${w.change}; acknowledged in registry.json compatibilityIgnores: ${ignores[i]!.reason}`);
  }
  ignores.forEach((ig, i) => {
    if (used.has(i)) return;
    const what = ig.rule === RULE_ENVELOPE_MODE_WEAKENED ? "compatibility mode of the envelope" : ig.rule === RULE_POLICY_WEAKENED ? "compatibility policy" : undefined;
    if (what) report.warn("registry.json", `/compatibilityIgnores/${i}`, RULE_SETTINGS, `this acknowledgement matches no weakened ${what} since ${at}; remove it`);
  });
}

function envelopeWeakening(model: RegistryModel, atRef: Record<string, unknown>, at: string, inheriting: LeftToTheSetting): Weakening | undefined {
  const was = settingsAt(atRef)?.compatibility;
  if (was === undefined) return undefined;
  const now = model.config.compatibility;
  if (!isWeakened(was, now)) return undefined;
  return {
    rule: RULE_ENVELOPE_MODE_WEAKENED,
    pointer: "/compatibility",
    change:
      `the envelope's compatibility mode, registry.json compatibility (the envelope is judged by it whatever compatibilityOverrides say), was ${was} at ${at} and is ${now} here: ${describeGivenUp(was, now)}` +
      (inheriting.length > 0 ? `; it is also the mode of ${andList(inheriting)} (no override), lowered with it` : ""),
    advice:
      `Every event travels in the envelope, and the mode it is judged by comes from the registry under review, so an envelope change${inheriting.length > 0 ? " or a minor" : ""} ${was} refuses would pass here. ` +
      `Keep ${was} (or a stronger mode); an event's own mode is set by compatibilityOverrides`,
  };
}

function policyWeakening(model: RegistryModel, atRef: Record<string, unknown>, at: string): Weakening | undefined {
  const before = atRef.compatibilityPolicy ?? DEFAULT_POLICY;
  if (!POLICIES.includes(before as Policy)) return undefined;
  const was = before as Policy;
  const now = model.config.compatibilityPolicy ?? DEFAULT_POLICY;
  // The policy decides which changes break a mode: with every mode NONE, it judges nothing.
  if (model.config.compatibility === "NONE" && model.events.every((e) => modeFor(model.config, e.name).mode === "NONE")) return undefined;
  const lost = policyGivenUp(was, now);
  if (lost.length === 0) return undefined;
  const wasNamed = atRef.compatibilityPolicy === undefined ? `${was} (the default: registry.json named none)` : was;
  return {
    rule: RULE_POLICY_WEAKENED,
    pointer: "/compatibilityPolicy",
    change: `the compatibility policy was ${wasNamed} at ${at} and is ${now} here: ${lost.map((l) => `"${l.rule}" no longer breaks ${l.directions.join(", ")}`).join("; ")}`,
    advice: `The policy every minor and the envelope are judged by comes from the registry under review, so a minor ${was} refuses would pass here. Keep ${was} and publish a breaking change as a new major`,
  };
}
