/**
 * `operations`: what each service does, from `services` in registry.json merged with the version
 * files' `x-producers` / `x-consumers`: a `send` per event major it publishes, a `receive` per
 * major it consumes. A receive names the durable consumer it reads through (`x-jetstream-consumer`)
 * or, for a request, the queue group its responders share (the NATS operation binding); a request
 * and its receive carry the reply.
 */
import { consumerEvents } from "../../model/consumer-events.js";
import { pascalCase } from "../../model/names.js";
import type { MajorModel, RegistryModel } from "../../model/registry-model.js";
import { serviceTraffic } from "../../permissions/service-traffic.js";
import { channelId, replyChannelId } from "./channels.js";
import { ref } from "./refs.js";

const NATS_BINDING_VERSION = "0.1.0";

export function operations(model: RegistryModel): Record<string, unknown> {
  const delivers = new Map(consumerEvents(model).map((c) => [c.name, new Set(c.types.flatMap((t) => t.majors.map((m) => m.key)))]));
  const out: Record<string, unknown> = {};
  const add = (id: string, op: Record<string, unknown>) => {
    let unique = id;
    for (let i = 2; unique in out; i++) unique = `${id}${i}`;
    out[unique] = op;
  };
  for (const service of serviceTraffic(model)) {
    const name = lowerFirst(pascalCase(service.name));
    for (const m of service.publishes) {
      add(`${name}Sends${m.typeName}`, operation("send", service.name, m));
    }
    for (const m of service.consumes) {
      const consumers = service.consumers.filter((c) => delivers.get(c.name)?.has(m.key)).map((c) => c.name);
      add(`${name}Receives${m.typeName}`, {
        ...operation("receive", service.name, m),
        ...(m.requestReply ? { bindings: { nats: { queue: `jetschema.${m.key}`, bindingVersion: NATS_BINDING_VERSION } } } : {}),
        ...(consumers.length > 0 ? { "x-jetstream-consumer": consumers.join(", ") } : {}),
      });
    }
  }
  return out;
}

function operation(action: "send" | "receive", service: string, m: MajorModel): Record<string, unknown> {
  const verb = action === "send" ? (m.requestReply ? "requests" : "publishes") : m.requestReply ? "answers" : "consumes";
  return {
    action,
    channel: ref("channels", channelId(m.subject)),
    summary: `${service} ${verb} ${m.event} v${m.major}`,
    messages: [ref("channels", channelId(m.subject), "messages", m.typeName)],
    ...(m.requestReply
      ? {
          reply: {
            channel: ref("channels", replyChannelId(m.subject)),
            messages: [ref("channels", replyChannelId(m.subject), "messages", m.requestReply.replyTypeName)],
          },
        }
      : {}),
    "x-jetschema-service": service,
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
