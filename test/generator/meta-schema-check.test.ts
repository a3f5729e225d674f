/**
 * The meta-schema check served as code (load/meta-schema-check.ts): a process that finds the
 * meta-schema validator's standalone code in the store evaluates it instead of compiling the
 * meta-schema, and must accept and reject exactly what ajv's `validateSchema` does (the check as it
 * was), with the same errors, or throw the same message. One store takes every case of both
 * dialects in turn, so a validator served for the wrong dialect or `$schema` shows as a difference.
 *
 * The cases: every schema of the JSON-Schema-Test-Suite's draft-07 and 2020-12 tests (valid
 * schemas of every keyword), the instances the suite checks against the meta-schema itself
 * (`{"$ref": <meta-schema>}`: invalid schemas among them), the schema files of test/fixtures/bad,
 * and a table of broken keywords in both dialects.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAjv, dialectOf, type Dialect } from "../../generator/base/ajv.js";
import { metaSchemaErrors, type MetaSchemaCodeStore } from "../../generator/load/meta-schema-check.js";

const SUITE_ROOT = process.env.JSON_SCHEMA_TEST_SUITE ?? "/work/shared/conformance/JSON-Schema-Test-Suite";

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith(".json") ? [path] : [];
  });
}

const META_REFS = new Set(["http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2020-12/schema"]);

/** Schemas (objects) to check, with where each came from. */
function cases(): Array<[string, Record<string, unknown>]> {
  const out: Array<[string, Record<string, unknown>]> = [];
  const add = (label: string, value: unknown) => {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) out.push([label, value as Record<string, unknown>]);
  };
  for (const [folder, $schema] of [
    ["draft7", "http://json-schema.org/draft-07/schema#"],
    ["draft2020-12", "https://json-schema.org/draft/2020-12/schema"],
  ] as const) {
    for (const file of jsonFiles(join(SUITE_ROOT, "tests", folder))) {
      const groups = JSON.parse(readFileSync(file, "utf8")) as Array<{ description: string; schema: unknown; tests: Array<{ description: string; data: unknown }> }>;
      for (const g of groups) {
        const label = `${folder}/${file.slice(file.lastIndexOf("/") + 1)}: ${g.description}`;
        // The suite's draft-07 schemas declare no $schema (the folder says it); 2020-12's mostly do.
        if (typeof g.schema === "object" && g.schema !== null) add(label, { $schema, ...(g.schema as object) });
        const ref = (g.schema as { $ref?: unknown } | null)?.$ref;
        if (typeof ref === "string" && META_REFS.has(ref)) for (const t of g.tests) add(`${label}: ${t.description}`, t.data);
      }
    }
  }
  for (const file of jsonFiles("test/fixtures/bad")) {
    if (file.endsWith("expected.json") || file.endsWith("registry.json")) continue;
    try {
      add(file, JSON.parse(readFileSync(file, "utf8")));
    } catch {
      // A fixture of a file that is not JSON: the parse reports it, the meta-schema never sees it.
    }
  }
  const broken: Array<[string, unknown]> = [
    ["type misspelt", { type: "strin" }],
    ["minimum as a string", { minimum: "3" }],
    ["required as a string", { required: "id" }],
    ["required not unique", { required: ["a", "a"] }],
    ["enum empty", { enum: [] }],
    ["properties as a list", { properties: [] }],
    ["pattern not a string", { pattern: 1 }],
    ["a nested error deep down", { properties: { a: { items: { properties: { b: { maxLength: -1 } } } } } }],
    ["several errors", { type: 1, minLength: "x", additionalProperties: "no" }],
    ["$id not a string", { $id: 3 }],
    ["nothing wrong", { type: "object", properties: { a: { type: ["string", "null"] } } }],
  ];
  for (const [label, schema] of broken) {
    add(`draft-07: ${label}`, { $schema: "http://json-schema.org/draft-07/schema#", ...(schema as object) });
    add(`no $schema: ${label}`, schema);
    add(`2020-12: ${label}`, { $schema: "https://json-schema.org/draft/2020-12/schema", ...(schema as object) });
  }
  // Spellings dialectOf takes, whatever ajv makes of them.
  for (const $schema of ["http://json-schema.org/draft-07/schema", "https://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2020-12/schema#"]) add(`$schema ${$schema}`, { $schema, type: "strin" });
  return out;
}

/** One instance per dialect, as the check kept them. */
const reference: Partial<Record<Dialect, ReturnType<typeof createAjv>>> = {};

/** What ajv's validateSchema says (the check as it was): valid, its errors, or what it throws. */
function byAjv(schema: Record<string, unknown>, dialect: Dialect): unknown {
  const ajv = (reference[dialect] ??= createAjv(dialect));
  try {
    return ajv.validateSchema(schema) ? "valid" : ajv.errors;
  } catch (err) {
    return `throws: ${(err as Error).message}`;
  }
}

function byCheck(schema: Record<string, unknown>, dialect: Dialect, store?: MetaSchemaCodeStore): unknown {
  try {
    return metaSchemaErrors(schema, dialect, store) ?? "valid";
  } catch (err) {
    return `throws: ${(err as Error).message}`;
  }
}

describe("the meta-schema check served as standalone code", () => {
  const all = cases();

  it("has cases of both dialects, valid and invalid", () => {
    const verdicts = all.map(([, s]) => byAjv(s, dialectOf(s) ?? "draft7"));
    // Without the suite (JSON_SCHEMA_TEST_SUITE, as test/conformance), the fixtures and the table alone.
    const suite = existsSync(join(SUITE_ROOT, "tests"));
    expect(all.length).toBeGreaterThan(suite ? 300 : 30);
    expect(verdicts.filter((v) => v === "valid").length).toBeGreaterThan(suite ? 100 : 10);
    expect(verdicts.filter((v) => Array.isArray(v)).length).toBeGreaterThan(suite ? 30 : 20);
    expect(verdicts.filter((v) => typeof v === "string" && v.startsWith("throws")).length).toBeGreaterThan(0);
    expect(all.filter(([, s]) => dialectOf(s) === "draft2020").length).toBeGreaterThan(suite ? 100 : 10);
  });

  it("rejects what ajv's validateSchema rejects, with the same errors, compiled into the store and served from it", () => {
    const entries = new Map<string, string>();
    let served = 0;
    const store: MetaSchemaCodeStore = {
      get: (key) => {
        const code = entries.get(key);
        if (code !== undefined) served++;
        return code;
      },
      set: (key, code) => void entries.set(key, code),
    };
    for (const round of ["filling the store", "served from it"]) {
      for (const [label, schema] of all) {
        const dialect = dialectOf(schema);
        if (!dialect) continue;
        const expected = byAjv(schema, dialect);
        expect(byCheck(schema, dialect, store), `${round}: ${label}`).toEqual(expected);
        expect(byCheck(schema, dialect), `without a store: ${label}`).toEqual(expected);
      }
    }
    // One validator per dialect and $schema spelling ajv knows; every check after the first of each was served.
    expect(entries.size).toBeGreaterThanOrEqual(3);
    expect(served).toBeGreaterThan(all.length);
    for (const code of entries.values()) expect(code).toMatch(/^"use strict";module\.exports = validate\d+;/);
  });
});
