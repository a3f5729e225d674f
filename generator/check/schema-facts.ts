/**
 * What the lint rules find in one schema by walking it, each a function of the schema alone: the
 * steps that apply another subschema to the same value (the `$ref`-cycle rule, schema-rules.ts,
 * searches them besides the `$ref`s; of the canonical copy), the patterns that are no regular
 * expression, every regular expression a validator runs (the backtracking rule judges them,
 * backtracking-rules.ts), the subschemas whose properties name `__proto__`, and the `const` values
 * and `enum` members nested deeper than MAX_VALUE_LEVELS and the subschemas whose TypeScript type
 * nests deeper than MAX_TYPE_LEVELS (keyword-rules.ts), and how many levels its root and each of its
 * definitions nest (ref-nesting.ts counts nesting through `$ref`s from them) (of the file's value).
 * Kept by schema object when that object cannot change: frozen (a long-lived process hands the
 * same frozen object of an unchanged file to every run, load/kept-parses.ts), or handed over with
 * its facts by the front end another process kept (front-end/persisted-front-end.ts stores each
 * file's facts beside its value, so an edit walks only the files it read or resolved again).
 * Such a file's facts are known by the parsed file they came with, too, before its value is
 * parsed (the rules ask by file, FileFacts): an edit then parses none of the files it did not touch.
 */
import { walkSchema } from "../base/schema-walk.js";
import { pathToPointer } from "../load/json-file.js";
import { MAX_TYPE_LEVELS, typeLevelOf } from "./type-levels.js";
import { levelsOf, MAX_VALUE_LEVELS } from "./value-levels.js";
import { plainHeight } from "./plain-height.js";
import { pointerToken } from "../base/json-pointer.js";

export type Step = { from: string; to: string; via: string };
export type PatternProblem = { pointer: string; error: string };
/** A regular expression a validator runs on data: a `pattern` (also under `propertyNames`) or a `patternProperties` key. */
export type Regex = { pointer: string; source: string };
/** A `const` value or an `enum` member nested deeper than MAX_VALUE_LEVELS: where it is, how deep. */
export type DeepValue = { pointer: string; levels: number };
/** A subschema whose type is the first of its chain past MAX_TYPE_LEVELS: where it is, how deep the chain goes under it. */
export type DeepType = { pointer: string; levels: number };
/** Levels of objects and arrays at a pointer, `$ref`s not followed: of the root (""), and of each definition. */
export type Height = [pointer: string, levels: number];

/** A file's facts as another process found them; an empty list is left out. */
export interface SchemaFacts {
  /** Of the canonical copy. */
  steps?: Step[];
  /** Of the value. */
  patterns?: PatternProblem[];
  /** Of the value. */
  regexes?: Regex[];
  proto?: string[];
  /** Of the value. */
  deepValues?: DeepValue[];
  /** Of the value. */
  deepTypes?: DeepType[];
  /** Of the value: the root's, then each definition's (`$defs`, `definitions`), where `$ref`s land. */
  heights?: Height[];
}

const stepsFound = new WeakMap<object, Step[]>();
/** By the parsed file (load's `doc.json`) another process's facts came with. */
const factsOfFile = new WeakMap<object, SchemaFacts>();
/** By object, frozen or not, as before: found once per object in a process. */
const patternsFound = new WeakMap<object, PatternProblem[]>();
const protoFound = new WeakMap<object, readonly string[]>();
const regexesFound = new WeakMap<object, Regex[]>();
const deepValuesFound = new WeakMap<object, DeepValue[]>();
const deepTypesFound = new WeakMap<object, DeepType[]>();
const heightsFound = new WeakMap<object, Height[]>();

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

/** Each `pattern` and `patternProperties` key that is no regular expression (with the `u` flag ajv's code uses). */
export function invalidPatterns(schema: object): PatternProblem[] {
  let found = patternsFound.get(schema);
  if (!found) patternsFound.set(schema, (found = invalidPatternsIn(schema)));
  return found;
}

/** Of the regular expressions the schema holds (regexes), those that do not compile. */
function invalidPatternsIn(schema: object): PatternProblem[] {
  const out: PatternProblem[] = [];
  for (const { pointer, source } of regexes(schema)) {
    try {
      new RegExp(source, "u");
    } catch (err) {
      out.push({ pointer, error: `invalid regular expression ${JSON.stringify(source)}: ${(err as Error).message}` });
    }
  }
  return out;
}

