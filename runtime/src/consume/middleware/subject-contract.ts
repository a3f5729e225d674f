/**
 * The subject is the contract: permissions, stream filters and consumers select messages by
 * subject, so a message must arrive on the subject the registry publishes its envelope's event
 * (type and major) on. A 2.0 envelope on the v1 subject, a v1 envelope on the v2 subject, or any
 * envelope on a subject that is not its event's, is a PoisonMessageError("subject-mismatch"),
 * whatever scheme the subjects follow: with the major in the subject or without it (each major
 * still has a subject of its own; the subject's major is the one the registry publishes there).
 *
 * Right after decode, so it holds with validation off. One Map read and one string comparison.
 */
import type { EventDescriptor } from "../../base/descriptor.js";
import { withPrefix } from "../../base/subjects.js";
import { PoisonMessageError } from "../chain/errors.js";
import type { Middleware } from "../chain/types.js";

export function subjectContract(events: readonly EventDescriptor[], subjectPrefix: string): Middleware {
  const subjectOf = new Map<EventDescriptor, string>();
  const eventOn = new Map<string, EventDescriptor>();
  for (const event of events) {
    const subject = withPrefix(subjectPrefix, event.subject);
    subjectOf.set(event, subject);
    eventOn.set(subject, event);
  }
  return (next) => (ctx) => {
    const event = ctx.descriptor;
    if (event !== undefined && ctx.subject !== subjectOf.get(event)) {
      const there = eventOn.get(ctx.subject);
      throw new PoisonMessageError(
        "subject-mismatch",
        `${event.name} ${ctx.version} arrived on ${ctx.subject}, but the registry has it published on ` +
          `${subjectOf.get(event) ?? withPrefix(subjectPrefix, event.subject)}` +
          (there ? ` (${ctx.subject} is ${there.name}@${there.major}'s)` : ` (no event is published on ${ctx.subject})`),
      );
    }
    return next(ctx);
  };
}
