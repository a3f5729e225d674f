/**
 * Stage 1, load: read every file of the registry, parse it strictly, check registry.json against
 * its own schema and every schema against its dialect's meta-schema. Nothing is resolved yet.
 */
import { readFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { createAjv, dialectOf, type Dialect } from "../base/ajv.js";
import { headOf, type SchemaHead } from "./schema-head.js";
import { Diagnostics } from "../base/diagnostics.js";
import { fromPackageRoot } from "../base/package-root.js";
import { isSyntaxError, lineColumn, parseJson, type JsonFile } from "./json-file.js";
import { RULE_INPUT_LIMITS, structureProblem } from "./input-limits.js";
import { normalizeConfig, type RegistryConfig } from "./registry-config.js";
import { ENVELOPE_POINTER, envelopeFileProblem } from "./envelope-file.js";
import { classify, type FileRole } from "./scan.js";
import { summarizeAjvErrors } from "./ajv-errors.js";
import { metaSchemaErrors, type MetaSchemaCodeStore } from "./meta-schema-check.js";
import { shippedRegistryValidator, type StandaloneValidator } from "./shipped-validators.js";
import { walkSchema } from "../base/schema-walk.js";
import { readRegistryFiles, type RegistryFiles } from "./registry-files.js";
import type { KeptParses, ParsedFile } from "./kept-parses.js";

export interface SchemaDoc {
  file: string;
  role: FileRole;
  json: JsonFile;
  /** Digest of the file's bytes: caches key on what a file holds (model/event-inputs.ts). */
  digest: string;
  /** The file's value (of a file restored from another process, parsed when first read). */
  schema: Record<string, unknown>;
  /** What the model and the registry-wide rules read of it, known without parsing the rest (schema-head.ts). */
  head: SchemaHead;
  dialect: Dialect;
  /**
   * No `$id` or anchor can be in the file: its text names none, nor escapes a character (which
   * could spell one). Every base URI in it is then the file's own, and resolve takes its scope
   * without walking it (resolve/resolve-refs.ts).
   */
  ownBaseOnly?: boolean;
}

/**
 * A file an earlier load kept (load/kept-parses.ts, front-end/persisted-front-end.ts): its value
 * read through the parsed file, so that one restored from another process is parsed only when a
 * stage reads it; its head and dialect known without it.
 */
class KeptDoc implements SchemaDoc {
  readonly file: string;
  readonly digest: string;
  readonly head: SchemaHead;
  readonly dialect: Dialect;

  constructor(
    readonly role: FileRole,
    readonly json: ParsedFile,
  ) {
    this.file = json.file;
    this.digest = json.digest;
    this.head = json.head ?? headOf(json.value as Record<string, unknown>);
    this.dialect = dialectOf(this.head)!;
  }

  get schema(): Record<string, unknown> {
    return this.json.value as Record<string, unknown>;
  }
}

/** Text that may declare a base URI or an anchor: a key spelled `$id`, `$anchor` or `$dynamicAnchor`, or any \u escape. */
const MAY_DECLARE_SCOPE = /\$id|\$anchor|\$dynamicAnchor|\\u/;

export interface VersionDoc extends SchemaDoc {
  role: Extract<FileRole, { role: "version" }>;
}

export interface LoadedRegistry {
  root: string;
  config: RegistryConfig;
  /** Digest of registry.json's bytes. */
  configDigest: string;
  /** Every schema file (envelope, defs, versions) by relative path. */
  docs: Map<string, SchemaDoc>;
  envelope: SchemaDoc;
  versions: VersionDoc[];
}

export const RULE_JSON = "Every file is valid JSON";
export const RULE_REGISTRY_SCHEMA = "registry.json follows registry.schema.json";
export const RULE_META_SCHEMA = "Every schema is valid against its meta-schema";
export const RULE_DIALECT = "Schemas declare draft-07 or 2020-12";
export const RULE_SCHEMA_OBJECT = "A schema file holds a JSON object";
export const RULE_REQUIRED_FILE = "A registry has registry.json and an envelope schema";
export const RULE_READABLE = "Every file and folder of the registry can be read";

const REGISTRY_SCHEMA_PATH = fromPackageRoot("generator", "load", "registry.schema.json");
let registrySchema: object | undefined;

export function loadRegistrySchema(): object {
  registrySchema ??= JSON.parse(registrySchemaText()) as object;
  return registrySchema;
}

let registrySchemaRead: string | undefined;
function registrySchemaText(): string {
  return (registrySchemaRead ??= readFileSync(REGISTRY_SCHEMA_PATH, "utf8"));
}

/** Shipped compiled (shipped-validators.ts), else compiled once per process: a long-lived one loads the registry again on every save. */
let registryValidator: StandaloneValidator | undefined;

/** How a known-valid registry.json is told apart from a schema file of the same bytes in KnownValidFiles. */
const validConfig = (digest: string) => `registry.json ${digest}`;

/**
 * Files whose bytes passed the per-file checks before (generator/cache keeps them by digest): the
 * checks are a function of the bytes and the generator's code alone, so they are not run again.
 */
export interface KnownValidFiles {
  has(digest: string): boolean;
  /** Called once per load with the digest of every file that passed. */
  remember(digests: string[]): void;
}

export interface LoadOptions {
  /** The folder as already read (generate reads it once, registry-files.ts); else read here. */
  files?: RegistryFiles;
  knownValid?: KnownValidFiles;
  /** The files a long-lived process parsed and checked on its last load (kept-parses.ts). */
  kept?: KeptParses;
  /** Meta-schema validators kept as code by an earlier process (meta-schema-check.ts). */
  metaSchemaCode?: MetaSchemaCodeStore;
}

export function loadRegistry(root: string, diagnostics = new Diagnostics(), options: LoadOptions = {}): LoadedRegistry {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    // A --schemas pointed at a file (registry.json itself, say) is not a folder that is missing.
    diagnostics.error(".", "", RULE_REQUIRED_FILE, existsSync(root) ? `registry folder ${root} is a file, not a folder; point --schemas at the folder holding registry.json` : `registry folder ${root} does not exist`);
    diagnostics.throwIfErrors(root);
  }
  let files: RegistryFiles;
  try {
    files = options.files ?? readRegistryFiles(root);
  } catch (err) {
    diagnostics.error(".", "", RULE_READABLE, `the registry folder ${root} cannot be read: ${(err as Error).message}`);
    diagnostics.throwIfErrors(root);
    throw err;
  }
  for (const { path, reason } of files.unlisted) diagnostics.error(path, "", RULE_READABLE, reason);
  const read = readConfig(files, diagnostics, options.knownValid);
  diagnostics.throwIfErrors(root);
  const { config, configDigest, envelopeNamed } = read!;
  const envelopeProblem = envelopeNamed !== undefined ? envelopeFileProblem(envelopeNamed, { root, list: files.list, unlisted: files.unlisted }) : undefined;
  if (envelopeProblem) {
    diagnostics.error("registry.json", ENVELOPE_POINTER, RULE_REQUIRED_FILE, envelopeProblem);
    diagnostics.throwIfErrors(root);
  }

  const scanned = classify(files.list, config.envelope.schema, diagnostics);
  const docs = new Map<string, SchemaDoc>();
  const kept = options.kept?.begin(files);
  for (const { file, role } of scanned) {
    if (role.role === "registry") continue;
    const parsedBefore = kept?.get(file);
    if (parsedBefore) {
      // Counted as known (--timings): it passed the per-file checks when it was kept.
      options.knownValid?.has(parsedBefore.digest);
      diagnostics.setLocator(file, parsedBefore.locate);
      docs.set(file, new KeptDoc(role, parsedBefore));
      kept!.keep(file, parsedBefore);
      continue;
    }
    const json = readJson(files, file, diagnostics, options.knownValid);
    if (!json) continue;
    if (typeof json.value !== "object" || json.value === null || Array.isArray(json.value)) {
      diagnostics.error(file, "", RULE_SCHEMA_OBJECT, "the file must contain a JSON object (a schema)");
      continue;
    }
    const schema = json.value as Record<string, unknown>;
    const dialect = dialectOf(schema);
    if (!dialect) {
      diagnostics.error(file, "/$schema", RULE_DIALECT, `unsupported $schema ${JSON.stringify(schema.$schema)}; use "http://json-schema.org/draft-07/schema#" or "https://json-schema.org/draft/2020-12/schema"`);
      continue;
    }
    if (!json.knownValid) {
      const large = json.mayHoldLargeEnum ? largeEnums(schema) : [];
      const duplicates = duplicateEnumValues(large);
      for (const d of duplicates) diagnostics.error(file, d.pointer, RULE_META_SCHEMA, d.message);
      if (duplicates.length > 0) continue;
      const errors = withLargeEnumsShrunk(large, () => metaSchemaErrors(schema, dialect, options.metaSchemaCode));
      if (errors) {
        for (const e of summarizeAjvErrors(errors)) diagnostics.error(file, e.pointer, RULE_META_SCHEMA, e.message);
        continue;
      }
    }
    docs.set(file, { file, role, json, digest: json.digest, schema, head: headOf(schema), dialect, ...(json.ownBaseOnly ? { ownBaseOnly: true } : {}) });
    kept?.keep(file, json);
  }
  options.knownValid?.remember([validConfig(configDigest), ...[...docs.values()].map((d) => d.digest)]);
  const envelope = docs.get(config.envelope.schema);
  if (!envelope && !diagnostics.list.some((d) => d.file === config.envelope.schema)) {
    diagnostics.error(config.envelope.schema, "", RULE_REQUIRED_FILE, `the envelope schema ${config.envelope.schema} is missing (set envelope.schema in registry.json)`);
  }
  // Per-file problems do not stop here: resolving the files that did load still finds more.
  if (!envelope) diagnostics.throwIfErrors(root);
  const versions = [...docs.values()].filter((d): d is VersionDoc => d.role.role === "version");
  return { root, config, configDigest, docs, envelope: envelope!, versions };
}

