/**
 * `components.schemas`: each event major's payload (its latest minor) under its TypeScript name,
 * each request's reply, the envelope, the NATS headers, and every shared definition a `$ref`
 * points at, under the name `types/_shared.d.ts` gives it. Schemas refer to one another through
 * `$ref`, so a shared definition is written once however many events use it.
 */
import type { RegistryModel } from "../../model/registry-model.js";
import { nameSharedTargets, schemaAt } from "../shared-names.js";
import { headersSchema } from "./headers.js";
import { ref } from "./refs.js";
import type { KeptSchemaForms } from "./kept-schema-forms.js";
import { asyncApiSchema, type SchemaRuleContext } from "./schema-rules.js";

export interface ComponentSchemas {
  schemas: Record<string, unknown>;
  /** Where the envelope and the headers landed (a shared definition may have taken a name first). */
  envelopeSchema: string;
  headersSchema: string;
}

/** `kept`: each schema's form as a long-lived process last made it (kept-schema-forms.ts). */
export function componentSchemas(model: RegistryModel, kept?: KeptSchemaForms): ComponentSchemas {
  const shared = nameSharedTargets(model);
  const ctx: SchemaRuleContext = {
    componentRef: (canonical) => {
      const name = shared.get(canonical);
      if (name === undefined) throw new Error(`internal: no component for ${canonical}`);
      return ref("components", "schemas", name).$ref;
    },
  };
  const formOf = (schema: unknown) => (kept ? kept.formOf(schema, ctx) : asyncApiSchema(schema, ctx));
  const schemas = new Map<string, unknown>();
  for (const [canonical, name] of shared) schemas.set(name, formOf(schemaAt(model, canonical)));
  for (const m of model.majors) {
    schemas.set(m.typeName, formOf(m.latest.schema));
    if (m.requestReply) schemas.set(m.requestReply.replyTypeName, formOf(m.requestReply.reply));
  }
  const envelopeSchema = freeName("Envelope", schemas);
  schemas.set(envelopeSchema, formOf(model.envelope.schema));
  kept?.endRun();
  const headers = freeName("Headers", schemas);
  schemas.set(headers, headersSchema(model, ctx));
  return { schemas: Object.fromEntries([...schemas].sort(([a], [b]) => a.localeCompare(b))), envelopeSchema, headersSchema: headers };
}

function freeName(name: string, taken: Map<string, unknown>): string {
  let free = name;
  for (let i = 2; taken.has(free); i++) free = `${name}${i}`;
  return free;
}
