/**
 * Stage 3, model: the registry as the generator thinks about it — events, their majors and
 * minors, every derived name and subject — computed once, so the emitters only print.
 */
import type { CloudEventsDescriptor, ConsumerSpec, ContextField, Delivery, DlqSpec, EnvelopeFields, StreamSpec } from "@jetschema/runtime";
import type { RegistryConfig } from "../load/registry-config.js";
import type { ResolvedRegistry } from "../resolve/resolve-refs.js";
import type { VersionDoc } from "../load/load-registry.js";
import { eventKey, majorNames } from "./names.js";
import { fillTemplate, subjectMatches } from "./subjects.js";
import { appendTo } from "../base/map-lists.js";
import { traceExtensionVerdict } from "./envelope-members.js";

export interface VersionModel {
  file: string;
  major: number;
  minor: number;
  version: string;
  doc: VersionDoc;
  /** Canonical-form schema (refs rewritten). */
  schema: Record<string, unknown>;
}

/** A version as the model gives it: its canonical copy read when a stage asks (a restored file's is parsed then, resolve/canonical-copies.ts). */
class Version implements VersionModel {
  readonly file: string;
  readonly minor: number;
  readonly version: string;

  constructor(
    readonly doc: VersionDoc,
    readonly major: number,
    private readonly copies: ResolvedRegistry["normalized"],
  ) {
    this.file = doc.file;
    this.minor = doc.role.minor;
    this.version = `${major}.${doc.role.minor}`;
  }

  get schema(): Record<string, unknown> {
    return this.copies.get(this.file)!;
  }
}

export interface MajorModel {
  key: string;
  event: string;
  major: number;
  versions: VersionModel[];
  latest: VersionModel;
  typeName: string;
  eventTypeName: string;
  helperName: string;
  subject: string;
  type: string;
  delivery: Delivery;
  stream?: string;
  deprecated: boolean;
  /** Request-reply events: sent with request<Name>(), answered by serve<Name>(). */
  requestReply?: { requestHelper: string; serveHelper: string; replyTypeName: string; reply: Record<string, unknown> };
  title?: string;
  description?: string;
}

export interface EventModel {
  name: string;
  segments: string[];
  majors: MajorModel[];
  producers: string[];
  consumers: string[];
}

export interface RegistryModel {
  root: string;
  config: RegistryConfig;
  resolved: ResolvedRegistry;
  events: EventModel[];
  majors: MajorModel[];
  envelope: {
    file: string;
    fields: EnvelopeFields;
    context: ContextField[];
    schema: Record<string, unknown>;
    /** Set when registry.json declares `envelope.cloudevents`. */
    cloudEvents?: CloudEventsDescriptor;
  };
  streams: StreamSpec[];
  consumers: ConsumerSpec[];
  dlq?: DlqSpec;
}

