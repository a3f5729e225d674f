/**
 * Mechanical instance mutation for differential validator tests: given a schema and a valid
 * instance, produces instances that each change ONE thing — drop a property, give a value the
 * wrong type, step over a minLength/maxLength/minimum/maximum/multipleOf/minItems/… bound, break
 * a pattern/enum/const/format, add an unknown property, … — at the root and, recursively, inside
 * nested objects and arrays. Boundary values that stay valid are produced too: a differential test
 * learns as much from "both accept" as from "both reject".
 *
 * Deterministic: no randomness; the same schema and instance always give the same list.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type SchemaNode = Record<string, unknown> | boolean;
/** Resolves a `$ref` value (already absolute) to the schema it points to. */
export type RefResolver = (ref: string) => SchemaNode;

export interface Mutant {
  /** Where and what, e.g. `/checks/0/status: not in enum`. */
  label: string;
  value: Json;
}

/** One value of every JSON type. */
export const TYPE_SAMPLES: ReadonlyArray<readonly [string, Json]> = [
  ["null", null],
  ["boolean", true],
  ["integer", 7],
  ["number", 1.5],
  ["string", "text"],
  ["array", []],
  ["object", {}],
];

/** Strings around each format's edge (some valid, most not). */
const FORMAT_SAMPLES: Record<string, string[]> = {
  "date-time": [
    "2024-13-01T00:00:00Z",
    "2024-02-30T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T23:59:60Z",
    "2024-01-01T00:00:00",
    "2024-01-01 00:00:00Z",
    "2024-01-01t00:00:00z",
    "2024-01-01T00:00:00.123+01:00",
    "2024-01-01",
    "not a date",
  ],
  date: ["2024-02-30", "2024-1-01", "2024-01-01T00:00:00Z", "2023-02-29", "2024-02-29"],
  time: ["24:00:00Z", "12:00:00", "12:00:00+25:00", "12:00:00.5Z"],
  email: ["no-at-sign", "a@b", "@example.com", "a@example.com", "a b@example.com"],
  hostname: ["-bad.example", "a".repeat(64) + ".example", "ok.example", "bad_host"],
  ipv4: ["256.0.0.1", "1.2.3", "01.2.3.4", "127.0.0.1"],
  ipv6: ["::1", "1::2::3", "12345::", "::ffff:1.2.3.4"],
  uri: ["relative/path", "http://exa mple.com", "urn:isbn:0451450523", "https://example.com/a?b#c"],
  "uri-reference": ["\\\\bad", "#frag", "//host/path"],
  uuid: ["550e8400-e29b-41d4-a716-446655440000", "550e8400e29b41d4a716446655440000", "550e8400-e29b-41d4-a716-44665544000g"],
  regex: ["(unclosed", "^[a-z]+$", "\\"],
};