/**
 * The meta-schemas say `enum` has unique items, and ajv checks `uniqueItems` of arbitrary values
 * pair by pair: O(n²), hours for an enum of 200,000 strings. Enums longer than this are checked
 * here in O(n) instead (duplicateEnumValues) and shown to the meta-schema with their first value
 * only (withLargeEnumsShrunk); every other rule of the meta-schema still applies to them.
 */
const LARGE_ENUM = 256;

/**
 * An array of n items is written with n − 1 commas, so a text with fewer than LARGE_ENUM commas
 * holds no large enum, and its schema is not walked for one (two walks of every file were ~0.1 s
 * of a cold run's serial start at 1000 events, whose files have 15-143 commas). Commas in strings
 * count too: they can only make a file walked that need not be.
 */
function mayHoldLargeEnum(text: string): boolean {
  let commas = 0;
  for (let at = text.indexOf(","); at !== -1; at = text.indexOf(",", at + 1)) if (++commas >= LARGE_ENUM) return true;
  return false;
}

interface LargeEnum {
  node: Record<string, unknown>;
  pointer: string;
}

function largeEnums(schema: Record<string, unknown>): LargeEnum[] {
  const found: LargeEnum[] = [];
  walkSchema(schema, ({ node, pointer }) => {
    if (Array.isArray(node.enum) && node.enum.length > LARGE_ENUM) found.push({ node, pointer });
  });
  return found;
}

