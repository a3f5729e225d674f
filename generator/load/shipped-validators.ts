/**
 * The validators every command needs before it reads a schema, shipped compiled: registry.json's
 * (registry.schema.json) and each dialect's meta-schema's, for every `$schema` a registry file may
 * declare. ajv compiled them at run time in every process without a cache (~130 ms of a `check`
 * of ~450 ms, ~190 ms of a cold `generate`'s serial start); `npm run build`
 * (tools/shipped-validators.mjs) writes their standalone code beside the command line's bundle,
 * and a process evaluates it instead: it is the code of the very functions ajv compiles, so they
 * accept and reject what ajv's do, with the same errors (test/generator/shipped-validators.test.ts).
 *
 * The code is trusted only as made: with the ajv and ajv-formats versions installed now (its
 * requires are their runtime helpers), and, for registry.json's, from registry.schema.json's
 * present text. Otherwise, and when the generator runs from its sources (tests, tsx), there is
 * nothing shipped and the caller compiles as before.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject } from "ajv";
import { digest } from "../base/hash.js";
import { installedVersion } from "../base/installed-version.js";

export const SHIPPED_VALIDATORS_FILE = "shipped-validators.json";

export interface ShippedValidators {
  /** The versions the code was made with. */
  ajv: string;
  ajvFormats: string;
  /** Digest of the registry.schema.json text `registry` was compiled from. */
  registrySchema: string;
  /** Standalone code (CommonJS) of registry.json's validator. */
  registry: string;
  /** Standalone code of each meta-schema validator, by meta-schema-check.ts's key (dialect and declared `$schema`). */
  metaSchemas: Record<string, string>;
}

export type StandaloneValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const require = createRequire(import.meta.url);
const BESIDE_THIS_CODE = new URL(`./${SHIPPED_VALIDATORS_FILE}`, import.meta.url);

let shipped: ShippedValidators | null | undefined;

/** What the build shipped beside this code, when its versions are the installed ones; read once per process. */
export function shippedValidators(): ShippedValidators | undefined {
  if (shipped === undefined) shipped = trusted(readShipped(BESIDE_THIS_CODE)) ?? null;
  return shipped ?? undefined;
}

/** `data` when it was made with the installed versions of ajv and ajv-formats (`installed`, for tests). */
export function trusted(data: ShippedValidators | undefined, installed: (name: string) => string = installedVersion): ShippedValidators | undefined {
  if (!data || data.ajv !== installed("ajv") || data.ajvFormats !== installed("ajv-formats")) return undefined;
  return data;
}

export function readShipped(file: URL | string): ShippedValidators | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ShippedValidators;
  } catch {
    return undefined;
  }
}

/** registry.json's shipped validator, when it was compiled from `schemaText` (registry.schema.json as read now). */
export function shippedRegistryValidator(schemaText: string, data = shippedValidators()): StandaloneValidator | undefined {
  return data && data.registrySchema === digest(schemaText) ? evaluatedValidator(data.registry) : undefined;
}

/** Code evaluated in this process, by its text. */
const evaluated = new Map<string, StandaloneValidator>();

/** The CommonJS module of standalone `code` run with this package's `require` (its requires are ajv's runtime helpers). */
export function evaluatedValidator(code: string): StandaloneValidator {
  let validate = evaluated.get(code);
  if (!validate) {
    const module = { exports: {} as { default?: StandaloneValidator } };
    new Function("require", "module", "exports", code)(require, module, module.exports);
    validate = module.exports as unknown as StandaloneValidator;
    evaluated.set(code, validate);
  }
  return validate;
}
