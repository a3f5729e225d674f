/**
 * Emits precompiled validators: one ajv standalone ES module per JSON Schema dialect in use (per
 * domain and dialect in a large registry, see SPLIT_MODULES_ABOVE), exporting one function per
 * version file plus the envelope. Definitions shared through `$ref`
 * compile to one function in the module, not one copy per user.
 *
 * ajv's standalone output still contains `require(...)` for its runtime helpers even in ESM mode
 * (ajv issue #1976); those calls are rewritten into imports here, so the package is pure ESM.
 */
import type { Ajv } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import type { Dialect } from "../ajv.js";
import { FORMATS_IDENTIFIER } from "../ajv.js";
import type { SchemaSet, ValidatorModule } from "../check/schema-set.js";
import { digest, exactJson, sha256 } from "../cache/hash.js";
import type { RegistryModel } from "../model/registry-model.js";
import { canonicalUri } from "../resolve/resolve-refs.js";

const standaloneCode = ((standaloneModule as unknown as { default?: typeof standaloneModule }).default ?? standaloneModule) as unknown as (
  ajv: Ajv,
  refsOrFunc: Record<string, string>,
) => string;

export interface ValidatorFiles {
  files: Map<string, string>;
  /** Split per domain (a large registry): the registry loads each module on first use. */
  split: boolean;
  /** Version file -> { module specifier from the package root, export name }. */
  exportOf: Map<string, { module: string; name: string }>;
}

export function validatorExportName(file: string): string {
  return "v_" + file.replace(/\.json$/, "").replace(/[^A-Za-z0-9]/g, "_");
}

