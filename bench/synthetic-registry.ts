/**
 * Writes a synthetic registry of N events shaped like the seeds' payloads: 8–20 properties,
 * nested objects, arrays of objects, enums, formats, shared $ref definitions, and every tenth
 * event with several minors. Deterministic for a given N and options (a seeded generator, no
 * Math.random).
 *
 * The one synthetic registry of the repo: the generate, scaling and cold-import benchmarks and the
 * generator tests use the default shape (which must stay byte-for-byte the same, their figures and
 * cache tests depend on it); the catalog benchmark (bench/catalog-scale.ts) and test/catalog add
 * `CATALOG_SHAPE`: events grouped by entity, services that publish and consume them (so the
 * catalog has event flows to draw), a dead-letter stream and second majors.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DOMAINS = ["order", "payment", "user", "rule", "session", "queue", "inventory", "shipment", "invoice", "tenant"];
const ACTIONS = ["created", "updated", "deleted", "approved", "rejected", "expired", "started", "completed", "failed", "retried"];
const FORMATS = ["date-time", "uuid", "email", "uri"];

export interface SyntheticOptions {
  /** Number of events, spread round-robin over 10 domains. */
  events: number;
  /**
   * Events per entity (1–10): with 1 (the default) every event is its own entity
   * (`order/entity0-0/created`); with k, k consecutive events of a domain share an entity and
   * differ by action (`order/entity0/created`, `order/entity0/updated`, ...).
   */
  eventsPerEntity?: number;
  /** Every `minorEvery`-th event (i % minorEvery === 0) gets minors 1.1 and 1.2; default 10. */
  minorEvery?: number;
  /** Every `majorEvery`-th event also gets a 2.0 with a new required field; default none. */
  majorEvery?: number;
  /**
   * Services `<domain>-api` publishing and `<domain>-worker` consuming every event of their
   * domain; default false (one producer and one consumer that name no event).
   */
  services?: boolean;
  /** A DLQ stream and `dlq` settings in registry.json; default false. */
  deadLetters?: boolean;
}

/** The shape the catalog benchmark and test/catalog use: groups, event flows, dead letters, majors. */
export const CATALOG_SHAPE = { eventsPerEntity: 5, minorEvery: 4, majorEvery: 10, services: true, deadLetters: true } as const satisfies Partial<SyntheticOptions>;

/**
 * Writes the registry to `dir` (emptied first). Returns the number of schema files (versions) and
 * the event names (dotted, in the order generated).
 */
