/**
 * All schemas of a registry loaded into ajv once, by canonical URI, one ajv instance per dialect
 * in use. The same instances check the examples and emit the standalone validators, so what the
 * generator accepts is exactly what the generated package enforces.
 *
 * When rendering the package, the set is given the validator modules it will emit: each module
 * compiles in an instance of its own, all its files at once, in the module's order. A module's
 * code is then a function of its own files and what they reference, whatever else was compiled
 * first, so generator/cache can key it by exactly that and an edit recompiles one module only.
 * With a verdict cache, a module whose content compiled before is not compiled again unless asked
 * about data nobody asked about before (see `VerdictCache`).
 */
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { createAjv, type Dialect } from "../base/ajv.js";
import { canonicalUri } from "../resolve/resolve-refs.js";
import type { ResolvedRegistry } from "../resolve/resolve-refs.js";
import { copyWithout } from "../base/schema-walk.js";
import { getAtPointer } from "../base/json-pointer.js";
import { refClosure } from "../resolve/ref-closure.js";
import { digest, exactJson, sha256 } from "../base/hash.js";
import { flattenCompiledSources } from "./flat-sources.js";
import { appendTo } from "../base/map-lists.js";
import { RememberedWhileFrozen } from "../base/deep-freeze.js";

/**
 * What a long-lived process (`generate --watch`) keeps by the frozen values its front end hands
 * on unchanged (base/deep-freeze.ts): each schema's digest as the module keys read it (by its
 * canonical copy, one per `standalone`), each example's digest (by the parsed example).
 */
const keptSchemaDigests = { true: new RememberedWhileFrozen<SchemaDigest>(), false: new RememberedWhileFrozen<SchemaDigest>() };
/** A schema's digest, its file, and the key of what it was computed from (the SchemaDigestMemo's). */
interface SchemaDigest {
  file: string;
  inputKey: string;
  digest: string;
}
const dataDigests = new RememberedWhileFrozen<string>();

/** Keywords that never change a verdict; the standalone validators embed schemas, so drop them. */
const ANNOTATIONS = ["title", "description", "examples", "$comment", "deprecated", "readOnly", "writeOnly"];

function withoutAnnotations(schema: Record<string, unknown>): Record<string, unknown> {
  return copyWithout(schema, (key) => ANNOTATIONS.includes(key) || (key.startsWith("x-") && key !== "x-reply"));
}

/**
 * Where a `$ref` lands inside another file (`defs/common.json#/$defs/Money`), ajv compiles the
 * definition once for every schema that refers to it: it caches a fragment's function per
 * referring schema. Given to ajv as a schema of its own, under the URI the `$ref`s already use,
 * the definition compiles to one function in the module that every user calls. Its errors are
 * the same (a `$ref` target's schemaPath is relative to the target either way).
 *
 * Left as fragments: a pointer ajv might spell differently once parsed as a URI, and a
 * definition that uses anchors or dynamic references, whose meaning depends on the document
 * around it.
 */
const SHARED_DEFINITIONS_LAYOUT = "shared definitions as schemas";
const URI_SAFE_POINTER = /^(?:\/[A-Za-z0-9_$.-]+)+$/;
const SCOPED_KEYWORDS = /"\$(?:anchor|dynamicAnchor|dynamicRef|recursiveAnchor|recursiveRef|id)"/;

function sharedDefinitions(
  resolved: ResolvedRegistry,
  files: Set<string>,
  schemaFor: (file: string) => Record<string, unknown>,
): Array<[uri: string, schema: Record<string, unknown>]> {
  const shared = new Map<string, Record<string, unknown>>();
  for (const edge of resolved.edges) {
    if (!files.has(edge.fromFile) || !files.has(edge.toFile) || !URI_SAFE_POINTER.test(edge.toPointer)) continue;
    const uri = `${canonicalUri(edge.toFile)}#${edge.toPointer}`;
    if (shared.has(uri)) continue;
    const target = getAtPointer(schemaFor(edge.toFile), edge.toPointer);
    if (typeof target !== "object" || target === null || Array.isArray(target) || SCOPED_KEYWORDS.test(JSON.stringify(target))) continue;
    shared.set(uri, target as Record<string, unknown>);
  }
  return [...shared].sort(([a], [b]) => a.localeCompare(b));
}

