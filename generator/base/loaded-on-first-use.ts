/**
 * A CommonJS package loaded by `require` the first time it is asked for, not with the module that
 * uses it: a run that never needs it (esbuild when every validator module comes from the cache or
 * a worker, jsonc-parser when every file parses natively, yaml when yaml-text writes every section)
 * never pays for loading it. CommonJS, so `require` loads it synchronously where it is first needed.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** A getter of the package `specifier`, loading it on its first call. */
export function loadedOnFirstUse<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