export function jsonType(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeAllowed(types: string[], v: Json): boolean {
  const t = jsonType(v);
  return types.includes(t) || (t === "integer" && types.includes("number"));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isJsonObject(v: Json): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function codePoints(s: string): string[] {
  return Array.from(s);
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

export class Mutator {
  constructor(
    private readonly resolveRef: RefResolver,
    private readonly maxDepth = 8,
  ) {}

  /** The schema objects that apply to one location: the schema itself, its $ref targets and allOf members. */
  facets(schema: SchemaNode, seen = new Set<unknown>()): Record<string, unknown>[] {
    if (!isObject(schema) || seen.has(schema)) return [];
    seen.add(schema);
    const out = [schema];
    if (typeof schema.$ref === "string") out.push(...this.facets(this.resolveRef(schema.$ref), seen));
    if (Array.isArray(schema.allOf)) for (const s of schema.allOf) out.push(...this.facets(s as SchemaNode, seen));
    return out;
  }

  /** Every mutant of `value` (valid for `schema`), labelled with its location below `path`. */
  mutate(schema: SchemaNode, value: Json, path = "", depth = 0): Mutant[] {
    const out: Mutant[] = [];
    const add = (what: string, v: Json) => out.push({ label: `${path || "/"}: ${what}`, value: v });
    const facets = this.facets(schema);
    const values = <T = unknown>(key: string): T[] => facets.filter((f) => key in f).map((f) => f[key] as T);

    // Wrong types (and, where no type is declared, every type: both verdicts are worth comparing).
    const declared = values<string | string[]>("type");
    const types = declared.length > 0 ? [declared[0]!].flat() : undefined;
    for (const [name, sample] of TYPE_SAMPLES) {
      if (types ? !typeAllowed(types, sample) : jsonType(sample) !== jsonType(value)) add(`type ${name}`, sample);
    }

    for (const list of values<Json[]>("enum")) {
      if (!Array.isArray(list)) continue;
      const first = list[0];
      const candidates: Json[] = [
        typeof first === "string" ? `${first}_x` : typeof first === "number" ? first + 1 : "not-in-enum",
        typeof first === "string" ? first.toUpperCase() : String(first),
        typeof first === "string" ? ` ${first}` : null,
      ];
      for (const c of candidates) if (!list.some((m) => same(m, c))) add(`not in enum (${JSON.stringify(c)})`, c);
    }
    for (const c of values<Json>("const")) {
      add("not the const", typeof c === "string" ? `${c}_x` : typeof c === "number" ? c + 1 : "not-the-const");
    }

    if (typeof value === "string") this.stringMutants(values, value, add);
    if (typeof value === "number") this.numberMutants(values, types, value, add);
    if (depth < this.maxDepth) {
      if (Array.isArray(value)) out.push(...this.arrayMutants(values, value, path, depth, add));
      else if (isJsonObject(value)) out.push(...this.objectMutants(values, value, path, depth, add));
    }
    return out;
  }

  private stringMutants(values: <T = unknown>(key: string) => T[], value: string, add: (what: string, v: Json) => void): void {
    const chars = codePoints(value);
    const filler = chars.at(-1) ?? "a";
    for (const min of values<number>("minLength")) {
      if (min > 0) add(`minLength ${min} - 1`, (chars.length >= min ? chars.slice(0, min - 1) : []).join(""));
      add(`minLength ${min} exactly`, (chars.length >= min ? chars.slice(0, min) : chars.concat(Array(min - chars.length).fill(filler))).join(""));
    }
    for (const max of values<number>("maxLength")) {
      const at = chars.length >= max ? chars.slice(0, max) : chars.concat(Array(max - chars.length).fill(filler));
      add(`maxLength ${max} exactly`, at.join(""));
      add(`maxLength ${max} + 1`, at.concat([filler]).join(""));
      // Length is counted in code points, not UTF-16 units: an astral character sits on the edge.
      add(`maxLength ${max} with an astral character`, at.slice(0, Math.max(0, max - 1)).concat(["😀"]).join(""));
    }
    for (const pattern of values<string>("pattern")) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(pattern, "u");
      } catch {
        re = undefined;
      }
      const candidates = [` ${value}`, `${value} `, "", `${value}\n`, `\n${value}`, `-${chars.slice(1).join("")}`, `${value}é`, `${value}😀`];
      for (const c of candidates) {
        // Keep real violations, plus the newline edge either way ($ must not match before a final \n).
        if (!re || !re.test(c) || c.includes("\n")) add(`pattern ${pattern} (${JSON.stringify(c)})`, c);
      }
    }
    for (const format of values<string>("format")) {
      for (const c of [...(FORMAT_SAMPLES[format] ?? []), "", `${value}x`, ` ${value}`, chars.slice(0, -1).join("")]) {
        add(`format ${format} (${JSON.stringify(c)})`, c);
      }
    }
  }

  private numberMutants(
    values: <T = unknown>(key: string) => T[],
    types: string[] | undefined,
    value: number,
    add: (what: string, v: Json) => void,
  ): void {
    if (types?.includes("integer") && !types.includes("number")) {
      add("integer + 0.5", value + 0.5);
      add("integer as 1.0e21", 1e21);
    }
    add("unsafe integer", 2 ** 53 + 1);
    for (const min of values<number>("minimum")) {
      add(`minimum ${min} - 1`, min - 1);
      add(`minimum ${min} - 0.5`, min - 0.5);
      add(`minimum ${min} exactly`, min);
    }
    for (const max of values<number>("maximum")) {
      add(`maximum ${max} + 1`, max + 1);
      add(`maximum ${max} exactly`, max);
    }
    for (const ex of values<number | boolean>("exclusiveMinimum")) if (typeof ex === "number") add(`exclusiveMinimum ${ex} exactly`, ex);
    for (const ex of values<number | boolean>("exclusiveMaximum")) if (typeof ex === "number") add(`exclusiveMaximum ${ex} exactly`, ex);
    for (const m of values<number>("multipleOf")) add(`multipleOf ${m} + ${m / 2}`, value + m / 2);
  }

  private objectMutants(
    values: <T = unknown>(key: string) => T[],
    value: { [key: string]: Json },
    path: string,
    depth: number,
    add: (what: string, v: Json) => void,
  ): Mutant[] {
    const nested: Mutant[] = [];
    const properties: Record<string, SchemaNode> = Object.assign({}, ...values<Record<string, SchemaNode>>("properties"));
    const patternProperties: Record<string, SchemaNode> = Object.assign({}, ...values<Record<string, SchemaNode>>("patternProperties"));
    const additional = values<SchemaNode>("additionalProperties");
    const required = new Set(values<string[]>("required").flat());

    for (const key of Object.keys(value)) {
      const { [key]: _dropped, ...rest } = value;
      add(`drop ${required.has(key) ? "required" : "optional"} property ${JSON.stringify(key)}`, rest);
    }
    for (const min of values<number>("minProperties")) add(`minProperties ${min}: empty object`, {});
    for (const max of values<number>("maxProperties")) {
      const extra: { [key: string]: Json } = { ...value };
      for (let i = 0; Object.keys(extra).length <= max; i++) extra[`extra_${i}`] = i;
      add(`maxProperties ${max} + 1`, extra);
    }

    // Unknown properties: with each type of value, and with names that are JavaScript built-ins.
    const closed = additional.some((a) => a === false);
    for (const [name, sample] of TYPE_SAMPLES) add(`unknown property (${name})${closed ? " where additionalProperties is false" : ""}`, { ...value, __unknown__: sample });
    for (const builtin of ["constructor", "toString", "hasOwnProperty"]) add(`unknown property ${builtin}`, { ...value, [builtin]: "x" });

    // Declared properties the instance lacks: present with every type of value.
    for (const key of Object.keys(properties).sort()) {
      if (key in value) continue;
      for (const [name, sample] of TYPE_SAMPLES) add(`absent property ${JSON.stringify(key)} set to ${name}`, { ...value, [key]: sample });
    }

    // Recurse into every present property with the schema(s) that govern it.
    for (const key of Object.keys(value)) {
      const schemas: SchemaNode[] = [];
      if (key in properties) schemas.push(properties[key]!);
      for (const [p, s] of Object.entries(patternProperties)) if (new RegExp(p, "u").test(key)) schemas.push(s);
      if (schemas.length === 0) for (const a of additional) if (isObject(a)) schemas.push(a);
      if (schemas.length === 0) schemas.push(true); // unconstrained: still mutate its type and its insides
      for (const s of schemas) {
        for (const m of this.mutate(s, value[key]!, `${path}/${escapePointer(key)}`, depth + 1)) {
          nested.push({ label: m.label, value: { ...value, [key]: m.value } });
        }
      }
    }
    return nested;
  }

  private arrayMutants(
    values: <T = unknown>(key: string) => T[],
    value: Json[],
    path: string,
    depth: number,
    add: (what: string, v: Json) => void,
  ): Mutant[] {
    const nested: Mutant[] = [];
    add("empty array", []);
    for (const [name, sample] of TYPE_SAMPLES) add(`extra item (${name})`, [...value, sample]);
    if (value.length > 0) add("first item repeated", [...value, value[0]!]);
    for (const min of values<number>("minItems")) if (min > 0) add(`minItems ${min} - 1`, value.slice(0, min - 1));
    for (const max of values<number>("maxItems")) {
      const over = [...value];
      while (over.length <= max) over.push(value[0] ?? null);
      add(`maxItems ${max} + 1`, over);
    }
    const items = values<SchemaNode | SchemaNode[]>("items");
    value.forEach((item, i) => {
      const schemas: SchemaNode[] = items.map((it) => (Array.isArray(it) ? (it[i] ?? true) : it));
      if (schemas.length === 0) schemas.push(true);
      for (const s of schemas) {
        for (const m of this.mutate(s, item, `${path}/${i}`, depth + 1)) {
          const copy = [...value];
          copy[i] = m.value;
          nested.push({ label: m.label, value: copy });
        }
      }
    });
    return nested;
  }
}

/** Mutants of every example, plus whole-payload replacements, without duplicates (first label wins). */
export function mutantsOf(mutator: Mutator, schema: SchemaNode, examples: Json[]): Mutant[] {
  const seen = new Set<string>(examples.map((e) => JSON.stringify(e)));
  const out: Mutant[] = [];
  const push = (m: Mutant) => {
    const key = JSON.stringify(m.value);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(m);
  };
  for (const [name, sample] of [...TYPE_SAMPLES, ["string", "{}"] as const, ["number", 0] as const]) {
    push({ label: `/: whole payload replaced by ${name} ${JSON.stringify(sample)}`, value: sample });
  }
  examples.forEach((example, i) => {
    for (const m of mutator.mutate(schema, example)) push({ label: `example ${i} ${m.label}`, value: m.value });
  });
  return out;
}
