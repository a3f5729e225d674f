/**
 * Which version `bump` starts from. A minor bumps the major that holds the unreleased edit (or
 * the one named by event@major, or the latest). A major starts from the latest major, unless the
 * edit is in an older one: then the user says which content the new major starts from (--from).
 */
import type { EventModel, MajorModel } from "../model/registry-model.js";
import { latestMinorState, type MinorState, type Released } from "./released-content.js";
import { unknownName } from "../base/unknown-name.js";
import { ScaffoldError } from "./scaffold-error.js";

export interface BumpSource {
  major: MajorModel;
  /** The chosen major's latest minor against the released registry. */
  state: MinorState;
  /** Another major whose latest minor holds an edit this bump leaves where it is. */
  leftBehind?: MajorModel;
}

export interface SourceRequest {
  kind: "minor" | "major";
  /** event@major: the major whose minor to bump. */
  atMajor?: number;
  /** --from: the major whose latest version the new major starts from. */
  from?: number;
  /** Files with a breaking error: a latest minor not released yet that has one holds an edit to move too. */
  breaking?: ReadonlySet<string>;
}

/**
 * Whether a major's latest minor holds an edit to move: one that differs from its released
 * content, or one never released that breaks (it cannot stay; bump --major moves it and removes
 * the file). A new minor that is compatible is a version of its own, copied, not moved.
 */
export function holdsEdit(state: MinorState, major: MajorModel, breaking: ReadonlySet<string> = new Set()): boolean {
  return state.state === "edited" || (state.state === "new" && breaking.has(major.latest.file));
}

export function chooseSource(event: EventModel, released: Released, request: SourceRequest): BumpSource {
  const last = event.majors[event.majors.length - 1]!;
  const states = new Map(event.majors.map((m) => [m, latestMinorState(released, m)]));
  const edited = event.majors.filter((m) => holdsEdit(states.get(m)!, m, request.breaking));
  const major = pick();
  const leftBehind = edited.find((m) => m !== major);
  return { major, state: states.get(major)!, ...(leftBehind ? { leftBehind } : {}) };

  function pick(): MajorModel {
    const { kind, atMajor, from } = request;
    if (atMajor !== undefined && kind === "major" && atMajor !== last.major) {
      throw new ScaffoldError(`${event.name} already has major ${last.major}; --major starts ${last.major + 1}.0, and --from ${atMajor} starts it from ${event.name} ${majorOf(atMajor).latest.version}`);
    }
    const named = from ?? atMajor;
    if (named !== undefined) return majorOf(named);
    if (edited.length === 0 || edited.includes(last)) return last;
    const older = edited[edited.length - 1]!;
    if (kind === "minor") return older;
    const v = older.latest.version;
    const next = `${last.major + 1}.0`;
    throw new ScaffoldError(
      `the edit is in ${event.name} ${v}, but the latest major is ${last.major}; say which content ${next} starts from: ` +
        `--from ${older.major} starts ${next}.json from your edited ${v} and restores ${v} as last committed; ` +
        `--from ${last.major} starts it from ${last.latest.version} and leaves your edit of ${v} where it is`,
    );
  }

  function majorOf(n: number): MajorModel {
    const m = event.majors.find((x) => x.major === n);
    if (!m) throw unknownName("major", String(n), event.majors.map((x) => String(x.major)), { of: event.name });
    return m;
  }
}
