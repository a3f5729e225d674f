/**
 * How a registry's validators are laid out in modules: one ajv standalone ES module per JSON
 * Schema dialect in use (per domain and dialect in a large registry, see SPLIT_MODULES_ABOVE),
 * exporting one function per version file plus the envelope, and the export names the package
 * reaches them by.
 */
import type { Dialect } from "../base/ajv.js";
import { digest } from "../base/hash.js";
import { appendTo } from "../base/map-lists.js";
import type { RegistryModel } from "../model/registry-model.js";
import { isPropertywise } from "../model/envelope-members.js";
import { canonicalUri } from "../resolve/resolve-refs.js";
import type { ValidatorModule } from "./schema-set.js";

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

/**
 * The envelope's context properties alone. Publishing checks what the caller supplied with it and
 * trusts the fields the runtime fills itself (after checking them once per event and source),
 * instead of re-validating a timestamp it has just formatted. Only offered when the envelope's
 * constraints are per property; otherwise publish validates the whole envelope every time.
 */
export function envelopeContextSchema(model: RegistryModel): Record<string, unknown> | undefined {
  const env = model.envelope.schema;
  if (!isPropertywise(env)) return undefined;
  const props = (env.properties ?? {}) as Record<string, unknown>;
  const context = Object.fromEntries(model.envelope.context.map((c) => [c.name, props[c.name] ?? {}]));
  return { type: "object", properties: context };
}

/**
 * A dialect with more validators than this gets one module per domain (the first segment of the
 * event name; the envelope in `_envelope`) instead of one module, and a domain with more than
 * DOMAIN_MODULE_MAX is spread over `<domain>.<n>` modules of about BUCKET_SIZE by a hash of the
 * event name (an event's versions stay together; adding events moves none unless the number of
 * buckets changes). Editing one event then recompiles one small module (see generator/cache), and
 * ajv's compile time grows with the module (docs/performance.md).
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
  for (const file of order) appendTo(byDialect, model.resolved.docs.get(file)!.dialect, file);
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
      for (const [bucket, part] of groupBy(list, (file) => String(bucketHash(eventOf.get(file)!) % buckets))) {
        modules.push({ path: `validators/${dialect}/${domain}.${bucket}`, dialect, files: part });
      }
    }
  }
  return modules.sort((a, b) => a.path.localeCompare(b.path));
}

/** Each event name's bucket hash, once per process: a long-lived one lays the modules out on every save. */
const bucketHashes = new Map<string, number>();

/** The first 32 bits of the sha256 of an event's name. */
function bucketHash(event: string): number {
  let hash = bucketHashes.get(event);
  if (hash === undefined) bucketHashes.set(event, (hash = parseInt(digest(event).slice(0, 8), 16)));
  return hash;
}

/** Groups keep the order of `list`; groups sorted by key. */
function groupBy(list: string[], keyOf: (item: string) => string): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const item of list) appendTo(groups, keyOf(item), item);
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}
/** What one validator module exports: export name -> schema URI, and whether it adds the context schema. */
export interface ModuleExports {
  refs: Record<string, string>;
  /** The envelope-context schema, compiled into the module that holds the envelope. */
  context?: { uri: string; schema: Record<string, unknown> };
  /** Key of `exportOf` -> export name. */
  exports: Array<[key: string, name: string]>;
}

/**
 * Each module's exports by model and module: precompile, the package files and the validators'
 * emit each ask for every module's (three times per module in a run), and each time walked every
 * major for the replies and remade the context schema. A model is not changed once built, nor a
 * module once laid out, so the first answer holds for the run.
 */
const exportsOf = new WeakMap<RegistryModel, { replyFiles: Set<string>; contextSchema?: Record<string, unknown>; byModule: WeakMap<ValidatorModule, ModuleExports> }>();

export function moduleExports(model: RegistryModel, module: ValidatorModule): ModuleExports {
  let kept = exportsOf.get(model);
  if (!kept) {
    const replyFiles = new Set(model.majors.filter((m) => m.requestReply).map((m) => m.latest.file));
    exportsOf.set(model, (kept = { replyFiles, contextSchema: envelopeContextSchema(model), byModule: new WeakMap() }));
  }
  let exported = kept.byModule.get(module);
  if (!exported) kept.byModule.set(module, (exported = exportsIn(module, model.envelope.file, kept.replyFiles, kept.contextSchema)));
  return exported;
}

function exportsIn(module: ValidatorModule, envelopeFile: string, replyFiles: Set<string>, contextSchema: Record<string, unknown> | undefined): ModuleExports {
  const refs: Record<string, string> = {};
  const exports: Array<[string, string]> = [];
  const withContext = contextSchema !== undefined && module.files.includes(envelopeFile);
  if (withContext) {
    refs[CONTEXT_EXPORT] = CONTEXT_URI;
    exports.push([ENVELOPE_CONTEXT, CONTEXT_EXPORT]);
  }
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
