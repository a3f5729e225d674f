/**
 * The examples of one major, each validated at generate time against every minor of that major
 * with the same ajv instances the generated validators come from. An example its own version
 * rejects stops generation (the lint stage reports it first, with file and pointer).
 */
import type { SchemaSet } from "../../validators/schema-set.js";
import type { MajorModel } from "../../model/registry-model.js";

export interface ValidatedExample {
  value: unknown;
  /** Versions (of this major) the example is valid against, oldest first. */
  validAgainst: string[];
  /** Versions whose schema lists it. */
  from: string[];
}

export function majorExamples(major: MajorModel, schemas: SchemaSet): ValidatedExample[] {
  const seen = new Map<string, ValidatedExample>();
  for (const v of [...major.versions].reverse()) {
    const examples = v.doc.head.examples;
    if (!Array.isArray(examples)) continue;
    for (const value of examples) {
      const key = JSON.stringify(value);
      const known = seen.get(key);
      if (known) {
        known.from.unshift(v.version);
        continue;
      }
      seen.set(key, { value, validAgainst: [], from: [v.version] });
    }
  }
  for (const [key, example] of seen) {
    for (const v of major.versions) {
      if (schemas.validator(v.file)(example.value)) example.validAgainst.push(v.version);
    }
    const own = example.from[example.from.length - 1]!;
    if (!example.validAgainst.includes(own)) {
      throw new Error(`internal: an example of ${major.event} ${own} is not valid against its own schema: ${key.slice(0, 200)}`);
    }
  }
  return [...seen.values()];
}
