import { minorNames } from "./names.js";
import type { MajorModel } from "./registry-model.js";

/**
 * Names the generated index declares or imports itself; an event (or a shared definition) must
 * never generate one of them, or the package would not compile or would shadow it silently.
 */
export const RESERVED_EXPORTS = new Set([
  // declared by index.d.ts
  "createEvents",
  "Events",
  "EventContext",
  "EventMap",
  "PayloadMap",
  "EventName",
  "AnyEvent",
  "PublishItem",
  "ConsumerHandlers",
  "ConsumerName",
  "subjects",
  "subjectFilters",
  "streams",
  "consumers",
  "dlq",
  "registry",
  // imported by index.d.ts
  "NatsConnection",
  "Msg",
  "Responder",
  "ServeOptions",
  "Envelope",
  "CorePublishAck",
  "EventClient",
  "EventClientOptions",
  "PublishAck",
  "PublishManyOptions",
  "PublishManyResult",
  "PublishOptions",
  "RegistryDescriptor",
  "ConsumeOptions",
  "RunningConsumer",
  "EventHandler",
  // re-exported from the runtime by index.d.ts (beside the imported ones above)
  "ApplyResult",
  "MessageContext",
  // methods of the client the typed helpers are merged into
  "publishMany",
]);

/**
 * The envelope types index.d.ts declares for a major: its own, a request's reply's, and each
 * minor's where the handler gets one per minor (emit/minor-types.ts; listed for every minor of a
 * major of several, as only those declare names with an underscore). index.d.ts re-exports every
 * type file with `export type *`, whose names lose silently to its own declarations, so a type
 * file must declare none of these.
 */
export function indexEventTypeNames(m: MajorModel): string[] {
  const names = [m.eventTypeName, ...(m.requestReply ? [`${m.requestReply.replyTypeName}Event`] : [])];
  if (m.versions.length > 1) for (const v of m.versions) names.push(minorNames(m.event, m.major, v.minor).eventTypeName);
  return names;
}