function duplicateEnumValues(large: LargeEnum[]): Array<{ pointer: string; message: string }> {
  const problems: Array<{ pointer: string; message: string }> = [];
  for (const { node, pointer } of large) {
    const seen = new Map<string, number>();
    (node.enum as unknown[]).forEach((value, i) => {
      const key = canonicalJson(value);
      const first = seen.get(key);
      if (first !== undefined && problems.length < 10) {
        problems.push({ pointer: `${pointer}/enum`, message: `must NOT have duplicate items (items ## ${first} and ${i} are identical)` });
      }
      if (first === undefined) seen.set(key, i);
    });
  }
  return problems;
}

function withLargeEnumsShrunk<T>(large: LargeEnum[], run: () => T): T {
  const saved = large.map(({ node }) => node.enum);
  for (const { node } of large) node.enum = (node.enum as unknown[]).slice(0, 1);
  try {
    return run();
  } finally {
    large.forEach(({ node }, i) => (node.enum = saved[i]));
  }
}

/** JSON with object keys sorted: equal for values ajv's deep equality calls equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

interface ReadConfig {
  config: RegistryConfig;
  configDigest: string;
  /** envelope.schema as registry.json spells it; undefined when it leaves the envelope at the default. */
  envelopeNamed: string | undefined;
}

