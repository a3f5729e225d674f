/**
 * json-schema-to-typescript with the options every emitted type file is made with, loaded on the
 * first call: importing it (and the prettier it requires) costs ~0.2 s of CPU, which a thread
 * that compiles no type, such as the main thread of an edit whose one changed type a compile
 * worker declares (validators/compile-worker.ts), never pays.
 */
import type { Options } from "json-schema-to-typescript";

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

/** The declarations json-schema-to-typescript writes for `schema` (a $ref-free copy the caller prepared) as type `name`. */
export async function schemaDeclarations(schema: Record<string, unknown>, name: string): Promise<string> {
  const { compile } = await (library ??= import("json-schema-to-typescript"));
  return compile(schema as never, name, OPTIONS);
}
