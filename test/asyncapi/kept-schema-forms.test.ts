import { describe, expect, it } from "vitest";
import { deepFreeze } from "../../generator/base/deep-freeze.js";
import { asyncApiYaml, keptAsyncApi } from "../../generator/emit/asyncapi/emit-asyncapi.js";
import { KeptSchemaForms } from "../../generator/emit/asyncapi/kept-schema-forms.js";
import { asyncApiSchema, type SchemaRuleContext } from "../../generator/emit/asyncapi/schema-rules.js";
import { exportAll } from "./registries.js";

const SHARED = "https://jetschema.local/defs/common.json#/$defs/Id";
const named = (name: string): SchemaRuleContext => ({ componentRef: () => `#/components/schemas/${name}` });
const schema = () => ({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { id: { $ref: SHARED } } });

/** given: the schema of an earlier run and this run's; want: whether the earlier form is reused. */
const cases: { given: string; earlier: () => object; now: (earlier: object) => object; ctx: SchemaRuleContext; want: "reused" | "made again" }[] = [
  { given: "the same frozen schema, its $ref pointing where it did", earlier: () => deepFreeze(schema()), now: (e) => e, ctx: named("Id"), want: "reused" },
  { given: "the same frozen schema, its $ref now naming another component", earlier: () => deepFreeze(schema()), now: (e) => e, ctx: named("Id2"), want: "made again" },
  { given: "an equal frozen schema (another object: the file was resolved again)", earlier: () => deepFreeze(schema()), now: () => deepFreeze(schema()), ctx: named("Id"), want: "made again" },
  { given: "the same schema, not frozen (a run of its own)", earlier: () => schema(), now: (e) => e, ctx: named("Id"), want: "made again" },
];

describe("each schema's AsyncAPI form kept between the runs of a watch session", () => {
  it.each(cases)("$given: $want", ({ earlier, now, ctx, want }) => {
    const forms = new KeptSchemaForms();
    const first = earlier();
    const before = forms.formOf(first, named("Id"));
    forms.endRun();
    const second = now(first);
    const after = forms.formOf(second, ctx);
    expect(after).toEqual(asyncApiSchema(second, ctx));
    if (want === "reused") expect(after).toBe(before);
    else expect(after).not.toBe(before);
  });

  it("lets go of a form the last run did not use", () => {
    const forms = new KeptSchemaForms();
    const kept = deepFreeze(schema());
    const before = forms.formOf(kept, named("Id"));
    forms.endRun();
    forms.endRun();
    expect(forms.formOf(kept, named("Id"))).not.toBe(before);
  });

  it("keeps a form carried over by a run that took its section as kept", () => {
    const forms = new KeptSchemaForms();
    const kept = deepFreeze(schema());
    const before = forms.formOf(kept, named("Id"));
    forms.endRun();
    forms.carry(kept);
    forms.endRun();
    expect(forms.formOf(kept, named("Id"))).toBe(before);
  });

  it.each(exportAll())("$dir: the same document from frozen schemas, on the first run and the next", ({ model, yaml }) => {
    deepFreeze(model.resolved.normalized);
    const kept = keptAsyncApi();
    expect(asyncApiYaml(model, kept)).toBe(yaml);
    expect(asyncApiYaml(model, kept)).toBe(yaml);
  });
});
