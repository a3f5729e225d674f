/**
 * All schemas of a registry loaded into ajv once, by canonical URI, one ajv instance per dialect
 * in use. The same instances check the examples and emit the standalone validators, so what the
 * generator accepts is exactly what the generated package enforces.
 */
import type { Ajv, ValidateFunction } from "ajv";
import { createAjv, type Dialect } from "../ajv.js";
import { canonicalUri } from "../resolve/resolve-refs.js";
import type { ResolvedRegistry } from "../resolve/resolve-refs.js";
import { walkSchema } from "../resolve/schema-walk.js";

/** Keywords that never change a verdict; the standalone validators embed schemas, so drop them. */
const ANNOTATIONS = ["title", "description", "examples", "$comment", "deprecated", "readOnly", "writeOnly"];

function withoutAnnotations(schema: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(schema);
  walkSchema(copy, ({ node }) => {
    for (const key of Object.keys(node)) if (ANNOTATIONS.includes(key) || key.startsWith("x-")) delete node[key];
  });
  return copy;
}

export interface SchemaSet {
  ajv(dialect: Dialect): Ajv;
  /** Compiles (once) the schema of `file`; throws ajv's compile error. */
  validator(file: string): ValidateFunction;
  dialects(): Dialect[];
}

export function createSchemaSet(resolved: ResolvedRegistry, options: { standalone: boolean }): SchemaSet {
  const instances = new Map<Dialect, Ajv>();
  const compiled = new Map<string, ValidateFunction>();
  const ajv = (dialect: Dialect) => {
    let a = instances.get(dialect);
    if (!a) {
      a = createAjv(dialect, { standalone: options.standalone });
      for (const [file, schema] of [...resolved.normalized].sort(([x], [y]) => x.localeCompare(y))) {
        // $schema is dropped: a shared definition is read in the dialect of the schema using it.
        const { $schema: _ignored, ...rest } = schema;
        a.addSchema(options.standalone ? withoutAnnotations(rest) : rest, canonicalUri(file));
      }
      instances.set(dialect, a);
    }
    return a;
  };
  return {
    ajv,
    dialects: () => [...instances.keys()].sort(),
    validator(file) {
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
  };
}
