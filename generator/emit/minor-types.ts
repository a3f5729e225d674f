/**
 * The per-minor types of a major whose latest minor cannot read every older minor's data
 * (compat/latest-reads.ts): a handler of it gets a union of one envelope type per minor,
 * discriminated by the version, so it must check the version before reading what only a later
 * minor guarantees. Each older minor's payload is declared in the event's type file; the latest
 * minor's member carries the major's payload type, the one its publish helper takes. A major the
 * latest minor reads whole has none: its one event type stays as it was.
 */
import { andList } from "../base/and-list.js";
import { minorsLatestCannotRead } from "../compat/latest-reads.js";
import { minorNames } from "../model/names.js";
import type { MajorModel, RegistryModel, VersionModel } from "../model/registry-model.js";

export interface MinorType {
  version: VersionModel;
  /** This minor's payload type: its own for an older minor, the major's for the latest. */
  typeName: string;
  eventTypeName: string;
  /** Whether the event's type file declares `typeName` for this minor (every minor but the latest). */
  ownPayload: boolean;
}

/** In version order; empty when the handler's data is the latest minor's type. */
export function minorTypes(model: RegistryModel, m: MajorModel): MinorType[] {
  if (minorsLatestCannotRead(model, m).length === 0) return [];
  return m.versions.map((v) => {
    const names = minorNames(m.event, m.major, v.minor);
    const ownPayload = v !== m.latest;
    return { version: v, typeName: ownPayload ? names.typeName : m.typeName, eventTypeName: names.eventTypeName, ownPayload };
  });
}

/** The payload types an event's type file declares for its older minors, in the order it declares them. */
export function olderMinorPayloads(model: RegistryModel, m: MajorModel): MinorType[] {
  return minorTypes(model, m).filter((t) => t.ownPayload);
}

/** The older minors the latest does not read, in words: `1.0`, `1.0 and 1.1`, `1.0, 1.1 and 1.2`. */
export function unreadVersionsText(model: RegistryModel, m: MajorModel): string {
  return andList(minorsLatestCannotRead(model, m).map((v) => v.version));
}