/** undefined when registry.json is unreadable or invalid, the problem reported. */
function readConfig(files: RegistryFiles, diagnostics: Diagnostics, knownValid: KnownValidFiles | undefined): ReadConfig | undefined {
  const json = readJson(files, "registry.json", diagnostics);
  if (!json) return undefined;
  const raw = json.value as Record<string, any>;
  const read = () => ({ config: normalizeConfig(raw), configDigest: json.digest, envelopeNamed: typeof raw.envelope?.schema === "string" ? (raw.envelope.schema as string) : undefined });
  if (knownValid?.has(validConfig(json.digest))) return read();
  const validate = (registryValidator ??= shippedRegistryValidator(registrySchemaText()) ?? createAjv("draft7").compile(loadRegistrySchema()));
  if (!validate(json.value)) {
    for (const e of summarizeAjvErrors(validate.errors ?? [])) diagnostics.error("registry.json", e.pointer, RULE_REGISTRY_SCHEMA, e.message);
    return undefined;
  }
  return read();
}

/**
 * `knownValid`: a file whose bytes passed every per-file check before was parsed then without a
 * duplicate key, so its text is not counted for one again (json-file.ts); the input limits, which
 * registry.json may have lowered since, are checked as for any file.
 */
export function readJson(files: RegistryFiles, file: string, diagnostics: Diagnostics, knownValid?: KnownValidFiles): (JsonFile & { digest: string; ownBaseOnly: boolean; mayHoldLargeEnum: boolean; knownValid: boolean }) | undefined {
  const text = files.text(file);
  if (text === undefined) {
    const failure = files.failure(file);
    // No failure: the file is not there at all.
    if (!failure) diagnostics.error(file, "", RULE_REQUIRED_FILE, `cannot read ${file}`);
    else if (failure.notUtf8) diagnostics.add({ file, pointer: "", rule: RULE_JSON, message: failure.reason, ...failure.notUtf8, severity: "error" });
    else diagnostics.error(file, "", failure.tooLarge ? RULE_INPUT_LIMITS : RULE_READABLE, failure.reason);
    return undefined;
  }
  const over = structureProblem(text, files.limits);
  if (over) {
    diagnostics.add({ file, pointer: "", rule: RULE_INPUT_LIMITS, message: over.message, ...lineColumn(text, over.offset), severity: "error" });
    return undefined;
  }
  // Asked once per file: the cache counts each answer as a file checked or known (--timings).
  const known = knownValid?.has(files.digest(file)) ?? false;
  const parsed = parseJson(file, text, known, () => files.text(file));
  if (isSyntaxError(parsed)) {
    diagnostics.add({ file, pointer: "", rule: RULE_JSON, message: parsed.message, line: parsed.line, column: parsed.column, severity: "error" });
    return undefined;
  }
  diagnostics.setLocator(file, parsed.locate);
  return { ...parsed, digest: files.digest(file), ownBaseOnly: !MAY_DECLARE_SCOPE.test(text), mayHoldLargeEnum: mayHoldLargeEnum(text), knownValid: known };
}
