/**
 * `check --against <ref>`: an event's compatibility mode is held to the one at the ref. The mode a
 * minor is judged by comes from the registry under review, so a pull request that weakens it
 * (registry-wide, per event, or by removing a stronger override) would judge its own breaking
 * minor by the mode it chose. Weakening (compat/mode-strength.ts) is an error unless
 * compatibilityIgnores acknowledges it for the event; an acknowledgement that matches no
 * weakening is a warning, as an ignore that matches no finding is. An event new since the ref
 * may pick any mode.
 *
 * An event whose mode is the registry-wide one at the ref and here is weakened because that setting
 * was lowered: one change, so it is one error, the setting's (setting-changes.ts, which names
 * those events beside the envelope), acknowledged once. An event acknowledged on its own keeps its
 * own warning.
 */
import type { Diagnostics } from "../base/diagnostics.js";
import { andList } from "../base/and-list.js";
import { pointerToken } from "../base/json-pointer.js";
import { RULE_SETTINGS } from "../check/compatibility.js";
import { describeGivenUp, isWeakened, RULE_MODE_WEAKENED } from "../compat/mode-strength.js";
import { modeFor, MODES, type EventMode } from "../compat/modes.js";
import { isObject } from "../compat/schema-view.js";
import { DEFAULT_COMPATIBILITY, type Compatibility, type CompatibilityIgnore, type RegistryConfig } from "../load/registry-config.js";
import type { RegistryModel } from "../model/registry-model.js";

type ModeSettings = Pick<RegistryConfig, "compatibility" | "compatibilityOverrides">;

interface Weakening {
  event: string;
  before: EventMode;
  now: EventMode;
  /** The setting of registry.json under review that gives the event its mode now. */
  pointer: string;
}

/**
 * `registryAtRef`: registry.json at the ref as parsed (undefined when the registry folder did not
 * exist there); `releasedEvents`: the events with a version file at the ref.
 */
export function checkModes(model: RegistryModel, registryAtRef: unknown, releasedEvents: Set<string>, at: string, report: Diagnostics): LeftToTheSetting {
  const before = settingsAt(registryAtRef);
  // registry.json at the ref is not a registry's (reported with the registry at the ref): nothing to compare with.
  if (!before) return [];
  const left: string[] = [];
  const ignores = model.config.compatibilityIgnores ?? [];
  const used = new Set<CompatibilityIgnore>();
  const unacknowledged = new Map<string, Weakening[]>();
  for (const weakening of weakenings(model, before, releasedEvents)) {
    const { event, pointer } = weakening;
    const ack = ignores.find((ig) => ig.rule === RULE_MODE_WEAKENED && ig.event === event && (ig.pointer === undefined || ig.pointer === pointer));
    if (ack) {
      used.add(ack);
      report.warn("registry.json", pointer, RULE_MODE_WEAKENED, `${event}: ${modeChange(weakening, at)}; acknowledged in registry.json compatibilityIgnores: ${ack.reason}`);
      continue;
    }
    if (byTheSettingLowered(weakening, before, model.config)) {
      left.push(event);
      continue;
    }
    // One error per setting and change, naming every event it weakens alike.
    const key = [pointer, weakening.before.mode, weakening.before.source, weakening.now.mode].join("\u0000");
    unacknowledged.set(key, [...(unacknowledged.get(key) ?? []), weakening]);
  }
  for (const group of unacknowledged.values()) {
    const first = group[0]!;
    report.error("registry.json", first.pointer, RULE_MODE_WEAKENED, weakenedMessage(group, at));
  }
  ignores.forEach((ig, i) => {
    if (ig.rule !== RULE_MODE_WEAKENED || used.has(ig) || !model.events.some((e) => e.name === ig.event)) return;
    report.warn("registry.json", `/compatibilityIgnores/${i}`, RULE_SETTINGS, `this acknowledgement matches no weakened compatibility mode of ${ig.event} since ${at}; remove it`);
  });
  return left;
}

/** The released events weakened only because registry.json compatibility was lowered, none acknowledged on its own: the setting's error names them. */
export type LeftToTheSetting = string[];

/** The event took the registry-wide mode at the ref and takes it here, and that setting was lowered. */
function byTheSettingLowered(w: Weakening, before: ModeSettings, now: ModeSettings): boolean {
  return w.pointer === "/compatibility" && w.before.source === w.now.source && isWeakened(before.compatibility, now.compatibility);
}

/**
 * The two mode settings of registry.json at the ref, when it is an object whose modes are modes: the
 * one reading of them, so that an event left to the lowered setting (byTheSettingLowered) is the
 * envelope's error to name (setting-changes.ts reads `compatibility` at the ref here too).
 */
export function settingsAt(registryAtRef: unknown): ModeSettings | undefined {
  if (registryAtRef === undefined) return { compatibility: DEFAULT_COMPATIBILITY, compatibilityOverrides: {} };
  if (!isObject(registryAtRef)) return undefined;
  const isMode = (value: unknown): value is Compatibility => MODES.includes(value as Compatibility);
  const compatibility = registryAtRef.compatibility ?? DEFAULT_COMPATIBILITY;
  if (!isMode(compatibility)) return undefined;
  const raw = isObject(registryAtRef.compatibilityOverrides) ? registryAtRef.compatibilityOverrides : {};
  const compatibilityOverrides: Record<string, Compatibility> = {};
  for (const [event, mode] of Object.entries(raw)) if (isMode(mode)) compatibilityOverrides[event] = mode;
  return { compatibility, compatibilityOverrides };
}

function weakenings(model: RegistryModel, before: ModeSettings, releasedEvents: Set<string>): Weakening[] {
  const overrides = model.config.compatibilityOverrides ?? {};
  const found: Weakening[] = [];
  for (const { name } of model.events) {
    if (!releasedEvents.has(name)) continue;
    const was = modeFor(before, name);
    const now = modeFor(model.config, name);
    if (!isWeakened(was.mode, now.mode)) continue;
    const pointer = Object.prototype.hasOwnProperty.call(overrides, name) ? `/compatibilityOverrides/${pointerToken(name)}` : "/compatibility";
    found.push({ event: name, before: was, now, pointer });
  }
  return found;
}

function modeChange(w: Weakening, at: string): string {
  return `the compatibility mode was ${w.before.mode} at ${at}, from ${w.before.source}, and is ${w.now.mode} here, from ${w.now.source}: ${describeGivenUp(w.before.mode, w.now.mode)}`;
}

function weakenedMessage(group: Weakening[], at: string): string {
  const names = group.map((w) => w.event);
  const w = group[0]!;
  const ack = JSON.stringify({ event: names[0], rule: RULE_MODE_WEAKENED, reason: "<why, at least 10 characters>" });
  return (
    `${andList(names)}: ${modeChange(w, at)}. The mode a minor is judged by comes from the registry under review, so a minor ${w.before.mode} refuses would pass here. ` +
    `Keep ${w.before.mode} (or a stronger mode) and publish a breaking change as a new major; to weaken it on purpose, acknowledge it in registry.json compatibilityIgnores${names.length > 1 ? ", one entry per event" : ""}: ${ack}`
  );
}
