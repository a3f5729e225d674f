/**
 * The plain data of the runtime's RegistryDescriptor for one event major: what the generated
 * registry.js writes out (with its validators) and what the server commands build in memory
 * (without), from one place.
 */
import type { MajorModel } from "./registry-model.js";

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
