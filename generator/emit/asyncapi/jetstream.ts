/**
 * `x-jetstream` at the document's root: the streams, durable consumers and dead-letter settings of
 * registry.json as it writes them (durations as "30s", sizes as "1GB"); AsyncAPI's NATS bindings
 * have no place for them. Channels name their stream (`x-jetstream-stream`), receive operations
 * their consumer (`x-jetstream-consumer`).
 */
import type { RegistryModel } from "../../model/registry-model.js";

export function jetStreamExtension(model: RegistryModel): Record<string, unknown> {
  const byName = <T extends { name: string }>(list: T[]) => Object.fromEntries(list.map(({ name, ...rest }) => [name, rest]));
  return {
    ...(model.config.subjectPrefix ? { subjectPrefix: `{${model.config.subjectPrefix.parameter}}: in front of every stream subject, consumer filter and dead-letter subject` } : {}),
    streams: byName(model.streams),
    consumers: byName(model.consumers),
    ...(model.dlq ? { deadLetters: model.dlq } : {}),
  };
}
