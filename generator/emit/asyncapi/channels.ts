/**
 * `channels`: one per subject, holding the messages of every event major published on it (two
 * majors share a subject when the template has no `{major}`). When registry.json declares
 * `subjectPrefix`, the address starts with it as a parameter: `{env}.auth.user.created.v1`.
 * A request's reply goes to the requester's inbox, a channel whose address is unknown (null).
 */
import type { MajorModel, RegistryModel } from "../../model/registry-model.js";
import { ref } from "./refs.js";
import type { Place } from "./event-sections.js";

export const REPLY_SUFFIX = ":reply";

export function channelId(subject: string): string {
  return subject;
}

export function replyChannelId(subject: string): string {
  return subject + REPLY_SUFFIX;
}

/** `place`: the channels only one event's majors use, as event-sections.ts keeps them (their text, when unchanged). */
export function channels(model: RegistryModel, place?: Place): Record<string, unknown> {
  const prefix = model.config.subjectPrefix;
  const bySubject = new Map<string, MajorModel[]>();
  for (const m of model.majors) bySubject.set(m.subject, [...(bySubject.get(m.subject) ?? []), m]);
  const out: Record<string, unknown> = {};
  for (const [subject, majors] of [...bySubject].sort(([a], [b]) => a.localeCompare(b))) {
    const ownedBy = majors.every((m) => m.event === majors[0]!.event) ? majors[0] : undefined;
    const own = (id: string, make: () => unknown) => (place && ownedBy ? place(ownedBy, "channels", id, make) : make());
    out[channelId(subject)] = own(channelId(subject), () => {
      const streams = [...new Set(majors.flatMap((m) => (m.stream !== undefined ? [m.stream] : [])))];
      return {
        address: prefix ? `{${prefix.parameter}}.${subject}` : subject,
        title: [...new Set(majors.map((m) => m.event))].join(", "),
        messages: Object.fromEntries(majors.map((m) => [m.typeName, ref("components", "messages", m.typeName)])),
        ...(prefix ? { parameters: { [prefix.parameter]: ref("components", "parameters", prefix.parameter) } } : {}),
        ...(streams.length > 0 ? { "x-jetstream-stream": streams.join(", ") } : {}),
      };
    });
    for (const m of majors) {
      if (!m.requestReply) continue;
      const reply = m.requestReply.replyTypeName;
      out[replyChannelId(subject)] = own(replyChannelId(subject), () => ({
        address: null,
        title: `Replies to ${m.event}`,
        description: "The requester's inbox: the reply subject NATS gives the request.",
        messages: { [reply]: ref("components", "messages", reply) },
      }));
    }
  }
  return out;
}

/** `components.parameters`: the subject prefix, when registry.json declares one. */
export function parameters(model: RegistryModel): Record<string, unknown> | undefined {
  const prefix = model.config.subjectPrefix;
  if (!prefix) return undefined;
  const { parameter, ...rest } = prefix;
  return {
    [parameter]: {
      description: rest.description ?? "The runtime's subjectPrefix option (an environment such as prod), in front of every subject.",
      ...(rest.enum ? { enum: rest.enum } : {}),
      ...(rest.default !== undefined ? { default: rest.default } : {}),
      ...(rest.examples ? { examples: rest.examples } : {}),
    },
  };
}
