/**
 * The front end every command shares: load → resolve → model → check, one function per stage,
 * each taking the result of the one before. `generate` (pipeline.ts), `check` and `check
 * --against` (check-run.ts), the comparison with a released registry (released/) and the commands
 * that read a registry (validate, streams, permissions, asyncapi) all run these functions.
 *
 * Every stage result is plain data that a long-lived process may keep: `generate --watch` can hold
 * a Checked registry and run only the stages after it (emit, format, write) when nothing but the
 * templates changed, or re-run the front end from `load` when a registry file did.
 *
 * Problems are collected in one Diagnostics across the stages, so one run reports every problem;
 * `resolve` and `check` throw RegistryError (listing them all) when there are errors, since no
 * later stage can work on such a registry.
 */
import { resolve as resolvePath } from "node:path";
import { Diagnostics, RegistryError } from "../base/diagnostics.js";
import { checkWithoutValidators, checkWithValidators, type CheckMemos } from "../check/check-registry.js";
import { loadRegistry, type LoadedRegistry, type LoadOptions } from "../load/load-registry.js";
import { buildModel, type RegistryModel } from "../model/registry-model.js";
import { resolveRefs, type ResolvedRegistry } from "../resolve/resolve-refs.js";
import type { KeptResolutions } from "../resolve/kept-resolutions.js";
import type { ModuleCodeCache } from "../validators/module-code.js";
import { validatorModules } from "../validators/module-layout.js";
import { closedOnFailure, compileWorkers, PrecompiledModules, type CompilePool } from "../validators/precompile.js";
import { createSchemaSet, type SchemaDigestMemo, type SchemaSet, type VerdictCache } from "../validators/schema-set.js";

/** Stage 1: the registry folder read and parsed, each file against its meta-schema. */
export interface Loaded {
  /** The registry folder as the caller named it (for messages). */
  dir: string;
  loaded: LoadedRegistry;
  diagnostics: Diagnostics;
}

/** Stage 2: every `$ref` rewritten to a canonical URI; the registry has no error so far. */
export interface Resolved {
  dir: string;
  resolved: ResolvedRegistry;
  diagnostics: Diagnostics;
}

/** Stage 3: events, majors, minors, names, subjects and streams, computed once. */
export interface Modelled extends Resolved {
  model: RegistryModel;
}

/** The registry's schemas in ajv, ready for the check stage. */
export interface Compiled {
  schemas: SchemaSet;
  /** Validator module code already compiled (on worker threads, or read from the persistent cache). */
  code?: ModuleCodeCache;
}

/** Stage 4: linted and compatible; no error in `diagnostics` (warnings may be there). */
export interface Checked extends Modelled, Compiled {}

/** The caches a package build reads and fills (generator/cache); each is optional. */
export interface PackageCompileCaches {
  verdicts?: VerdictCache;
  code?: ModuleCodeCache;
  schemaDigests?: SchemaDigestMemo;
}

/** Problems name their files under `dir` as the user gave it (schemas/registry.json), as the later stages' do. */
export function load(dir: string, options: LoadOptions = {}, diagnostics = new Diagnostics()): Loaded {
  try {
    return { dir, loaded: loadRegistry(resolvePath(dir), diagnostics, options), diagnostics };
  } catch (err) {
    throw err instanceof RegistryError ? new RegistryError(err.diagnostics, dir) : err;
  }
}

/** `kept`: what resolving each file came to on a long-lived process's last run (resolve/kept-resolutions.ts). */
export function resolve({ dir, loaded, diagnostics }: Loaded, kept?: KeptResolutions): Resolved {
  const resolved = resolveRefs(loaded, diagnostics, kept);
  diagnostics.throwIfErrors(dir);
  return { dir, resolved, diagnostics };
}

export function model(resolved: Resolved): Modelled {
  return { ...resolved, model: buildModel(resolved.resolved) };
}

export interface CompileOptions {
  /** Compiled per validator module, as a package needs (each module's code then depends on its own schemas only); else one ajv instance per dialect, the quickest for checking. */
  standalone?: boolean;
  verdicts?: VerdictCache;
}

/** The schemas in ajv, on this thread. */
export function compile({ resolved, model }: Modelled, options: CompileOptions = {}): Compiled {
  const standalone = options.standalone ?? false;
  return { schemas: createSchemaSet(resolved, { standalone, ...(standalone ? { modules: validatorModules(model) } : {}), ...(options.verdicts ? { verdicts: options.verdicts } : {}) }) };
}

