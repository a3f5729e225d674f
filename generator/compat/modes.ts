/**
 * Compatibility modes: which directions must hold inside a major, and against which earlier
 * minors. The registry-wide mode is registry.json `compatibility`; `compatibilityOverrides` sets
 * one per event.
 */
import type { Compatibility, RegistryConfig } from "../load/registry-config.js";
import type { VersionModel } from "../model/registry-model.js";
import type { Direction } from "./rules.js";

export const MODES: readonly Compatibility[] = [
  "NONE",
  "BACKWARD",
  "FORWARD",
  "FULL",
  "BACKWARD_TRANSITIVE",
  "FORWARD_TRANSITIVE",
  "FULL_TRANSITIVE",
];

/** The directions a mode enforces. */
export function enforcedDirections(mode: Compatibility): Direction[] {
  if (mode === "NONE") return [];
  if (mode.startsWith("BACKWARD")) return ["BACKWARD"];
  if (mode.startsWith("FORWARD")) return ["FORWARD"];
  return ["BACKWARD", "FORWARD"];
}

export function isTransitive(mode: Compatibility): boolean {
  return mode.endsWith("_TRANSITIVE");
}

export interface EventMode {
  mode: Compatibility;
  /** Where it was set, for messages. */
  source: string;
}

/** The mode of `event` under registry.json's two settings (the registry under review's, or the one at a git ref). */
export function modeFor(config: Pick<RegistryConfig, "compatibility" | "compatibilityOverrides">, event: string): EventMode {
  const overrides = config.compatibilityOverrides ?? {};
  // Own properties only: an event may well be called "constructor".
  const override = Object.prototype.hasOwnProperty.call(overrides, event) ? overrides[event] : undefined;
  if (override) return { mode: override, source: `registry.json compatibilityOverrides["${event}"]` };
  return { mode: config.compatibility, source: "registry.json compatibility" };
}

/** The earlier minors `versions[index]` must be compatible with: the previous one, or all of them. */
export function baselines(versions: VersionModel[], index: number, mode: Compatibility): VersionModel[] {
  if (index === 0 || mode === "NONE") return [];
  return isTransitive(mode) ? versions.slice(0, index) : [versions[index - 1]!];
}