export function buildModel(resolved: ResolvedRegistry): RegistryModel {
  const { config } = resolved;
  const byEvent = new Map<string, VersionDoc[]>();
  for (const v of resolved.versions) appendTo(byEvent, v.role.event, v);
  // Each event's services by name, from registry.json's lists once (not every service's lists searched per event).
  const producersOf = servicesListing(config.services, "publishes");
  const consumersOf = servicesListing(config.services, "consumes");
  const events: EventModel[] = [];
  for (const name of [...byEvent.keys()].sort()) {
    const docs = byEvent.get(name)!.sort((a, b) => a.role.major - b.role.major || a.role.minor - b.role.minor);
    const majors: MajorModel[] = [];
    for (const major of [...new Set(docs.map((d) => d.role.major))]) {
      const versions = docs
        .filter((d) => d.role.major === major)
        .map<VersionModel>((doc) => new Version(doc, major, resolved.normalized));
      const latest = versions[versions.length - 1]!;
      const s = latest.doc.head;
      const values = { namespace: config.namespace, event: name, major };
      const subject = typeof s["x-subject"] === "string" ? fillTemplate(s["x-subject"], values) : fillTemplate(config.subject, values);
      const m: MajorModel = {
        key: eventKey(name, major),
        event: name,
        major,
        versions,
        latest,
        ...majorNames(name, major),
        subject,
        type: typeof s["x-type"] === "string" ? fillTemplate(s["x-type"], values) : fillTemplate(config.type, values),
        // A request waits for its reply, not for a stream: it always travels over core NATS.
        delivery: s["x-delivery"] === "at-most-once" || s["x-pattern"] === "request-reply" ? "at-most-once" : "at-least-once",
        deprecated: s.deprecated === true,
        ...(typeof s.title === "string" ? { title: s.title } : {}),
        ...(typeof s.description === "string" ? { description: s.description } : {}),
      };
      // Read of the copy only for a request: another version's copy stays unparsed (resolve/canonical-copies.ts).
      const reply = s["x-pattern"] === "request-reply" ? latest.schema["x-reply"] : undefined;
      if (reply !== null && typeof reply === "object") {
        m.requestReply = {
          requestHelper: `request${m.typeName}`,
          serveHelper: `serve${m.typeName}`,
          replyTypeName: `${m.typeName}Reply`,
          reply: reply as Record<string, unknown>,
        };
      }
      const stream = config.streams.find((st) => st.subjects.some((f: string) => subjectMatches(f, subject)));
      if (stream) m.stream = stream.name;
      majors.push(m);
    }
    const fromSchemas = (key: "x-producers" | "x-consumers") => docs.flatMap((d) => (Array.isArray(d.head[key]) ? (d.head[key] as string[]) : []));
    events.push({
      name,
      segments: name.split("."),
      majors,
      producers: unique([...fromSchemas("x-producers"), ...(producersOf.get(name) ?? [])]),
      consumers: unique([...fromSchemas("x-consumers"), ...(consumersOf.get(name) ?? [])]),
    });
  }

  const envSchema = resolved.normalized.get(resolved.envelope.file)!;
  const fields = config.envelope.fields;
  const roles = new Set(Object.values(fields));
  const props = (envSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((envSchema.required ?? []) as string[]);
  const context: ContextField[] = Object.keys(props)
    .filter((p) => !roles.has(p))
    .map((p) => ({
      name: p,
      required: required.has(p),
      ...("const" in props[p]! ? { const: props[p]!.const } : {}),
      ...("default" in props[p]! ? { default: props[p]!.default } : {}),
    }));

  return {
    root: resolved.root,
    config,
    resolved,
    events,
    majors: events.flatMap((e) => e.majors),
    envelope: {
      file: resolved.envelope.file,
      fields,
      context,
      schema: envSchema,
      ...(config.envelope.cloudevents
        ? { cloudEvents: { mode: config.envelope.cloudevents.mode, jsonAttributes: context.filter((c) => !isStringSchema(props[c.name])).map((c) => c.name), ...traceExtensionOf(envSchema) } }
        : {}),
    },
    streams: config.streams,
    consumers: config.consumers,
    ...(config.dlq ? { dlq: config.dlq } : {}),
  };
}

/** The generator's verdict on the CloudEvents trace extension, as the descriptor's member when there is one. */
function traceExtensionOf(envelope: Record<string, unknown>): Pick<CloudEventsDescriptor, "traceExtension"> {
  const traceExtension = traceExtensionVerdict(envelope);
  return traceExtension ? { traceExtension } : {};
}

/**
 * A property whose schema guarantees a string travels in a CloudEvents binary header as itself;
 * anything else (objects, numbers, a `$ref` we do not chase) as JSON text, which always round-trips.
 */
function isStringSchema(schema: Record<string, unknown> | undefined): boolean {
  if (schema === undefined) return false;
  if ("const" in schema) return typeof schema.const === "string";
  if (Array.isArray(schema.enum)) return schema.enum.every((v) => typeof v === "string");
  return schema.type === "string";
}

/** The services listing each event on `side`, by event name (in any order: the model sorts them). */
function servicesListing(services: RegistryConfig["services"], side: "publishes" | "consumes"): Map<string, string[]> {
  const byEvent = new Map<string, string[]>();
  for (const [service, s] of Object.entries(services)) for (const event of s[side]) appendTo(byEvent, event, service);
  return byEvent;
}

function unique(list: string[]): string[] {
  return [...new Set(list)].sort();
}