/**
 * The facts of a value the rules ask about, found in one walk of it: its regular expressions, the
 * subschemas whose properties name `__proto__`, its deep `const`/`enum` values and its types nested
 * too deep. Each is kept by the object as its own function always kept it (`__proto__` only of a
 * frozen one).
 */
function walkValue(schema: object): { regexes: Regex[]; proto: string[]; deep: DeepValue[]; deepTypes: DeepType[] } {
  const found = { regexes: [] as Regex[], proto: [] as string[], deep: [] as DeepValue[], deepTypes: [] as DeepType[] };
  // Each subschema's type level, and the chain past the limit it is in (the walk visits a parent
  // first); `under`: the chain its children past the limit start, one for all of them (the members
  // of a union), reported at the first.
  const levels = new Map<object, { level: number; past?: DeepType; under?: DeepType }>();
  walkSchema(schema, ({ node, pointer, parent, parentKeyword }) => {
    const above = parent && levels.get(parent);
    const level = typeLevelOf(node, above && parentKeyword !== undefined ? { level: above.level, keyword: parentKeyword } : undefined);
    let past: DeepType | undefined;
    if (level > MAX_TYPE_LEVELS) {
      past = above?.past ?? above?.under;
      if (!past) {
        found.deepTypes.push((past = { pointer, levels: level }));
        if (above) above.under = past;
      } else if (level > past.levels) past.levels = level;
    }
    levels.set(node, past ? { level, past } : { level });
    if (typeof node.pattern === "string") found.regexes.push({ pointer: `${pointer}/pattern`, source: node.pattern });
    const pp = node.patternProperties;
    if (pp && typeof pp === "object") for (const key of Object.keys(pp)) found.regexes.push({ pointer: `${pointer}/patternProperties${pathToPointer([key])}`, source: key });
    const props = node.properties;
    if (props && typeof props === "object" && Object.prototype.hasOwnProperty.call(props, "__proto__")) found.proto.push(pointer);
    if (Object.prototype.hasOwnProperty.call(node, "const")) {
      const levels = levelsOf(node.const);
      if (levels > MAX_VALUE_LEVELS) found.deep.push({ pointer: `${pointer}/const`, levels });
    }
    if (Array.isArray(node.enum)) {
      node.enum.forEach((member: unknown, i) => {
        const levels = levelsOf(member);
        if (levels > MAX_VALUE_LEVELS) found.deep.push({ pointer: `${pointer}/enum/${i}`, levels });
      });
    }
  });
  regexesFound.set(schema, found.regexes);
  deepValuesFound.set(schema, found.deep);
  deepTypesFound.set(schema, found.deepTypes);
  if (Object.isFrozen(schema)) protoFound.set(schema, Object.freeze(found.proto));
  return found;
}

/** Every regular expression the schema's validator runs on data, with where it is written. */
export function regexes(schema: object): Regex[] {
  return regexesFound.get(schema) ?? walkValue(schema).regexes;
}

/** The pointer of each subschema whose properties name __proto__. */
export function protoProperties(schema: object): readonly string[] {
  return protoFound.get(schema) ?? walkValue(schema).proto;
}

/** Each `const` value and `enum` member nested more than MAX_VALUE_LEVELS levels, by its pointer (an enum's, by the member's). */
export function deepValues(schema: object): DeepValue[] {
  return deepValuesFound.get(schema) ?? walkValue(schema).deep;
}

/** Each subschema whose type nests past MAX_TYPE_LEVELS while the type holding it does not, with the deepest level under it. */
export function deepTypes(schema: object): DeepType[] {
  return deepTypesFound.get(schema) ?? walkValue(schema).deepTypes;
}

/** The levels of the root and of each definition directly under `$defs` or `definitions`: where nearly every `$ref` lands. */
export function heights(schema: object): Height[] {
  let found = heightsFound.get(schema);
  if (found) return found;
  found = [["", plainHeight(schema)]];
  for (const keyword of ["$defs", "definitions"]) {
    const defs = (schema as Record<string, unknown>)[keyword];
    if (defs === null || typeof defs !== "object" || Array.isArray(defs)) continue;
    for (const [name, def] of Object.entries(defs)) found.push([`/${keyword}/${pointerToken(name)}`, plainHeight(def)]);
  }
  heightsFound.set(schema, found);
  return found;
}

