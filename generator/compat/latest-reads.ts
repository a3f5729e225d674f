/**
 * The older minors of a major whose data its latest minor does not accept. The runtime validates a
 * message against its own minor and hands it to the one handler of its major, so typing that
 * handler's `data` as the latest minor is true only when the latest reads every older minor's
 * data: BACKWARD holds from each of them to the latest.
 *
 * Each older minor is compared with the latest directly, whatever the event's mode: FORWARD and
 * NONE let a minor break BACKWARD, a non-transitive mode compares only neighbours (whose
 * compatible steps may add up to a break), and an ignored finding is still a break for the
 * messages already in the stream. The emitters (types, index.d.ts, catalog) ask per major.
 */
import type { MajorModel, RegistryModel, VersionModel } from "../model/registry-model.js";
import { compareVersions } from "./index.js";

/** Asked by each emitter for the same major: compared once. */
const found = new WeakMap<MajorModel, readonly VersionModel[]>();

/** In version order; empty when the latest minor reads them all (and always for a major of one minor). */
export function minorsLatestCannotRead(model: RegistryModel, major: MajorModel): readonly VersionModel[] {
  let unread = found.get(major);
  if (!unread) {
    const latest = major.latest;
    unread = major.versions.filter((v) => v !== latest && compareVersions(model, v, latest).some((f) => f.breaks.includes("BACKWARD")));
    found.set(major, unread);
  }
  return unread;
}