/**
 * A package's compile under way: the schema set at once, each module's verdicts as the workers
 * report them, the whole once it is done.
 */
export interface PackageCompile {
  schemas: SchemaSet;
  /**
   * Settles once asking `schemas` about schema `file` costs this thread no compile a worker is
   * doing (validators/precompile.ts, PrecompiledModules.reported); never rejects. What needs the
   * verdicts of a few files (a catalog page) can be made while the workers compile the rest.
   */
  reported(file: string): Promise<void>;
  compiled: Promise<Compiled>;
  /** Settles (never rejects) once the compile is over and every worker it used has stopped: awaited before a run ends. */
  stopped: Promise<void>;
}

/**
 * compile() for a package, with its caches: a large registry's validator modules are compiled on worker threads first
 * (validators/precompile.ts), their results served to the check stage and the validator emitter
 * through the caches they read anyway. `mainThreadBusy`: settles when this thread stops emitting
 * beside the compile (see PrecompiledModules.compile). `started`: a compile worker started
 * before the front end (compileWorkerAhead), used or closed here.
 */
export function compileForPackage({ resolved, model }: Modelled, caches: PackageCompileCaches = {}, mainThreadBusy?: Promise<unknown>, started?: CompilePool): PackageCompile {
  const { modules, workers, precompiled, schemas } = closedOnFailure(started, () => {
    const modules = validatorModules(model);
    const workers = compileWorkers(modules);
    const precompiled = workers > 0 ? new PrecompiledModules({ ...(caches.verdicts ? { verdicts: caches.verdicts } : {}), ...(caches.code ? { code: caches.code } : {}) }) : undefined;
    const verdicts = precompiled?.verdicts ?? caches.verdicts;
    const schemas = createSchemaSet(resolved, { standalone: true, modules, ...(verdicts ? { verdicts } : {}), ...(caches.schemaDigests ? { schemaDigests: caches.schemaDigests } : {}) });
    return { modules, workers, precompiled, schemas };
  });
  const compiled = (async (): Promise<Compiled> => {
    try {
      if (workers === 0) await started?.close();
      await precompiled?.compile(model, schemas, workers, mainThreadBusy, started);
      const code = precompiled?.code ?? caches.code;
      return { schemas, ...(code ? { code } : {}) };
    } catch (err) {
      // Closed already when the compile ran; a failure before it leaves the thread to close here.
      await started?.close();
      throw err;
    }
  })();
  const moduleOf = new Map(modules.flatMap((module) => module.files.map((file) => [file, module.path] as const)));
  const reported = (file: string): Promise<void> => {
    const path = moduleOf.get(file);
    return precompiled && path !== undefined ? precompiled.reported(path) : Promise.resolve();
  };
  const stopped = compiled.then(
    () => precompiled?.stopped(),
    () => precompiled?.stopped(),
  );
  return { schemas, reported, compiled, stopped };
}

/** Every lint rule, then the compatibility of each major's minors; throws RegistryError on an error. `memos`: what earlier runs found (a cache). */
export function check(modelled: Modelled, compiled: Compiled, memos: CheckMemos = {}): Checked {
  return checkAsCompiled(modelled, compiled.schemas, memos)(compiled);
}

/**
 * The check in its two steps (check/check-registry.ts): what asks for no validator now, while the
 * workers compile `schemas`; the rest, then the verdict (RegistryError on an error, as `check`),
 * once the compile is given.
 */
export function checkAsCompiled(modelled: Modelled, schemas: SchemaSet, memos: CheckMemos = {}): (compiled: Compiled) => Checked {
  checkWithoutValidators(modelled.model, schemas, modelled.diagnostics, memos);
  return (compiled) => {
    checkWithValidators(modelled.model, compiled.schemas, modelled.diagnostics, memos);
    modelled.diagnostics.throwIfErrors(modelled.dir);
    return { ...modelled, ...compiled };
  };
}

/** load → resolve → model: a registry as a model (the comparison with a released registry needs no more). */
export function modelRegistry(dir: string, options: LoadOptions = {}): Modelled {
  return model(resolve(load(dir, options)));
}

/** load → resolve → model → check, as `jetschema check` runs it; throws RegistryError listing every problem. */
export function checkRegistryAt(dir: string, options: CompileOptions = {}): Checked {
  const modelled = modelRegistry(dir);
  return check(modelled, compile(modelled, options));
}