export function writeSyntheticRegistry(dir: string, options: SyntheticOptions): { versions: number; events: string[] } {
  const { events, eventsPerEntity = 1, minorEvery = 10, majorEvery, services = false, deadLetters = false } = options;
  if (!Number.isInteger(eventsPerEntity) || eventsPerEntity < 1 || eventsPerEntity > ACTIONS.length) {
    throw new Error(`eventsPerEntity must be an integer from 1 to ${ACTIONS.length}, got ${eventsPerEntity}`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "defs"), { recursive: true });
  const random = rng(events);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const entities = Math.ceil(events / ACTIONS.length);
  const layout = Array.from({ length: events }, (_, i) => {
    const domain = DOMAINS[i % DOMAINS.length]!;
    if (eventsPerEntity === 1) {
      // The default layout, kept as it always was: one entity per event, always "created".
      const entity = `entity${Math.floor(i / DOMAINS.length) % entities}`;
      const action = ACTIONS[Math.floor(i / (DOMAINS.length * entities)) % ACTIONS.length] ?? "created";
      return { domain, entity, action, folder: `${domain}/${entity}-${i}/${action}` };
    }
    const entity = `entity${Math.floor(i / (DOMAINS.length * eventsPerEntity))}`;
    const action = ACTIONS[Math.floor(i / DOMAINS.length) % eventsPerEntity]!;
    return { domain, entity, action, folder: `${domain}/${entity}/${action}` };
  });
  const names = layout.map((e) => e.folder.split("/").join("."));
  const ofDomain = (d: string) => names.filter((_, i) => layout[i]!.domain === d);
  writeFileSync(
    join(dir, "registry.json"),
    JSON.stringify({
      namespace: "synth",
      package: { name: "@synth/events", version: "1.0.0" },
      streams: Object.fromEntries([
        ...DOMAINS.map((d) => [`${d.toUpperCase()}_EVENTS`, { subjects: [`synth.${d}.>`], max_age: "168h", duplicate_window: "2m" }]),
        ...(deadLetters ? [["DLQ", { subjects: ["synth.dlq.>"], max_age: "168h" }]] : []),
      ]),
      consumers: Object.fromEntries(DOMAINS.map((d) => [`${d}-worker`, { stream: `${d.toUpperCase()}_EVENTS`, filter_subject: `synth.${d}.>`, ack_wait: "30s", max_deliver: 5 }])),
      ...(deadLetters ? { dlq: { stream: "DLQ", subject: "synth.dlq.{consumer}" } } : {}),
      services: services
        ? Object.fromEntries(
            DOMAINS.flatMap((d) => [
              [`${d}-api`, { publishes: ofDomain(d), consumes: [] }],
              [`${d}-worker`, { publishes: [], consumes: ofDomain(d) }],
            ]),
          )
        : { producer: { publishes: [] }, consumer: { consumes: [] } },
    }),
  );
  writeFileSync(
    join(dir, "envelope.schema.json"),
    JSON.stringify({
      type: "object",
      required: ["id", "version", "type", "timestamp", "source", "data"],
      properties: {
        id: { type: "string" },
        version: { type: "string", pattern: "^\\d+\\.\\d+$" },
        type: { type: "string" },
        timestamp: { type: "string", format: "date-time" },
        source: { type: "string" },
        correlation_id: { type: "string" },
        data: { type: "object" },
      },
    }),
  );
  writeFileSync(
    join(dir, "defs/common.json"),
    JSON.stringify({
      $defs: {
        Money: { title: "Money", type: "object", required: ["amount", "currency"], properties: { amount: { type: "number", minimum: 0 }, currency: { type: "string", pattern: "^[A-Z]{3}$" } } },
        Address: { title: "Address", type: "object", required: ["country"], properties: { street: { type: "string" }, city: { type: "string" }, country: { type: "string", minLength: 2, maxLength: 2 } } },
        Actor: { title: "Actor", type: "object", required: ["id", "kind"], properties: { id: { type: "string", format: "uuid" }, kind: { enum: ["user", "service", "admin"] } } },
      },
    }),
  );
  let versions = 0;
  for (let i = 0; i < events; i++) {
    const { domain, entity, action, folder: name } = layout[i]!;
    const minors = i % minorEvery === 0 ? 3 : 1;
    const base = payload(random, pick);
    const write = (version: string, schema: Record<string, any>, example: Record<string, unknown>) => {
      schema.title = `${domain} ${entity} ${action}`;
      schema.description = `Synthetic event ${i}: a ${domain} ${entity} was ${action}.`;
      schema.examples = [example];
      mkdirSync(join(dir, name), { recursive: true });
      writeFileSync(join(dir, name, `${version}.json`), JSON.stringify(schema, null, 2));
      versions++;
    };
    for (let minor = 0; minor < minors; minor++) {
      const schema = structuredClone(base.schema) as Record<string, any>;
      for (let m = 1; m <= minor; m++) schema.properties[`added_in_1_${m}`] = { type: "string", description: `Optional field added in 1.${m}.` };
      write(`1.${minor}`, schema, base.example);
    }
    if (majorEvery !== undefined && i % majorEvery === 0) {
      // A breaking change: a new required field.
      const schema = structuredClone(base.schema) as Record<string, any>;
      schema.properties.count = { type: "integer", minimum: 0, description: "Required since 2.0." };
      schema.required = [...schema.required, "count"];
      write("2.0", schema, { ...base.example, count: 1 });
    }
  }
  return { versions, events: names };
}

function payload(random: () => number, pick: <T>(list: T[]) => T): { schema: object; example: Record<string, unknown> } {
  const count = 8 + Math.floor(random() * 13);
  const properties: Record<string, unknown> = {};
  const example: Record<string, unknown> = {};
  const required: string[] = [];
  for (let p = 0; p < count; p++) {
    const key = `field_${p}`;
    const kind = p < 3 ? p : Math.floor(random() * 8);
    const isRequired = p < 4 || random() < 0.4;
    switch (kind) {
      case 0:
        properties[key] = { type: "string", minLength: 1, maxLength: 64, description: "An identifier." };
        example[key] = `id-${p}`;
        break;
      case 1:
        properties[key] = { type: "integer", minimum: 0, description: "A counter." };
        example[key] = p;
        break;
      case 2: {
        const format = pick(FORMATS);
        properties[key] = { type: "string", format };
        example[key] = { "date-time": "2024-01-01T12:00:00Z", uuid: "7d1b6f36-5d8e-4a8b-9d0e-0f5c1a2b3c4d", email: "a@example.com", uri: "https://example.com/x" }[format];
        break;
      }
      case 3:
        properties[key] = { enum: ["low", "normal", "high", "critical"] };
        example[key] = "normal";
        break;
      case 4:
        properties[key] = { $ref: "../../../defs/common.json#/$defs/Money" };
        example[key] = { amount: 10.5, currency: "EUR" };
        break;
      case 5:
        properties[key] = {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string" }, score: { type: "number", minimum: 0, maximum: 1 }, actor: { $ref: "../../../defs/common.json#/$defs/Actor" } },
        };
        example[key] = { name: "n", score: 0.5 };
        break;
      case 6:
        properties[key] = {
          type: "array",
          items: { type: "object", required: ["sku", "quantity"], properties: { sku: { type: "string", pattern: "^[A-Z0-9-]+$" }, quantity: { type: "integer", minimum: 1 }, price: { $ref: "../../../defs/common.json#/$defs/Money" } } },
        };
        example[key] = [{ sku: "AB-1", quantity: 2 }];
        break;
      default:
        properties[key] = { type: ["string", "null"], description: "Optional note." };
        example[key] = null;
    }
    if (isRequired) required.push(key);
    else if (random() < 0.5) delete example[key];
  }
  for (const r of required) if (!(r in example)) required.splice(required.indexOf(r), 1);
  return { schema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", required, properties }, example };
}
