/**
 * A worker thread's job for validators/precompile.ts: compile one validator module in a fresh ajv
 * instance exactly as schema-set.ts would (same options, same schemas in the same order), answer
 * the validations the run will ask of it, and emit its standalone code. Anything unexpected (a
 * schema that does not compile, a validation that throws) returns `undefined`: the main thread
 * then compiles that module itself and reports the problem with its file and pointer.
 */
import type { ErrorObject } from "ajv";
import { createAjv, type Dialect } from "../base/ajv.js";
import { digest, exactJson } from "../base/hash.js";
import { internStrings } from "../base/interned-strings.js";
import { moduleCodeAsync } from "./module-code.js";
import type { ModuleExports } from "./module-layout.js";
import type { ModuleVerdicts } from "./schema-set.js";

export interface CompileJob {
  dialect: Dialect;
  /** [canonical URI, schema] of every file the module reaches, in the order schema-set adds them. */
  sources: Array<[string, Record<string, unknown>]>;
  /** The module's files, in compile order, with their canonical URIs. */
  files: Array<[file: string, uri: string]>;
  /** Data each file will be asked about (the examples of its major). */
  queries: Record<string, unknown[]>;
  exported: ModuleExports;
}

export interface CompileResult {
  verdicts: ModuleVerdicts;
  code: { js: string; dts: string };
}

/**
 * Async only for the minifier: the module is compiled and checked synchronously, then esbuild
 * minifies it while this thread takes its next job (precompile.ts gives each worker two at once).
 */
export async function handle(job: CompileJob): Promise<CompileResult | undefined> {
  try {
    const ajv = createAjv(job.dialect, { standalone: true, eager: true });
    // Structured-cloned strings would make the module's code two-byte text (base/interned-strings.ts).
    for (const [uri, schema] of internStrings(job.sources)) ajv.addSchema(schema, uri);
    const verdicts: ModuleVerdicts = {};
    // Every file first, as schema-set compiles a module, so the code comes out the same.
    const validators = job.files.map(([file, uri]) => {
      const validate = ajv.getSchema(uri);
      if (!validate) throw new Error(`schema ${file} is not loaded`);
      return [file, validate] as const;
    });
    for (const [file, validate] of validators) {
      const known: ModuleVerdicts[string] = (verdicts[file] = {});
      for (const data of job.queries[file] ?? []) {
        const valid = validate(data) as boolean;
        known[digest(exactJson(data))] = [valid, valid ? null : ((validate.errors ?? []) as ErrorObject[])];
      }
    }
    return { verdicts, code: await moduleCodeAsync(ajv, job.exported) };
  } catch {
    return undefined;
  }
}
