/**
 * What each service of a registry declares it does on NATS: the event majors it publishes, the
 * event majors it consumes, and the registry consumers it consumes through. The input of the
 * permissions generator (compute-permissions.ts); problems are diagnostics on registry.json.
 *
 * Services are those of `services` in registry.json plus every name in `x-producers` /
 * `x-consumers` of the version files (the model merges both, as the catalog does).
 *
 * Which consumer a service reads through: `services.<name>.consumers` when given, else the
 * consumer named like the service if there is one. A service that consumes an at-least-once
 * event must have a consumer whose stream and filter deliver it (one of its majors at least);
 * at-most-once events travel over core NATS and are read with a plain subscription, so they
 * need none.
 */
import type { ConsumerSpec } from "@jetschema/runtime";
import { Diagnostics } from "../base/diagnostics.js";
import { consumerEvents } from "../model/consumer-events.js";
import type { MajorModel, RegistryModel } from "../model/registry-model.js";

export const RULE_SERVICE_CONSUMER_UNKNOWN = "A service reads through consumers that registry.json defines";
export const RULE_SERVICE_NEEDS_CONSUMER = "A service that consumes at-least-once events has a consumer delivering them";

export interface ServiceTraffic {
  name: string;
  /** Every major of every event the service publishes. */
  publishes: MajorModel[];
  /** Every major of every event the service consumes. */
  consumes: MajorModel[];
  /** The consumers it reads through. */
  consumers: ConsumerSpec[];
}

export function serviceTraffic(model: RegistryModel, diagnostics = new Diagnostics()): ServiceTraffic[] {
  const names = new Set<string>(Object.keys(model.config.services));
  for (const e of model.events) for (const n of [...e.producers, ...e.consumers]) names.add(n);
  const delivered = new Map(consumerEvents(model).map((c) => [c.name, new Set(c.types.flatMap((t) => t.majors.map((m) => m.key)))]));

  const result: ServiceTraffic[] = [];
  for (const name of [...names].sort()) {
    const publishes = model.events.filter((e) => e.producers.includes(name)).flatMap((e) => e.majors);
    const consumes = model.events.filter((e) => e.consumers.includes(name)).flatMap((e) => e.majors);
    const declared = model.config.services[name]?.consumers;
    let consumers: ConsumerSpec[] = [];
    if (declared) {
      declared.forEach((c, i) => {
        const spec = model.consumers.find((s) => s.name === c);
        if (spec) consumers.push(spec);
        else {
          diagnostics.error(
            "registry.json",
            `/services/${name}/consumers/${i}`,
            RULE_SERVICE_CONSUMER_UNKNOWN,
            `"${c}" is not a consumer of this registry (consumers: ${model.consumers.map((s) => s.name).join(", ") || "none"})`,
          );
        }
      });
    } else if (consumes.length > 0) {
      consumers = model.consumers.filter((s) => s.name === name);
    }

    // An event counts as covered when one of its at-least-once majors is delivered (a service
    // may read v1 only while v2 is being rolled out).
    const reaches = (m: MajorModel) => consumers.some((c) => delivered.get(c.name)?.has(m.key));
    const missing = consumes.filter(
      (m) =>
        m.delivery === "at-least-once" &&
        !consumes.some((other) => other.event === m.event && other.delivery === "at-least-once" && reaches(other)),
    );
    if (missing.length > 0) {
      const candidates = model.consumers
        .filter((c) => missing.some((m) => delivered.get(c.name)?.has(m.key)))
        .map((c) => c.name);
      const pointer = model.config.services[name] ? `/services/${name}` : "/services";
      const through = consumers.length > 0 ? `its consumers (${consumers.map((c) => c.name).join(", ")}) do not deliver` : "no consumer is assigned for";
      diagnostics.error(
        "registry.json",
        pointer,
        RULE_SERVICE_NEEDS_CONSUMER,
        `service "${name}" consumes ${missing.map((m) => m.key).join(", ")} but ${through} them; ` +
          `list the consumers it reads through in "services": { "${name}": { "consumers": [...] } }` +
          (candidates.length > 0 ? ` (consumers delivering them: ${candidates.join(", ")})` : " (no consumer of registry.json delivers them)"),
      );
    }
    result.push({ name, publishes, consumes, consumers });
  }
  return result;
}
