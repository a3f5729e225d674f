/**
 * json-schema-to-typescript with the options every emitted type file is made with, loaded on the
 * first call: loading it and declaring a first type take ~47 ms of CPU (~66 ms with the prettier
 * core it requires and never runs here, which is left unloaded), which a thread that compiles no
 * type, such as the main thread of an edit whose one changed type a compile worker declares
 * (validators/compile-worker.ts), never pays.
 */
import type { Options } from "json-schema-to-typescript";
import { createRequire } from "node:module";
import { requireOnFirstUse } from "./required-on-first-use.js";

const OPTIONS: Partial<Options> = {
  bannerComment: "",
  format: false,
  additionalProperties: false,
  unknownAny: true,
  ignoreMinAndMaxItems: true,
  strictIndexSignatures: true,
  declareExternallyReferenced: true,
  // The type rules (emit/types/type-rules.ts) replace every $ref before the compile, so
  // json-schema-ref-parser has nothing to resolve or dereference: its crawls of the whole schema
  // (twice per call) are skipped.
  $refOptions: { resolve: { external: false, http: false, file: false }, dereference: { excludedPathMatcher: () => true } } as Options["$refOptions"],
};

let library: Promise<typeof import("json-schema-to-typescript")> | undefined;

/**
 * json-schema-to-typescript, its prettier left unloaded until used (base/required-on-first-use.ts):
 * with `format: false` it never is, and a thread declaring types does not compile prettier's core.
 */
function loadLibrary(): Promise<typeof import("json-schema-to-typescript")> {
  requireOnFirstUse("prettier", createRequire(import.meta.url).resolve("json-schema-to-typescript"));
  return import("json-schema-to-typescript");
}

/** The declarations json-schema-to-typescript writes for `schema` (a $ref-free copy the caller prepared) as type `name`. */
export async function schemaDeclarations(schema: Record<string, unknown>, name: string): Promise<string> {
  const { compile } = await (library ??= loadLibrary());
  return compile(schema as never, name, OPTIONS);
}