/** One emitted validator module. */
export interface ValidatorModule {
  /** Output path without extension, e.g. "validators/draft7". */
  path: string;
  dialect: Dialect;
  /** Schema files it exports, in compile order. */
  files: string[];
}

/** What a module's validators said about data, by file and digest of the data. */
export interface ModuleVerdicts {
  [file: string]: { [dataDigest: string]: [valid: boolean, errors: ErrorObject[] | null] };
}

/**
 * Stored verdicts by module key. An entry exists only for a module all of whose files compiled,
 * so finding one answers "Every schema compiles" for them without compiling; a validation is
 * served from it when the same data was validated by the same module content before.
 */
export interface VerdictCache {
  load(moduleKey: string): ModuleVerdicts | undefined;
  save(moduleKey: string, verdicts: ModuleVerdicts): void;
  /**
   * Whether verdicts are stored for the module, without reading them: "every file compiles" is
   * answered by that alone, and the verdicts are read when a validation first asks (an edit
   * validates the examples of the modules it changed, not the other ~46 modules' stored verdicts).
   */
  has(moduleKey: string): boolean;
}

export interface SchemaSet {
  ajv(dialect: Dialect): Ajv;
  /** Compiles (once) the schema of `file`; throws ajv's compile error. */
  validator(file: string): ValidateFunction;
  dialects(): Dialect[];
  /** The validator modules given at creation, by path. */
  modules(): ValidatorModule[];
  /** The instance in which `path`'s files are compiled (compiling them now if needed). */
  moduleAjv(path: string): Ajv;
  /** Digest of everything the code of module `path` depends on: its files, their order, and every schema they reach. */
  moduleKey(path: string): string;
  /** What module `path`'s instance is given, in order: [canonical URI, schema] of every file it reaches. */
  moduleSources(path: string): Array<[uri: string, schema: Record<string, unknown>]>;
  /** Stores the verdicts this run learned (call after a successful run). */
  saveVerdicts(): void;
}

/**
 * Digests of schemas as the module keys read them (normalized, annotation-free), by a key of what
 * they are computed from: the file's path and bytes and where each of its `$ref`s landed. Lets a
 * run key every module without copying and walking every schema (generator/cache keeps them).
 */
export interface SchemaDigestMemo {
  get(inputKey: string): string | undefined;
  set(inputKey: string, digest: string): void;
  /** Called once a run's keys are known (saveVerdicts). */
  save(): void;
}

export interface SchemaSetOptions {
  standalone: boolean;
  modules?: ValidatorModule[];
  verdicts?: VerdictCache;
  schemaDigests?: SchemaDigestMemo;
}

interface ModuleState {
  module: ValidatorModule;
  instance?: Ajv;
  /** File -> compiled function, or the error compiling it threw. */
  compiled?: Map<string, ValidateFunction | Error>;
  key?: string;
  /** Read when a validation first asks (verdictsOf). */
  verdicts?: ModuleVerdicts;
  /** Verdicts are stored for the module: every file compiles. Asked once (knowVerified); undefined until then. */
  verified?: boolean;
  dirty: boolean;
}

