/** Names the generated package exports itself; an event must never generate one of them. */
export const RESERVED_EXPORTS = new Set([
  "createEvents",
  "Events",
  "CreateEventsOptions",
  "EventContext",
  "Envelope",
  "subjects",
  "subjectFilters",
  "streams",
  "consumers",
  "dlq",
  "registry",
  "EventMap",
  "PayloadMap",
  "PublishItem",
  "EventName",
  "AnyEvent",
]);