/** Key in `exportOf` of the reply validator of a request-reply version file. */
export function replyKey(file: string): string {
  return `${file}#/x-reply`;
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

/**
 * A dialect with more validators than this gets one module per domain (the first segment of the
 * event name; the envelope in `_envelope`) instead of one module, and a domain with more than
 * DOMAIN_MODULE_MAX is spread over `<domain>.<n>` modules of about BUCKET_SIZE by a hash of the
 * event name (an event's versions stay together; adding events moves none unless the number of
 * buckets changes). Editing one event then recompiles one small module (see generator/cache): in
 * a fresh process ajv compiles 25 schemas in ~0.6 s, 100 in ~1.2 s.
 */
export const SPLIT_MODULES_ABOVE = 200;
const DOMAIN_MODULE_MAX = 64;
const BUCKET_SIZE = 32;

/** The validator modules of a registry; files in lint order (envelope, then events, majors, minors). */
export function validatorModules(model: RegistryModel): ValidatorModule[] {
  const order = [model.envelope.file, ...model.majors.flatMap((m) => m.versions.map((v) => v.file))];
  const eventOf = new Map<string, string>();
  for (const m of model.majors) for (const v of m.versions) eventOf.set(v.file, m.event);
  const byDialect = new Map<Dialect, string[]>();
  for (const file of order) {
    const dialect = model.resolved.docs.get(file)!.dialect;
    if (!byDialect.has(dialect)) byDialect.set(dialect, []);
    byDialect.get(dialect)!.push(file);
  }
  const modules: ValidatorModule[] = [];
  for (const [dialect, files] of [...byDialect].sort(([a], [b]) => a.localeCompare(b))) {
    if (files.length <= SPLIT_MODULES_ABOVE) {
      modules.push({ path: `validators/${dialect}`, dialect, files });
      continue;
    }
    const domains = groupBy(files, (file) => eventOf.get(file)?.split(".")[0] ?? "_envelope");
    for (const [domain, list] of domains) {
      if (list.length <= DOMAIN_MODULE_MAX) {
        modules.push({ path: `validators/${dialect}/${domain}`, dialect, files: list });
        continue;
      }
      const buckets = Math.ceil(list.length / BUCKET_SIZE);
      for (const [bucket, part] of groupBy(list, (file) => String(parseInt(digest(eventOf.get(file)!).slice(0, 8), 16) % buckets))) {
        modules.push({ path: `validators/${dialect}/${domain}.${bucket}`, dialect, files: part });
      }
    }
  }
  return modules.sort((a, b) => a.path.localeCompare(b.path));
}

/** Groups keep the order of `list`; groups sorted by key. */
function groupBy(list: string[], keyOf: (item: string) => string): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const item of list) {
    const key = keyOf(item);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(item);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

/** Module code by key (generator/cache); the key covers everything the code depends on. */
export interface ModuleCodeCache {
  get(key: string): { js: string; dts: string } | undefined;
  set(key: string, code: { js: string; dts: string }): void;
}

/** What one validator module exports: export name -> schema URI, and whether it adds the context schema. */
export interface ModuleExports {
  refs: Record<string, string>;
  /** The envelope-context schema, compiled into the module that holds the envelope. */
  context?: { uri: string; schema: Record<string, unknown> };
  /** Key of `exportOf` -> export name. */
  exports: Array<[key: string, name: string]>;
}

export function moduleExports(model: RegistryModel, module: ValidatorModule, contextSchema = envelopeContextSchema(model)): ModuleExports {
  const refs: Record<string, string> = {};
  const exports: Array<[string, string]> = [];
  const withContext = contextSchema !== undefined && module.files.includes(model.envelope.file);
  if (withContext) {
    refs[CONTEXT_EXPORT] = CONTEXT_URI;
    exports.push([ENVELOPE_CONTEXT, CONTEXT_EXPORT]);
  }
  const replyFiles = new Set(model.majors.filter((m) => m.requestReply).map((m) => m.latest.file));
  for (const file of [...module.files].sort()) {
    const name = validatorExportName(file);
    refs[name] = canonicalUri(file);
    exports.push([file, name]);
    if (replyFiles.has(file)) {
      // The reply schema sits under x-reply in the request's own file: a JSON pointer reaches it.
      refs[`${name}_reply`] = `${canonicalUri(file)}#/x-reply`;
      exports.push([replyKey(file), `${name}_reply`]);
    }
  }
  return { refs, exports, ...(withContext ? { context: { uri: CONTEXT_URI, schema: contextSchema } } : {}) };
}

/** Key of a module's code in a ModuleCodeCache: everything the code depends on. */
export function moduleCodeKey(moduleKey: string, exported: ModuleExports): string {
  return sha256(moduleKey, exactJson(exported.refs), exactJson(exported.context?.schema ?? null));
}

/**
 * The module's code from an instance in which all its files compiled (in lint order): the same
 * steps, in the same order, whether here or on a worker thread (check/precompile.ts).
 */
export function moduleCode(ajv: Ajv, exported: ModuleExports): { js: string; dts: string } {
  if (exported.context && !ajv.getSchema(exported.context.uri)) ajv.addSchema(exported.context.schema, exported.context.uri);
  return { js: standaloneModuleCode(ajv, exported.refs), dts: declarations(Object.keys(exported.refs)) };
}

export function emitValidators(model: RegistryModel, schemas: SchemaSet, cache?: ModuleCodeCache): ValidatorFiles {
  const files = new Map<string, string>();
  const exportOf = new Map<string, { module: string; name: string }>();
  const modules = schemas.modules();
  if (modules.length === 0) throw new Error("internal: create the SchemaSet with the validatorModules() of the model");
  const contextSchema = envelopeContextSchema(model);
  for (const module of [...modules].sort((a, b) => a.path.localeCompare(b.path))) {
    const specifier = `./${module.path}.js`;
    const exported = moduleExports(model, module, contextSchema);
    for (const [key, name] of exported.exports) exportOf.set(key, { module: specifier, name });
    const key = cache ? moduleCodeKey(schemas.moduleKey(module.path), exported) : undefined;
    let code = key ? cache!.get(key) : undefined;
    if (!code) {
      code = moduleCode(schemas.moduleAjv(module.path), exported);
      if (key) cache!.set(key, code);
    }
    files.set(`${module.path}.js`, code.js);
    files.set(`${module.path}.d.ts`, code.dts);
  }
  return { files, exportOf, split: modules.length > new Set(modules.map((m) => m.dialect)).size };
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
