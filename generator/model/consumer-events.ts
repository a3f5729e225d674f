/**
 * Which events each consumer of registry.json can ever be delivered: the event majors stored in
 * the consumer's stream whose subject matches its `filter_subject` (every subject of the stream
 * when it has none). The generated `ConsumerHandlers` type is built from this, so a handler for
 * an event the consumer can never receive is a compile error. The runtime checks the same at
 * consume() time for plain JavaScript callers (runtime/src/consume/router.ts).
 */
import type { MajorModel, RegistryModel } from "./registry-model.js";
import { subjectMatches } from "./subjects.js";
import { appendTo } from "../base/map-lists.js";

export interface ConsumerEventType {
  /** The envelope's type string, the handler key: `position.admitted`. */
  type: string;
  /** The majors of that type the consumer receives (v1 and v2 share one handler). */
  majors: MajorModel[];
}

export interface ConsumerEvents {
  name: string;
  stream: string;
  /** The filters deciding what it receives: its filter_subject, or its stream's subjects. */
  filters: string[];
  /** In event-name order. */
  types: ConsumerEventType[];
}

/**
 * Made once per model: the AsyncAPI operations, the services' traffic and the package's handler
 * types each ask, and each answer matches every consumer's filters against every major.
 */
const madeFor = new WeakMap<RegistryModel, readonly ConsumerEvents[]>();

export function consumerEvents(model: RegistryModel): readonly ConsumerEvents[] {
  let made = madeFor.get(model);
  if (!made) madeFor.set(model, (made = matchConsumers(model)));
  return made;
}

function matchConsumers(model: RegistryModel): ConsumerEvents[] {
  return model.consumers.map((consumer) => {
    const stream = model.streams.find((s) => s.name === consumer.stream);
    const filters = consumer.filter_subject ? [consumer.filter_subject] : (stream?.subjects ?? []);
    const types = new Map<string, MajorModel[]>();
    for (const m of model.majors) {
      if (m.stream !== consumer.stream || !filters.some((f) => subjectMatches(f, m.subject))) continue;
      appendTo(types, m.type, m);
    }
    return {
      name: consumer.name,
      stream: consumer.stream,
      filters,
      types: [...types].map(([type, majors]) => ({ type, majors })),
    };
  });
}

/** What the package templates print: per consumer, each handler key and its envelope type union. */
export function consumerHandlerData(model: RegistryModel): Array<{ name: string; types: Array<{ type: string; eventTypes: string }> }> {
  return consumerEvents(model).map((c) => ({
    name: c.name,
    types: c.types.map((t) => ({ type: t.type, eventTypes: t.majors.map((m) => m.eventTypeName).join(" | ") })),
  }));
}
