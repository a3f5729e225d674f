/**
 * registry.json after validation against registry.schema.json, with every default filled in,
 * so later stages never repeat the defaults.
 */
import type { ConsumerSpec, ContentMode, DlqSpec, EnvelopeFields, StreamSpec } from "@jetschema/runtime";
import { envelopeFileOf } from "./envelope-file.js";

export type Compatibility =
  | "NONE"
  | "BACKWARD"
  | "FORWARD"
  | "FULL"
  | "BACKWARD_TRANSITIVE"
  | "FORWARD_TRANSITIVE"
  | "FULL_TRANSITIVE";

/** The mode of a registry.json that names none. */
export const DEFAULT_COMPATIBILITY: Compatibility = "BACKWARD";
/** compatibilityPolicy when registry.json names none (compat/policy.ts explains the two). */
export const DEFAULT_COMPATIBILITY_POLICY = "open";

/** What registry.json's `package` passes through to the generated package.json. */
export interface PackageConfig {
  name: string;
  version: string;
  description?: string;
  private: boolean;
  license?: string;
  repository?: string | { type: string; url: string; directory?: string };
  publishConfig?: { registry?: string; access?: "public" | "restricted"; tag?: string; provenance?: boolean };
  keywords?: string[];
}

export interface RegistryConfig {
  namespace: string;
  description?: string;
  package: PackageConfig;
  subject: string;
  type: string;
  /** Services run with the runtime's subjectPrefix; the AsyncAPI addresses carry it as this parameter. */
  subjectPrefix?: SubjectPrefixParameter;
  /** `cloudevents`: the envelope is a CloudEvents 1.0 envelope, published in `mode` by default. */
  envelope: { schema: string; fields: EnvelopeFields; cloudevents?: { mode: ContentMode } };
  compatibility: Compatibility;
  /** How open content models are judged (docs/compatibility.md); default "open". */
  compatibilityPolicy?: "open" | "strict";
  /** Per-event compatibility modes, overriding `compatibility`. */
  compatibilityOverrides?: Record<string, Compatibility>;
  /** Compatibility findings accepted on purpose, each with its reason. */
  compatibilityIgnores?: CompatibilityIgnore[];
  streams: StreamSpec[];
  consumers: ConsumerSpec[];
  dlq?: DlqSpec;
  services: Record<string, ServiceConfig>;
  /** `limits.maxDepth` when registry.json sets it: the check stage holds nesting through `$ref`s to it too (check/ref-nesting.ts). */
  maxDepth?: number;
}

export interface SubjectPrefixParameter {
  parameter: string;
  description?: string;
  enum?: string[];
  default?: string;
  examples?: string[];
}

export interface ServiceConfig {
  description?: string;
  publishes: string[];
  consumes: string[];
  /** The consumers the service reads through (`jetschema permissions`); absent: the one named like the service. */
  consumers?: string[];
}

export interface CompatibilityIgnore {
  /** Absent when acknowledging a weakened registry-wide setting (the envelope's mode, the policy), which no event owns. */
  event?: string;
  /** The newer version whose finding is accepted ("1.1"); absent when acknowledging a weakened mode, which no version owns. */
  version?: string;
  rule: string;
  /** Only the finding at this JSON pointer; every pointer when absent. */
  pointer?: string;
  reason: string;
}

export const DEFAULT_FIELDS: EnvelopeFields = {
  id: "id",
  type: "type",
  time: "timestamp",
  version: "version",
  source: "source",
  data: "data",
};

type RawStream = Omit<StreamSpec, "name"> & { duplicates?: string | number };
type RawConsumer = Omit<ConsumerSpec, "name"> & { deliver_all?: boolean };

/** Input is already valid against registry.schema.json. */
export function normalizeConfig(raw: Record<string, any>): RegistryConfig {
  const streams = Object.entries((raw.streams ?? {}) as Record<string, RawStream>).map(([name, s]) => {
    const { duplicates, ...rest } = s;
    const spec: StreamSpec = { name, ...rest };
    if (duplicates !== undefined && spec.duplicate_window === undefined) spec.duplicate_window = duplicates;
    return spec;
  });
  const consumers = Object.entries((raw.consumers ?? {}) as Record<string, RawConsumer>).map(([name, c]) => {
    const { deliver_all, ...rest } = c;
    const spec: ConsumerSpec = { name, durable: true, ...rest };
    if (deliver_all && spec.deliver_policy === undefined) spec.deliver_policy = "all";
    return spec;
  });
  const services: RegistryConfig["services"] = {};
  for (const [name, s] of Object.entries((raw.services ?? {}) as Record<string, any>)) {
    services[name] = {
      ...(s.description ? { description: s.description } : {}),
      publishes: s.publishes ?? [],
      consumes: s.consumes ?? [],
      ...(Array.isArray(s.consumers) ? { consumers: s.consumers as string[] } : {}),
    };
  }
  return {
    namespace: raw.namespace,
    ...(raw.description ? { description: raw.description } : {}),
    package: { version: "1.0.0", private: false, ...raw.package },
    subject: raw.subject ?? "{namespace}.{event}.v{major}",
    type: raw.type ?? "{event}",
    ...(raw.subjectPrefix ? { subjectPrefix: raw.subjectPrefix as SubjectPrefixParameter } : {}),
    envelope: {
      schema: envelopeFileOf(raw.envelope?.schema),
      fields: { ...DEFAULT_FIELDS, ...(raw.envelope?.fields ?? {}) },
      ...(raw.envelope?.cloudevents ? { cloudevents: { mode: raw.envelope.cloudevents.mode ?? "structured" } } : {}),
    },
    compatibility: raw.compatibility ?? DEFAULT_COMPATIBILITY,
    compatibilityPolicy: raw.compatibilityPolicy ?? DEFAULT_COMPATIBILITY_POLICY,
    compatibilityOverrides: raw.compatibilityOverrides ?? {},
    compatibilityIgnores: raw.compatibilityIgnores ?? [],
    streams,
    consumers,
    ...(raw.dlq ? { dlq: { subject: "{namespace}.dlq.{consumer}", ...raw.dlq } } : {}),
    services,
    ...(typeof raw.limits?.maxDepth === "number" ? { maxDepth: raw.limits.maxDepth as number } : {}),
  };
}
