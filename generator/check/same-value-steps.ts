/**
 * Each step within a schema that applies another subschema to the same value, by pointer: what
 * the `$ref`-cycle rule (schema-rules.ts) searches besides the `$ref`s. Kept by schema object when
 * that object cannot change: frozen (a long-lived process hands the same frozen object of an
 * unchanged file to every run, load/kept-parses.ts), or handed over with its steps by the front
 * end another process kept (front-end/persisted-front-end.ts stores each file's steps beside its
 * canonical copy, so an edit walks only the files it resolved again).
 */
import { walkSchema } from "../base/schema-walk.js";
import { pathToPointer } from "../load/json-file.js";

export type Step = { from: string; to: string; via: string };

const stepsFound = new WeakMap<object, Step[]>();

export function sameValueSteps(schema: object): Step[] {
  let found = stepsFound.get(schema);
  if (found) return found;
  found = [];
  const steps = found;
  walkSchema(schema, ({ node, pointer }) => {
    for (const k of ["allOf", "anyOf", "oneOf"]) {
      const list = node[k];
      if (Array.isArray(list)) list.forEach((_, i) => steps.push({ from: pointer, to: `${pointer}/${k}/${i}`, via: k }));
    }
    for (const k of ["not", "if", "then", "else"]) if (node[k] !== undefined) steps.push({ from: pointer, to: `${pointer}/${k}`, via: k });
    for (const k of ["dependentSchemas", "dependencies"]) {
      const deps = node[k];
      if (deps && typeof deps === "object" && !Array.isArray(deps)) {
        for (const [name, value] of Object.entries(deps)) {
          if (!Array.isArray(value)) steps.push({ from: pointer, to: `${pointer}/${k}/${pathToPointer([name]).slice(1)}`, via: k });
        }
      }
    }
  });
  if (Object.isFrozen(schema)) stepsFound.set(schema, Object.freeze(steps) as Step[]);
  return steps;
}

/** `schema`'s steps, found by an earlier process for the same canonical copy: the object must not change after (nothing after the front end changes it). */
export function knownSameValueSteps(schema: object, steps: Step[]): void {
  stepsFound.set(schema, steps);
}