/** A file's facts, found now (walking what is not known yet) and kept for the stages after: `value` and `copy` must not change after (nothing after the front end changes them). */
export function factsOf(value: object, copy: object | undefined): SchemaFacts {
  const steps = copy ? sameValueSteps(copy) : [];
  const patterns = invalidPatterns(value);
  const found = regexes(value);
  const proto = [...protoProperties(value)];
  const deep = deepValues(value);
  const tooDeep = deepTypes(value);
  const levels = heights(value);
  knownFacts(value, copy, { steps, patterns, regexes: found, proto, deepValues: deep, deepTypes: tooDeep, heights: levels });
  return {
    ...(steps.length > 0 ? { steps } : {}),
    ...(patterns.length > 0 ? { patterns } : {}),
    ...(found.length > 0 ? { regexes: found } : {}),
    ...(proto.length > 0 ? { proto } : {}),
    ...(deep.length > 0 ? { deepValues: deep } : {}),
    ...(tooDeep.length > 0 ? { deepTypes: tooDeep } : {}),
    heights: levels,
  };
}

/** `facts` found by an earlier process for the same value and canonical copy (factsOf), kept for this one's rules. */
export function knownFacts(value: object, copy: object | undefined, facts: SchemaFacts): void {
  if (copy) stepsFound.set(copy, facts.steps ?? []);
  patternsFound.set(value, facts.patterns ?? []);
  regexesFound.set(value, facts.regexes ?? []);
  protoFound.set(value, facts.proto ?? []);
  deepValuesFound.set(value, facts.deepValues ?? []);
  deepTypesFound.set(value, facts.deepTypes ?? []);
  if (facts.heights) heightsFound.set(value, facts.heights);
}

/** Facts another process found for these very bytes, known by the parsed file restored with them: no rule parses or walks it for them. */
export function knownFileFacts(parsed: object, facts: SchemaFacts): void {
  factsOfFile.set(parsed, facts);
}

/** A registry file as the rules ask about it: the parsed file, its value, its canonical copy. */
export interface FileFacts {
  json: object;
  schema: object;
}

/** The same-value steps of a file's canonical copy: known by its parsed file, or walked (the copy read only then). */
export function stepsOfFile(doc: FileFacts | undefined, copy: () => object): Step[] {
  const known = doc && factsOfFile.get(doc.json);
  return known ? (known.steps ?? []) : sameValueSteps(copy());
}

/** One fact of a file: as another process found it for these very bytes, else found in its value now. */
function factOfFile<K extends "patterns" | "regexes" | "proto" | "deepValues" | "deepTypes" | "heights">(doc: FileFacts, fact: K, find: (schema: object) => NonNullable<SchemaFacts[K]>): NonNullable<SchemaFacts[K]> {
  const known = factsOfFile.get(doc.json);
  // Facts stored without `heights` (never: factsOf always finds them) would read as none: walk the value.
  if (known && fact === "heights" && known.heights === undefined) return find(doc.schema);
  return known ? (known[fact] ?? ([] as NonNullable<SchemaFacts[K]>)) : find(doc.schema);
}

export function patternsOfFile(doc: FileFacts): PatternProblem[] {
  return factOfFile(doc, "patterns", invalidPatterns);
}

export function regexesOfFile(doc: FileFacts): Regex[] {
  return factOfFile(doc, "regexes", regexes);
}

export function protoPropertiesOfFile(doc: FileFacts): readonly string[] {
  // Kept frozen (protoProperties): read-only to every caller, as this function's type says.
  return factOfFile(doc, "proto", (schema) => protoProperties(schema) as string[]);
}

export function deepValuesOfFile(doc: FileFacts): DeepValue[] {
  return factOfFile(doc, "deepValues", deepValues);
}

export function deepTypesOfFile(doc: FileFacts): DeepType[] {
  return factOfFile(doc, "deepTypes", deepTypes);
}

export function heightsOfFile(doc: FileFacts): Height[] {
  return factOfFile(doc, "heights", heights);
}
