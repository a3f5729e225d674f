/**
 * ajv keeps each compiled function's code for standalone output (`validate.source.validateCode`)
 * as a rope of many small strings, held until the module's code is made from them. Made flat as
 * soon as each schema is compiled, the rope's pieces die young: held through the whole module,
 * every scavenge copied them and then promoted them, and a compile worker spent a fifth of its
 * time collecting (47 modules of the 1000-event registry in one worker, 12 MB young generation:
 * GC pauses 1.42-1.55 s against 0.61-0.68 s, CPU 7.0-7.9 s against 5.4-6.1 s, the same code;
 * docs/performance.md, "ajv's code made flat as it is compiled"). The flat copy also holds the
 * same text in a fraction of the rope's memory, which the check stage keeps for the whole run.
 *
 * Tolerant of ajv's internals changing: it only replaces a string by an equal one where it finds
 * one, and finds none if they moved.
 */
import type { Ajv } from "ajv";
import { flatCopy } from "../base/flat-text.js";

interface CompiledSource {
  validateCode?: unknown;
}

/**
 * Makes flat the code of every function `ajv` has compiled since the last call with the same
 * `flattened` (the sources done already): call it after each `getSchema`, whose compile may have
 * compiled the schemas it references too.
 */
export function flattenCompiledSources(ajv: Ajv, flattened: WeakSet<object>): void {
  const internals = ajv as unknown as { schemas?: Record<string, unknown>; refs?: Record<string, unknown> };
  for (const envs of [internals.schemas, internals.refs]) {
    for (const env of Object.values(envs ?? {})) {
      flatten(env, flattened);
      // A reference into a schema (`other.json#/definitions/X`) compiles to a function of its own,
      // which ajv keeps with the schema holding the reference, not by a name of the instance.
      const refs = (env as { refs?: Record<string, unknown> } | undefined)?.refs;
      if (refs && typeof refs === "object") for (const referenced of Object.values(refs)) flatten(referenced, flattened);
    }
  }
}

function flatten(env: unknown, flattened: WeakSet<object>): void {
  const source = (env as { validate?: { source?: CompiledSource } } | undefined)?.validate?.source;
  if (!source || flattened.has(source) || typeof source.validateCode !== "string") return;
  source.validateCode = flatCopy(source.validateCode);
  flattened.add(source);
}
