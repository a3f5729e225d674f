/**
 * `components.schemas`: each event major's payload (its latest minor) under its TypeScript name,
 * each older minor's payload under its own name in a major whose latest minor cannot read them
 * all (emit/minor-types.ts), each request's reply, the envelope, the NATS headers, and every
 * shared definition a `$ref` points at, under the name `types/_shared.d.ts` gives it. Schemas
 * refer to one another through `$ref`, so a shared definition is written once however many events
 * use it.
 */
import type { MajorModel, RegistryModel } from "../../model/registry-model.js";
import { nameSharedTargets, schemaAt } from "../shared-names.js";
import { olderMinorPayloads } from "../minor-types.js";
import { headersSchema } from "./headers.js";
import { ref } from "./refs.js";
import type { KeptSchemaForms } from "./kept-schema-forms.js";
import { asyncApiSchema, type SchemaRuleContext } from "./schema-rules.js";
import { makeEverySection, type Place } from "./event-sections.js";
import { PlacedSection } from "./yaml-sections.js";

export interface ComponentSchemas {
  schemas: Record<string, unknown>;
  /** Where the envelope and the headers landed (a shared definition may have taken a name first). */
  envelopeSchema: string;
  headersSchema: string;
}

/** The name of every component schema that is not an event's own: each shared definition's, the envelope's and the headers'. */
export interface ComponentNames {
  /** Each shared definition's name by its canonical `$ref` (shared-names.ts). */
  shared: ReadonlyMap<string, string>;
  envelopeSchema: string;
  headersSchema: string;
}

/** Where each schema lands in `components.schemas`, without making any schema's form. */
export function componentNames(model: RegistryModel): ComponentNames {
  const shared = nameSharedTargets(model);
  const taken = new Set(shared.values());
  for (const m of model.majors) {
    taken.add(m.typeName);
    for (const t of olderMinorPayloads(model, m)) taken.add(t.typeName);
    if (m.requestReply) taken.add(m.requestReply.replyTypeName);
  }
  const envelopeSchema = freeName("Envelope", taken);
  taken.add(envelopeSchema);
  return { shared, envelopeSchema, headersSchema: freeName("Headers", taken) };
}

/**
 * `kept`: each schema's form as a long-lived process last made it (kept-schema-forms.ts); `place`:
 * an event's own schemas as event-sections.ts keeps them (their text, when unchanged).
 */
export function componentSchemas(model: RegistryModel, kept?: KeptSchemaForms, names = componentNames(model), place: Place = makeEverySection): ComponentSchemas {
  const { shared, envelopeSchema, headersSchema: headers } = names;
  const ctx: SchemaRuleContext = {
    componentRef: (canonical) => {
      const name = shared.get(canonical);
      if (name === undefined) throw new Error(`internal: no component for ${canonical}`);
      return ref("components", "schemas", name).$ref;
    },
  };
  const formOf = (schema: unknown) => (kept ? kept.formOf(schema, ctx) : asyncApiSchema(schema, ctx));
  // The schema read only when its form is made or carried: a restored file's copy is parsed then.
  const ownForm = (m: MajorModel, name: string, schema: () => unknown) => {
    const placed = place(m, "schemas", name, () => formOf(schema()));
    if (placed instanceof PlacedSection && kept) kept.carry(schema());
    return placed;
  };
  const schemas = new Map<string, unknown>();
  for (const [canonical, name] of shared) schemas.set(name, formOf(schemaAt(model, canonical)));
  for (const m of model.majors) {
    schemas.set(m.typeName, ownForm(m, m.typeName, () => m.latest.schema));
    for (const t of olderMinorPayloads(model, m)) schemas.set(t.typeName, ownForm(m, t.typeName, () => t.version.schema));
    const reply = m.requestReply?.reply;
    if (m.requestReply) schemas.set(m.requestReply.replyTypeName, ownForm(m, m.requestReply.replyTypeName, () => reply));
  }
  schemas.set(envelopeSchema, formOf(model.envelope.schema));
  kept?.endRun();
  schemas.set(headers, headersSchema(model, ctx));
  return { schemas: Object.fromEntries([...schemas].sort(([a], [b]) => a.localeCompare(b))), envelopeSchema, headersSchema: headers };
}

function freeName(name: string, taken: Set<string>): string {
  let free = name;
  for (let i = 2; taken.has(free); i++) free = `${name}${i}`;
  return free;
}
