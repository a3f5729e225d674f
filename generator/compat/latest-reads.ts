/**
 * The older minors of a major whose data its latest minor does not accept. The runtime validates a
 * message against its own minor and hands it to the one handler of its major, so typing that
 * handler's `data` as the latest minor is true only when the latest reads every older minor's
 * data: BACKWARD holds from each of them to the latest.
 *
 * What the check stage found answers it for the minors it compared with the latest in the
 * BACKWARD direction (generate runs only on a registry without errors): under a mode enforcing
 * BACKWARD, the previous minor, or every older one under a _TRANSITIVE mode, unless a
 * compatibilityIgnores entry for the latest version may have let a break through. Every other
 * older minor is compared with the latest here: FORWARD and NONE let a minor break BACKWARD, a
 * non-transitive mode compares only neighbours (whose compatible steps may add up to a break), and
 * an ignored finding is still a break for the messages already in the stream.
 */
import { eventInputs } from "../model/event-inputs.js";
import type { MajorModel, RegistryModel, VersionModel } from "../model/registry-model.js";
import { compareVersions } from "./index.js";
import { baselines, enforcedDirections, modeFor } from "./modes.js";

/** Asked by each emitter for the same major: answered once. */
const found = new WeakMap<MajorModel, readonly VersionModel[]>();

/** In version order; empty when the latest minor reads them all (and always for a major of one minor). */
export function minorsLatestCannotRead(model: RegistryModel, major: MajorModel): readonly VersionModel[] {
  let unread = found.get(major);
  if (!unread) {
    const latest = major.latest;
    const checked = checkedAgainstLatest(model, major);
    unread = major.versions.filter((v) => v !== latest && !checked.has(v) && compareVersions(model, v, latest).some((f) => f.breaks.includes("BACKWARD")));
    found.set(major, unread);
  }
  return unread;
}

/**
 * Earlier answers, by the event's inputs (model/event-inputs.ts: its versions' files and all they
 * reach, registry.json with its modes and compatibilityIgnores, every event's names) and the
 * major: the versions of the older minors its latest cannot read. All that comparing them reads.
 */
export interface LatestReadsMemo {
  get(key: string): readonly string[] | undefined;
  set(key: string, versions: readonly string[]): void;
  /** Called once every major is answered: what was got or set this run is what to keep. */
  save?(): void;
}

/**
 * Answers every major of more than one minor now, from `memo` where it knows the event's inputs:
 * an edit compares only the majors of the events it touched, where each emitter asking
 * minorsLatestCannotRead of a new model compared every major of the registry again.
 */
export function rememberLatestReads(model: RegistryModel, memo: LatestReadsMemo): void {
  const keyOf = eventInputs(model);
  for (const event of model.events) {
    for (const major of event.majors) {
      if (major.versions.length < 2 || found.has(major)) continue;
      const key = `${keyOf(event)} ${major.major}`;
      const known = memo.get(key);
      if (known) found.set(major, major.versions.filter((v) => known.includes(v.version)));
      else memo.set(key, minorsLatestCannotRead(model, major).map((v) => v.version));
    }
  }
  memo.save?.();
}

/** The older minors the check stage compared with the latest in the BACKWARD direction, where a break would have been an error. */
function checkedAgainstLatest(model: RegistryModel, major: MajorModel): ReadonlySet<VersionModel> {
  const { mode } = modeFor(model.config, major.event);
  if (!enforcedDirections(mode).includes("BACKWARD")) return new Set();
  const ignored = (model.config.compatibilityIgnores ?? []).some((ig) => ig.event === major.event && ig.version === major.latest.version);
  return ignored ? new Set() : new Set(baselines(major.versions, major.versions.length - 1, mode));
}
