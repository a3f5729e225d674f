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
