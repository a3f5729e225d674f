/**
 * The plain data of the runtime's RegistryDescriptor: everything but its validators (code, which
 * only the generated registry.js has). The generated registry.js writes it out with its
 * validators, the server commands use it in memory without: one builder for both.
 */
import type { MajorModel, RegistryModel } from "./registry-model.js";

export function eventDescriptorData(m: MajorModel) {
  return {
    key: m.key,
    name: m.event,
    major: m.major,
    version: m.latest.version,
    subject: m.subject,
    type: m.type,
    delivery: m.delivery,
    ...(m.stream ? { stream: m.stream } : {}),
    ...(m.deprecated ? { deprecated: true } : {}),
  };
}

export type EventDescriptorData = ReturnType<typeof eventDescriptorData>;

/** Events keyed by `name@major`, in the model's order of majors. */
export function registryDescriptorData(model: RegistryModel) {
  const { fields, context, cloudEvents } = model.envelope;
  return {
    namespace: model.config.namespace,
    envelope: { fields, context, ...(cloudEvents ? { cloudEvents } : {}) },
    events: Object.fromEntries(model.majors.map((m) => [m.key, eventDescriptorData(m)])) as Record<string, EventDescriptorData>,
    streams: model.streams,
    consumers: model.consumers,
    ...(model.dlq ? { dlq: model.dlq } : {}),
  };
}

export type RegistryDescriptorData = ReturnType<typeof registryDescriptorData>;
