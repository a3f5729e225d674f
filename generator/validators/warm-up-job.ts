/**
 * A small module a compile worker started ahead of the front end (precompile.ts's
 * compileWorkerAhead) compiles while it waits for its first real one: ajv's compiler, its
 * standalone code, the error compaction and esbuild's service then run warm for the module an
 * edit waits on, instead of cold. The schema uses the keywords and formats an event schema does
 * most often; its result is discarded.
 */
import type { CompileJob, DeclarationsJob } from "./compile-worker.js";

const URI = "https://jetschema.local/_warm-up/1.0.json";

const SCHEMA: Record<string, unknown> = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: ["id", "at", "amount", "lines"],
  additionalProperties: false,
  properties: {
    id: { type: "string", format: "uuid" },
    at: { type: "string", format: "date-time" },
    email: { type: "string", format: "email" },
    site: { type: "string", format: "uri" },
    code: { type: "string", minLength: 1, maxLength: 64, pattern: "^[a-z][a-z0-9-]*$" },
    count: { type: "integer", minimum: 0 },
    ratio: { type: "number", exclusiveMaximum: 1 },
    flag: { type: "boolean" },
    state: { type: "string", enum: ["open", "closed"] },
    amount: { $ref: "#/definitions/Money" },
    lines: { type: "array", minItems: 1, items: { type: "object", required: ["sku"], properties: { sku: { type: "string" }, quantity: { type: "integer", minimum: 1 } } } },
  },
  definitions: {
    Money: { type: "object", required: ["value", "currency"], properties: { value: { type: "string", pattern: "^-?[0-9]+(\\.[0-9]+)?$" }, currency: { type: "string", minLength: 3, maxLength: 3 } } },
  },
};

export const WARM_UP_JOB: CompileJob = {
  dialect: "draft7",
  sources: [[URI, SCHEMA]],
  files: [["_warm-up/1.0.json", URI]],
  queries: { "_warm-up/1.0.json": [{ id: "x" }] },
  exported: { refs: { warmUp: URI }, exports: [["_warm-up/1.0.json", "warmUp"]] },
};

/** A small type declared first, so json-schema-to-typescript is loaded and warm for an edit's own types; its result is discarded. */
export const WARM_UP_DECLARATIONS: DeclarationsJob = {
  declare: {
    name: "WarmUp",
    schema: {
      type: "object",
      title: "WarmUp",
      required: ["id"],
      additionalProperties: false,
      properties: {
        id: { type: "string", description: "An identifier." },
        count: { type: "integer" },
        state: { type: "string", enum: ["open", "closed"] },
        lines: { type: "array", items: { type: "object", title: "WarmUpLine", properties: { sku: { type: "string" } } } },
        amount: { tsType: "Money" },
      },
    },
  },
};
