/**
 * The consume test registry with a second major of position.admitted, under the two subject
 * schemes the seeds use:
 *  - "major-in-subject" (waiting room, SlotWise): `waitingroom.position.admitted.v1` / `.v2`;
 *  - "no-version" (GIIA, rules engine: `{event}`): v1 on `waitingroom.position.admitted`, and v2,
 *    which cannot share it, on its own x-subject `waitingroom.position.admitted.v2`.
 * POSITION_EVENTS captures `waitingroom.position.>` so both majors land in it.
 */
import type { RegistryDescriptor } from "../../runtime/src/index.js";
import { consumeRegistry, type ConsumeRegistryOptions } from "./consume.js";

export type SubjectScheme = "major-in-subject" | "no-version";

export const TWO_MAJOR_SUBJECTS: Record<SubjectScheme, { v1: string; v2: string }> = {
  "major-in-subject": { v1: "waitingroom.position.admitted.v1", v2: "waitingroom.position.admitted.v2" },
  "no-version": { v1: "waitingroom.position.admitted", v2: "waitingroom.position.admitted.v2" },
};

export function twoMajorsRegistry(scheme: SubjectScheme, options: ConsumeRegistryOptions = {}): RegistryDescriptor {
  const registry = consumeRegistry(options);
  const v1 = registry.events["position.admitted@1"]!;
  const subjects = TWO_MAJOR_SUBJECTS[scheme];
  v1.subject = subjects.v1;
  // 2.0 carries the same payload shape: what matters here is where each major is published.
  registry.events["position.admitted@2"] = {
    ...v1,
    key: "position.admitted@2",
    major: 2,
    version: "2.0",
    subject: subjects.v2,
    validators: { "2.0": v1.validators["1.1"]! },
  };
  registry.streams = registry.streams.map((s) => (s.name === "POSITION_EVENTS" ? { ...s, subjects: ["waitingroom.position.>"] } : s));
  return registry;
}
