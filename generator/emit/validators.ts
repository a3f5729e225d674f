/**
 * Emits precompiled validators: one ajv standalone ES module per JSON Schema dialect in use,
 * exporting one function per version file plus the envelope. Definitions shared through `$ref`
 * compile to one function in the module, not one copy per user.
 *
 * ajv's standalone output still contains `require(...)` for its runtime helpers even in ESM mode
 * (ajv issue #1976); those calls are rewritten into imports here, so the package is pure ESM.
 */
import type { Ajv } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import type { Dialect } from "../ajv.js";
import { FORMATS_IDENTIFIER } from "../ajv.js";
import type { SchemaSet } from "../check/schema-set.js";
import type { RegistryModel } from "../model/registry-model.js";
import { canonicalUri } from "../resolve/resolve-refs.js";

const standaloneCode = ((standaloneModule as unknown as { default?: typeof standaloneModule }).default ?? standaloneModule) as unknown as (
  ajv: Ajv,
  refsOrFunc: Record<string, string>,
) => string;

export interface ValidatorFiles {
  files: Map<string, string>;
  /** Version file -> { module specifier from the package root, export name }. */
  exportOf: Map<string, { module: string; name: string }>;
}

export function validatorExportName(file: string): string {
  return "v_" + file.replace(/\.json$/, "").replace(/[^A-Za-z0-9]/g, "_");
}

/** Key in `exportOf` of the validator for the caller-supplied part of the envelope. */
export const ENVELOPE_CONTEXT = "#envelope-context";
const CONTEXT_EXPORT = "v_envelope_context";
const CONTEXT_URI = canonicalUri("__jetschema/envelope-context.json");

/** Keywords an envelope may use at its top level for its properties to be checkable one by one. */
const PROPERTYWISE = new Set(["$schema", "$id", "title", "description", "type", "required", "properties", "additionalProperties", "examples", "$defs", "definitions", "$comment"]);

/**
 * The envelope's context properties alone. Publishing checks what the caller supplied with it and
 * trusts the fields the runtime fills itself (after checking them once per event and source),
 * instead of re-validating a timestamp it has just formatted. Only offered when the envelope's
 * constraints are per property; otherwise publish validates the whole envelope every time.
 */
function envelopeContextSchema(model: RegistryModel): Record<string, unknown> | undefined {
  const env = model.envelope.schema;
  if (Object.keys(env).some((k) => !PROPERTYWISE.has(k))) return undefined;
  const props = (env.properties ?? {}) as Record<string, unknown>;
  const context = Object.fromEntries(model.envelope.context.map((c) => [c.name, props[c.name] ?? {}]));
  return { type: "object", properties: context };
}

export function emitValidators(model: RegistryModel, schemas: SchemaSet): ValidatorFiles {
  const files = new Map<string, string>();
  const exportOf = new Map<string, { module: string; name: string }>();
  const byDialect = new Map<Dialect, string[]>();
  const all = [model.envelope.file, ...model.majors.flatMap((m) => m.versions.map((v) => v.file))];
  for (const file of all) {
    const dialect = model.resolved.docs.get(file)!.dialect;
    byDialect.set(dialect, [...(byDialect.get(dialect) ?? []), file]);
  }
  const contextSchema = envelopeContextSchema(model);
  for (const [dialect, list] of [...byDialect].sort(([a], [b]) => a.localeCompare(b))) {
    const refs: Record<string, string> = {};
    if (contextSchema && list.includes(model.envelope.file)) {
      const ajv = schemas.ajv(dialect);
      if (!ajv.getSchema(CONTEXT_URI)) ajv.addSchema(contextSchema, CONTEXT_URI);
      refs[CONTEXT_EXPORT] = CONTEXT_URI;
      exportOf.set(ENVELOPE_CONTEXT, { module: `./validators/${dialect}.js`, name: CONTEXT_EXPORT });
    }
    for (const file of list.sort()) {
      schemas.validator(file); // compile within the shared instance first
      const name = validatorExportName(file);
      refs[name] = canonicalUri(file);
      exportOf.set(file, { module: `./validators/${dialect}.js`, name });
    }
    files.set(`validators/${dialect}.js`, standaloneModuleCode(schemas.ajv(dialect), refs));
    files.set(`validators/${dialect}.d.ts`, declarations(Object.keys(refs)));
  }
  return { files, exportOf };
}

/** ajv standalone code for `refs` as a pure ES module. Also used by the conformance suite. */
export function standaloneModuleCode(ajv: Ajv, refs: Record<string, string>): string {
  const code = standaloneCode(ajv, refs);
  return toPureEsm(code);
}

export function toPureEsm(code: string): string {
  const imports = new Map<string, string>();
  const body = code
    .replace(/^"use strict";/, "")
    // Only ajv's own helper requires: schema data in the code is JSON-encoded, so a string that
    // merely contains require("...") has its quotes escaped and never matches.
    .replace(/require\("((?:ajv|ajv-formats)\/[^"\\]+)"\)/g, (_whole, specifier: string) => {
      let local = imports.get(specifier);
      if (!local) {
        local = `__jetschema_import_${imports.size}`;
        imports.set(specifier, local);
      }
      return local;
    });
  const lines = [...imports].map(([spec, local]) => `import * as ${local}_ns from ${JSON.stringify(withJsExtension(spec))};`);
  if (imports.size > 0) {
    // CommonJS interop differs: Node's default import is module.exports, bundlers' is exports.default.
    // ajv's code reads `.default` of the module either way, so hand it module.exports in both.
    lines.push(`const __jetschema_cjs = (ns) => (ns.default && typeof ns.default === "object" && "default" in ns.default ? ns.default : ns);`);
    for (const local of imports.values()) lines.push(`const ${local} = __jetschema_cjs(${local}_ns);`);
  }
  // ajv reads formats as formats["date-time"] or formats.uri.
  if (new RegExp(`\\b${FORMATS_IDENTIFIER}[.[]`).test(body)) {
    lines.push(`import { fullFormats as ${FORMATS_IDENTIFIER} } from "ajv-formats/dist/formats.js";`);
  }
  return `// Generated by jetschema with ajv standalone code. Do not edit.\n${lines.join("\n")}\n${body}\n`;
}

function withJsExtension(specifier: string): string {
  // ajv has no "exports" map: deep ESM imports of its CommonJS files need the full file name.
  return /^(ajv|ajv-formats)\//.test(specifier) && !specifier.endsWith(".js") ? `${specifier}.js` : specifier;
}

function declarations(names: string[]): string {
  return (
    `import type { CompiledValidator } from "@jetschema/runtime";\n\n` +
    names.map((n) => `export declare const ${n}: CompiledValidator;`).join("\n") +
    "\n"
  );
}
