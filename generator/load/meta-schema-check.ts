/**
 * A schema file checked against its dialect's meta-schema, as ajv's `validateSchema` checks it.
 * ajv compiles the meta-schema the first time a process asks (~50 ms of an edit's main thread for
 * its one edited file, more under load). With a store (the generator cache, kind
 * `meta-schema-code`), the validator ajv compiled is kept as its standalone code, by the dialect
 * and the `$schema` the file declares (which pick the meta-schema), and a later process evaluates
 * that code instead of compiling: it is the code of the very function ajv compiled, so it accepts
 * and rejects what ajv's does, with the same errors. The options and the ajv version it was made
 * with are the cache fingerprint's. Without a stored one, the code the build shipped serves
 * (shipped-validators.ts), made the same way.
 */
import { createRequire } from "node:module";
import type { Ajv, ErrorObject } from "ajv";
import { createAjv, type Dialect } from "../base/ajv.js";
import { evaluatedValidator, shippedValidators } from "./shipped-validators.js";

export interface MetaSchemaCodeStore {
  get(key: string): string | undefined;
  set(key: string, code: string): void;
}

const require = createRequire(import.meta.url);

/** Created on first use: after an edit, most files are known valid and need no meta-schema. Kept by a long-lived process, which loads the registry again on every save. */
const metaAjv: Partial<Record<Dialect, Ajv>> = {};

/** ajv's errors for `schema` against its meta-schema; undefined when it is valid. */
export function metaSchemaErrors(schema: Record<string, unknown>, dialect: Dialect, store?: MetaSchemaCodeStore): ErrorObject[] | undefined {
  const key = metaSchemaKey(dialect, schema);
  const code = store?.get(key) ?? shippedValidators()?.metaSchemas[key];
  if (code !== undefined) {
    const validate = evaluatedValidator(code);
    return validate(schema) ? undefined : (validate.errors ?? []);
  }
  // `source`: ajv keeps each validator's code, for standalone code.
  const ajv = (metaAjv[dialect] ??= createAjv(dialect, { source: true }));
  const valid = ajv.validateSchema(schema);
  const errors = valid ? undefined : (ajv.errors ?? []);
  if (store) {
    const made = standaloneOf(ajv, schema);
    if (made !== undefined) store.set(key, made);
  }
  return errors;
}

/** The standalone code of the validator ajv's validateSchema just used for `schema`, or undefined when it cannot be told or written. */
function standaloneOf(ajv: Ajv, schema: Record<string, unknown>): string | undefined {
  // The meta-schema validateSchema takes: the declared `$schema`, else the instance's default.
  const meta = typeof schema.$schema === "string" ? schema.$schema : (ajv.opts.defaultMeta ?? ajv.defaultMeta());
  const validate = typeof meta === "string" ? ajv.getSchema(meta) : undefined;
  if (!validate) return undefined;
  try {
    const module = require("ajv/dist/standalone/index.js") as { default: (ajv: Ajv, validate: unknown) => string };
    return module.default(ajv, validate);
  } catch {
    return undefined;
  }
}

/** Which meta-schema validator checks `schema`: its dialect and the `$schema` it declares. */
export function metaSchemaKey(dialect: Dialect, schema: Record<string, unknown>): string {
  return `${dialect}\n${JSON.stringify(schema.$schema ?? null)}`;
}
