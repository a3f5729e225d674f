/**
 * The validators the build ships compiled (load/shipped-validators.ts, tools/shipped-validators.mjs):
 * registry.json's and each meta-schema's standalone code, as `npm run build` left it beside the
 * bundle, judges every document as the validator ajv compiles at run time does, with the same
 * errors; and it is trusted only as made.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAjv, DRAFT2020_URIS, DRAFT7_URIS, type Dialect } from "../../generator/base/ajv.js";
import { installedVersion } from "../../generator/base/installed-version.js";
import { metaSchemaKey } from "../../generator/load/meta-schema-check.js";
import {
  evaluatedValidator,
  readShipped,
  shippedRegistryValidator,
  shippedValidators,
  trusted,
  SHIPPED_VALIDATORS_FILE,
  type ShippedValidators,
} from "../../generator/load/shipped-validators.js";
import { assertBuilt, REPO_ROOT } from "../support/bin.js";

const REGISTRY_SCHEMA = readFileSync(join(REPO_ROOT, "generator/load/registry.schema.json"), "utf8");
assertBuilt();
const shipped: ShippedValidators = readShipped(join(REPO_ROOT, "dist/generator/bundle", SHIPPED_VALIDATORS_FILE))!;

/** Every registry.json of the repository's registries and fixtures, good and bad, and a few made here. */
function registryDocuments(): Array<{ given: string; doc: unknown }> {
  const found: Array<{ given: string; doc: unknown }> = [];
  const add = (path: string) => {
    try {
      found.push({ given: path, doc: JSON.parse(readFileSync(join(REPO_ROOT, path), "utf8")) });
    } catch {
      // Not JSON (a fixture of a broken registry.json): the parser reports it before any validator.
    }
  };
  add("schemas/registry.json");
  for (const example of readdirSync(join(REPO_ROOT, "examples"), { withFileTypes: true })) if (example.isDirectory()) add(`examples/${example.name}/registry.json`);
  for (const kind of ["bad", "good"]) {
    for (const fixture of readdirSync(join(REPO_ROOT, "test/fixtures", kind), { withFileTypes: true })) if (fixture.isDirectory()) add(`test/fixtures/${kind}/${fixture.name}/schemas/registry.json`);
  }
  const base = JSON.parse(readFileSync(join(REPO_ROOT, "schemas/registry.json"), "utf8")) as Record<string, unknown>;
  found.push(
    { given: "made: an array", doc: [] },
    { given: "made: a number namespace", doc: { ...base, namespace: 7 } },
    { given: "made: an unknown property", doc: { ...base, colour: "blue" } },
    { given: "made: limits of the wrong kinds", doc: { ...base, limits: { maxFileSize: -1, maxDepth: "deep" } } },
  );
  return found;
}

/** Schemas valid and invalid against their meta-schemas, with each `$schema` the build ships a validator for. */
function schemas(): Array<{ given: string; dialect: Dialect; schema: Record<string, unknown> }> {
  const bodies: Array<[string, Record<string, unknown>]> = [
    ["an object with properties", { type: "object", properties: { id: { type: "string", minLength: 1 } }, required: ["id"] }],
    ["a type that is no type", { type: "strin" }],
    ["a negative minLength", { type: "string", minLength: -1 }],
    ["required as a string", { type: "object", required: "id" }],
    ["properties as an array", { properties: [] }],
    ["a nested error under items", { type: "array", items: { type: "array", items: { enum: "a" } } }],
    ["a pattern that is not a string", { pattern: 5 }],
  ];
  const declared: Array<[Dialect, string | undefined]> = [["draft7", undefined], ...[...DRAFT7_URIS].map((u): [Dialect, string] => ["draft7", u]), ...[...DRAFT2020_URIS].map((u): [Dialect, string] => ["draft2020", u])];
  return declared
    // draft-07's https spellings: ajv has no meta-schema under them, and nothing is shipped.
    .filter(([dialect, uri]) => metaSchemaKey(dialect, uri === undefined ? {} : { $schema: uri }) in shipped.metaSchemas)
    .flatMap(([dialect, uri]) => bodies.map(([given, body]) => ({ given: `${dialect} ${uri ?? "(no $schema)"}: ${given}`, dialect, schema: uri === undefined ? body : { $schema: uri, ...body } })));
}

describe("registry.json's shipped validator", () => {
  it("was made with the installed ajv and ajv-formats, from registry.schema.json as it is", () => {
    expect(shipped).toBeDefined();
    expect(trusted(shipped)).toBe(shipped);
    expect(shippedRegistryValidator(REGISTRY_SCHEMA, shipped)).toBeDefined();
  });

  const documents = registryDocuments();
  // What readConfig compiles when nothing is shipped.
  const compiled = createAjv("draft7").compile(JSON.parse(REGISTRY_SCHEMA));
  it("covers valid and invalid documents", () => {
    const verdicts = documents.map(({ doc }) => compiled(doc));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });

  it.each(documents)("$given: the same verdict and errors as the compiled one", ({ doc }) => {
    const fromBuild = shippedRegistryValidator(REGISTRY_SCHEMA, shipped)!;
    expect(fromBuild(doc)).toBe(compiled(doc));
    expect(fromBuild.errors ?? null).toEqual(compiled.errors ?? null);
  });
});

describe("the shipped meta-schema validators", () => {
  it("ship draft-07 without and with its $schema, and 2020-12", () => {
    expect(Object.keys(shipped.metaSchemas)).toEqual(
      expect.arrayContaining([metaSchemaKey("draft7", {}), metaSchemaKey("draft7", { $schema: "http://json-schema.org/draft-07/schema#" }), metaSchemaKey("draft2020", { $schema: "https://json-schema.org/draft/2020-12/schema" })]),
    );
  });

  it.each(schemas())("$given: the same verdict and errors as ajv's validateSchema", ({ dialect, schema }) => {
    const ajv = createAjv(dialect);
    const valid = ajv.validateSchema(schema) as boolean;
    const fromBuild = evaluatedValidator(shipped.metaSchemas[metaSchemaKey(dialect, schema)]!);
    expect(fromBuild(schema)).toBe(valid);
    expect(fromBuild.errors ?? null).toEqual(ajv.errors ?? null);
  });
});

describe("trusted only as made", () => {
  const installed = (name: string) => installedVersion(name);
  it.each([
    { given: "the installed versions", versions: {}, want: true },
    { given: "another ajv", versions: { ajv: "8.0.0" }, want: false },
    { given: "another ajv-formats", versions: { "ajv-formats": "2.1.1" }, want: false },
    { given: "ajv not installed", versions: { ajv: "missing" }, want: false },
  ])("$given: trusted $want", ({ versions, want }) => {
    const lookup = (name: string) => (versions as Record<string, string>)[name] ?? installed(name);
    expect(trusted(shipped, lookup) !== undefined).toBe(want);
  });

  it("registry.json's is not used for another registry.schema.json", () => {
    expect(shippedRegistryValidator(REGISTRY_SCHEMA.replace('"namespace"', '"namespace" '), shipped)).toBeUndefined();
  });

  it("nothing is shipped beside the sources: run from them, every validator is compiled", () => {
    expect(shippedValidators()).toBeUndefined();
  });
});