export function createSchemaSet(resolved: ResolvedRegistry, options: SchemaSetOptions): SchemaSet {
  const instances = new Map<Dialect, Ajv>();
  const compiled = new Map<string, ValidateFunction>();
  const prepared = new Map<string, Record<string, unknown>>();
  // $schema is dropped: a shared definition is read in the dialect of the schema using it.
  const schemaFor = (file: string) => {
    let s = prepared.get(file);
    if (!s) {
      const { $schema: _ignored, ...rest } = resolved.normalized.get(file)!;
      s = options.standalone ? withoutAnnotations(rest) : rest;
      prepared.set(file, s);
    }
    return s;
  };
  const ajv = (dialect: Dialect) => {
    let a = instances.get(dialect);
    if (!a) {
      a = createAjv(dialect, { standalone: options.standalone });
      for (const file of [...resolved.normalized.keys()].sort()) a.addSchema(schemaFor(file), canonicalUri(file));
      instances.set(dialect, a);
    }
    return a;
  };

  const states = new Map<string, ModuleState>();
  const moduleOfFile = new Map<string, ModuleState>();
  for (const module of options.modules ?? []) {
    const state: ModuleState = { module, dirty: false };
    states.set(module.path, state);
    for (const file of module.files) moduleOfFile.set(file, state);
  }
  const reachedFrom = refClosure(resolved.edges);
  /** The module's files and every file they reach through $ref, sorted. */
  const closure = (module: ValidatorModule) => reachedFrom(module.files).filter((f) => resolved.normalized.has(f));
  const stateOf = (path: string) => {
    const s = states.get(path);
    if (!s) throw new Error(`internal: no validator module ${path}`);
    return s;
  };
  /** Each file's `$ref` edges as its digest's key names them. */
  const edgesFrom = new Map<string, string[]>();
  for (const e of resolved.edges) appendTo(edgesFrom, e.fromFile, `${e.fromPointer} ${e.toFile}#${e.toPointer}`);
  /** Digest of the schema as given to ajv: kept by its frozen canonical copy, or from the memo when the file and its refs are as before. */
  const schemaDigest = (file: string) => {
    // A copy still unparsed (restored from another process) is no frozen object a memo could know;
    // storedSchemaDigest leaves its digest in the memo either way.
    const copy = resolved.normalized.ifMade(file);
    if (copy === undefined) return storedSchemaDigest(file).digest;
    const kept = keptSchemaDigests[`${options.standalone}`].valueOf(copy, () => storedSchemaDigest(file));
    if (kept.file !== file) return storedSchemaDigest(file).digest;
    // Asked for all the same: the memo saves what a run asked for, for the next process.
    if (options.schemaDigests && options.schemaDigests.get(kept.inputKey) === undefined) options.schemaDigests.set(kept.inputKey, kept.digest);
    return kept.digest;
  };
  /** The same from the memo when the file and its refs are as before, else computed (and memoised). */
  const storedSchemaDigest = (file: string): SchemaDigest => {
    const inputKey = sha256("schema for ajv", String(options.standalone), file, resolved.docs.get(file)?.digest ?? "", ...(edgesFrom.get(file) ?? []).sort());
    let d = options.schemaDigests?.get(inputKey);
    if (d === undefined) {
      d = digest(exactJson(schemaFor(file)));
      options.schemaDigests?.set(inputKey, d);
    }
    return { file, inputKey, digest: d };
  };
  const keyOf = (state: ModuleState) =>
    (state.key ??= sha256(
      "validator-module",
      SHARED_DEFINITIONS_LAYOUT,
      String(options.standalone),
      state.module.dialect,
      state.module.path,
      JSON.stringify(state.module.files),
      ...closure(state.module).flatMap((f) => [f, schemaDigest(f)]),
    ));
  const sourcesOf = (module: ValidatorModule): Array<[string, Record<string, unknown>]> => {
    const files = closure(module);
    return [...files.map((file): [string, Record<string, unknown>] => [canonicalUri(file), schemaFor(file)]), ...sharedDefinitions(resolved, new Set(files), schemaFor)];
  };
  /** Compiles every file of the module, in order, in a fresh instance holding what they reach. */
  const compileModule = (state: ModuleState) => {
    if (state.compiled) return state.compiled;
    const a = createAjv(state.module.dialect, { standalone: options.standalone });
    for (const [uri, schema] of sourcesOf(state.module)) a.addSchema(schema, uri);
    const out = new Map<string, ValidateFunction | Error>();
    const flattened = new WeakSet<object>();
    for (const file of state.module.files) {
      try {
        const fn = a.getSchema(canonicalUri(file));
        out.set(file, fn ?? new Error(`schema ${file} is not loaded`));
      } catch (err) {
        out.set(file, err instanceof Error ? err : new Error(String(err)));
      }
      if (options.standalone) flattenCompiledSources(a, flattened);
    }
    state.instance = a;
    state.compiled = out;
    return out;
  };
  /** Whether the module's verdicts are stored, asked once. */
  const knowVerified = (state: ModuleState) => {
    if (state.verified === undefined && options.verdicts) state.verified = options.verdicts.has(keyOf(state));
  };
  /** The module's verdicts, read from the cache on the first validation (a payload found damaged then is none: the data is validated). */
  const verdictsOf = (state: ModuleState): ModuleVerdicts => (state.verdicts ??= (state.verified ? options.verdicts?.load(keyOf(state)) : undefined) ?? {});
  const wrappers = new Map<string, ValidateFunction>();
  /** A validator that answers from the module's verdicts and compiles only for data it has not seen. */
  const remembering = (state: ModuleState, file: string): ValidateFunction => {
    let w = wrappers.get(file);
    if (w) return w;
    const fn = ((data: unknown) => {
      const known = (verdictsOf(state)[file] ??= {});
      const d = dataDigests.valueOf(data, () => digest(exactJson(data)));
      let verdict = known[d];
      if (!verdict) {
        const real = compileModule(state).get(file)!;
        if (real instanceof Error) throw real;
        const valid = real(data) as boolean;
        verdict = [valid, valid ? null : structuredClone(real.errors ?? [])];
        known[d] = verdict;
        state.dirty = true;
      }
      fn.errors = verdict[1] ? structuredClone(verdict[1]) : null;
      return verdict[0];
    }) as ValidateFunction;
    // Read when asked for: a restored file's copy is parsed then, not for every wrapper made.
    Object.defineProperty(fn, "schema", { get: () => resolved.normalized.get(file)!, enumerable: true, configurable: true });
    wrappers.set(file, fn);
    return fn;
  };

  return {
    ajv,
    dialects: () => [...new Set([...instances.keys(), ...[...states.values()].filter((s) => s.instance).map((s) => s.module.dialect)])].sort(),
    validator(file) {
      const state = moduleOfFile.get(file);
      if (state) {
        knowVerified(state);
        if (!state.verified) {
          const fn = compileModule(state).get(file)!;
          if (fn instanceof Error) throw fn;
          if (!options.verdicts) return fn;
        }
        return remembering(state, file);
      }
      let v = compiled.get(file);
      if (!v) {
        const doc = resolved.docs.get(file)!;
        const fn = ajv(doc.dialect).getSchema(canonicalUri(file));
        if (!fn) throw new Error(`schema ${file} is not loaded`);
        v = fn;
        compiled.set(file, v);
      }
      return v;
    },
    modules: () => [...states.values()].map((s) => s.module),
    moduleAjv(path) {
      const state = stateOf(path);
      compileModule(state);
      return state.instance!;
    },
    moduleKey: (path) => keyOf(stateOf(path)),
    moduleSources: (path) => sourcesOf(stateOf(path).module),
    saveVerdicts() {
      options.schemaDigests?.save();
      if (!options.verdicts) return;
      for (const state of states.values()) {
        const compiles = state.verified || (state.compiled !== undefined && [...state.compiled.values()].every((f) => !(f instanceof Error)));
        if (!compiles || !(state.dirty || (state.compiled && !state.verified))) continue;
        options.verdicts.save(keyOf(state), state.verdicts ?? {});
      }
    },
  };
}
