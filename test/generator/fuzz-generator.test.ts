/**
 * Property-based fuzzing of the generator (fast-check, fixed seed): random JSON Schemas (nesting,
 * unions, enums of odd strings, nullable types, $ref to local definitions, boolean schemas, names
 * with unicode and reserved words, hostile descriptions and titles, both dialects) and random
 * instances. Properties, for every generated schema:
 *
 *  1. generation never crashes: renderPackage succeeds or throws RegistryError naming the file;
 *  2. the output typechecks (strict TypeScript, nodenext, with a usage file that calls every
 *     publish helper and registers a handler for every event);
 *  3. the generated validator (ajv standalone, pure ESM) agrees with ajv's run-time verdict (and
 *     error list) on every instance: fc.anything() plus instances shaped by the schema;
 *  4. the generated index.js and registry.js load in plain Node.
 *
 * Schemas are batched, BATCH_SIZE events per registry, so one renderPackage and one TypeScript
 * program (reused between batches) check many of them. Budget: BATCHES × BATCH_SIZE = 1000
 * schemas on the fixed seed (30-40 s on 2 cores). Environment knobs for a longer hunt:
 * FUZZ_SEED, FUZZ_BATCHES, FUZZ_BATCH_SIZE, FUZZ_SHRINK=1 (let fast-check shrink a failure;
 * slow), FUZZ_KEEP=1 (keep the registries), FUZZ_DEBUG=1 (print every rejection).
 *
 * Bugs this suite found, each fixed (and kept fixed by it):
 *  1. A name with a digit before a lower-case letter (event `ev.x1y`, definition `a1b`) declared
 *     `EvX1Y` (json-schema-to-typescript upper-cases after digits) but referenced `EvX1y`: the
 *     package did not compile. Fixed in generator/model/names.ts (pascalCase does the same).
 *  2. A schema whose root simplifies to "anything" (`{ "anyOf": [{}, { "type": "string" }] }`,
 *     `{ "allOf": [true] }`) declared no type at all: the package did not compile. Fixed in
 *     generator/emit/types/emit-types.ts (`export type X = unknown` when none was declared).
 *  3. A `$ref` to a boolean schema (`"definitions": { "Any": true }`) crashed the generator
 *     (TypeError in the type rules). Fixed in generator/emit/types/type-rules.ts.
 *  4. One draft-07 event with a tuple (`"items": [...]`) made every 2020-12 event of the
 *     registry fail "Every schema compiles", each blamed with the draft-07 file's error: ajv
 *     validated every file against each instance's meta-schema on addSchema. Fixed in
 *     generator/base/ajv.ts (validateSchema: false; load already validates each file against its own
 *     dialect).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ErrorObject } from "ajv";
import fc from "fast-check";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { consumerEvents } from "../../generator/model/consumer-events.js";
import type { RegistryModel } from "../../generator/model/registry-model.js";
import { RegistryError } from "../../generator/base/diagnostics.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { renderPackage } from "../../generator/pipeline.js";

const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const TMP = join(REPO_ROOT, "test", `.tmp-fuzz-${process.pid}`);
const SEED = Number(process.env["FUZZ_SEED"] ?? 42);
// Ten batches of a hundred: a TypeScript program's fixed cost (~1 s, the libraries' declarations
// checked) is paid per batch, so twenty of fifty took ~9 s more for as many schemas.
const BATCHES = Number(process.env["FUZZ_BATCHES"] ?? 10);
const BATCH_SIZE = Number(process.env["FUZZ_BATCH_SIZE"] ?? 100);
const INSTANCES = 12;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = boolean | { [k: string]: unknown };

// ---- text: names, descriptions, enum values ------------------------------------------------------

const HOSTILE =
  "*/ pwned() /* `${process.exit(1)}` ${pwned()} </script><script>pwned()</script> 'single' \"double\" " +
  "back\\slash \\u0041 \\n \\*/ literal\nsecond line\r\n| a | b |\n<b>bold</b> &amp; 😀 ünïcødé 中文 𝒳 \u2028 \u2029 \t --> <!-- @deprecated @type {any} pwned";

const ODD = [
  "", " ", "*/", "/*", "/**", "\\", "`", "${a}", "'", '"', "\u0000", "\u2028", "\u2029", "\r\n", "@deprecated", "-->", "<!--",
  "```", "|", "</script>", "😀", "中文", "𝒳", "ünïcødé", "a\nb", "\t", "null", "undefined", "constructor", "__proto__", "toString",
  "0", "-0", "1e3", "NaN", "true",
];

const NAMES = [
  "id", "name", "value", "class", "default", "delete", "new", "constructor", "prototype", "toString", "hasOwnProperty",
  "valueOf", "in", "null", "true", "import", "await", "function", "enum", "interface", "type", "let", "yield", "then",
  "length", "0", "01", "-1", "1.5", "with space", "kebab-case", "snake_case", "camelCase", "PascalCase", "$dollar",
  "_under", "a.b", "a/b", "a~b", "~0", "~1", "ünïcødé", "中文", "😀", "𝒳", "\u2028", 'quote"d', "apos'd", "back\\slash",
  "*/", "/*", "`tick`", "${x}", "", " ", "\t", "a\nb", "__proto__",
];

const DEF_NAMES = ["Money", "Address", "Item", "class", "default", "ünïcødé", "with space", "a/b", "a~b", "Envelope", "Payload", "toString", "Events", "s3object", "v2beta"];

const PATTERNS = ["^[a-z]+$", "^\\d{3}$", "^[A-Z][a-z]*$", "^(foo|bar)$", "\\S", "^[\\u00e0-\\u00ff]*$", "^.{2,}$", "^\\p{L}+$", "😀"];
const FORMATS = ["date-time", "date", "email", "uuid", "uri", "ipv4", "hostname", "time"];

const textArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant(HOSTILE), weight: 2 },
  { arbitrary: fc.constantFrom(...ODD), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 12 }), weight: 1 },
);
const nameArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NAMES), weight: 4 },
  { arbitrary: fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,10}$/), weight: 3 },
  { arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }), weight: 1 },
);
const scalarArb: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: fc.constantFrom(...ODD), weight: 4 },
  { arbitrary: textArb, weight: 1 },
  { arbitrary: fc.integer({ min: -1000, max: 1000 }), weight: 2 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d)), weight: 1 },
  { arbitrary: fc.constantFrom<Json>(null, true, false, 1e21, 0.1, -1e-7), weight: 1 },
);
const enumArb: fc.Arbitrary<Json[]> = fc.uniqueArray(
  fc.oneof({ arbitrary: scalarArb, weight: 8 }, { arbitrary: fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>, weight: 1 }),
  { minLength: 1, maxLength: 6, selector: (v) => JSON.stringify(v) },
);

/** Object from entries as own data properties (never `obj[key] =`, which `__proto__` would subvert). */
function objectOf(entries: Array<[string, unknown]>): Record<string, unknown> {
  return Object.fromEntries(entries);
}

// ---- schemas ---------------------------------------------------------------------------------

const docArb = fc.record(
  { description: textArb, title: textArb, deprecated: fc.boolean(), "x-pii": fc.boolean() },
  { requiredKeys: [] },
);

const stringLeaf = fc
  .record(
    {
      minLength: fc.nat(5),
      maxLength: fc.integer({ min: 5, max: 40 }),
      pattern: fc.constantFrom(...PATTERNS),
      format: fc.constantFrom(...FORMATS),
    },
    { requiredKeys: [] },
  )
  .map((r) => ({ type: "string", ...r }));
const numberLeaf = fc
  .record(
    {
      type: fc.constantFrom("integer", "number"),
      minimum: fc.integer({ min: -100, max: 0 }),
      maximum: fc.integer({ min: 0, max: 100 }),
      exclusiveMinimum: fc.integer({ min: -200, max: -101 }),
      multipleOf: fc.constantFrom(1, 2, 0.5, 0.01),
    },
    { requiredKeys: ["type"] },
  );
const leafArb: fc.Arbitrary<Schema> = fc.oneof(
  { arbitrary: stringLeaf, weight: 4 },
  { arbitrary: numberLeaf, weight: 3 },
  { arbitrary: fc.constantFrom<Schema>({ type: "boolean" }, { type: "null" }, {}, { type: ["string", "null"] }, { type: ["integer", "string"] }), weight: 2 },
  { arbitrary: enumArb.map((values) => ({ enum: values })), weight: 3 },
  {
    arbitrary: fc.uniqueArray(fc.constantFrom(...ODD), { minLength: 1, maxLength: 5 }).map((values) => ({ type: "string", enum: values })),
    weight: 2,
  },
  { arbitrary: scalarArb.map((value) => ({ const: value })), weight: 1 },
  { arbitrary: fc.constantFrom(...DEF_NAMES).map((d) => ({ $ref: `#/definitions/${pointerToken(d)}` })), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
);

const { node: schemaArb } = fc.letrec<{ node: Schema; object: Schema; array: Schema; combo: Schema; nullable: Schema }>((tie) => ({
  node: fc
    .tuple(
      fc.oneof(
        { maxDepth: 4, depthIdentifier: "schema", withCrossShrink: true },
        { arbitrary: leafArb, weight: 5 },
        { arbitrary: tie("object"), weight: 3 },
        { arbitrary: tie("array"), weight: 2 },
        { arbitrary: tie("combo"), weight: 2 },
        { arbitrary: tie("nullable"), weight: 1 },
      ),
      // Annotations on a quarter of the nodes: enough hostile text everywhere, while keeping the
      // catalog (prettier is most of a batch's time) small.
      fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: docArb, weight: 1 }),
    )
    .map(([s, doc]) => (doc && typeof s === "object" ? { ...doc, ...s } : s)),
  object: fc
    .record({
      props: fc.uniqueArray(fc.tuple(nameArb, tie("node")), { maxLength: 6, selector: (t) => t[0] }),
      required: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      extra: fc.option(fc.oneof(fc.boolean(), tie("node") as fc.Arbitrary<Schema>), { freq: 2 }),
      pattern: fc.option(fc.tuple(fc.constantFrom(...PATTERNS), tie("node")), { freq: 8 }),
      minProperties: fc.option(fc.nat(2), { freq: 6 }),
    })
    .map(({ props, required, extra, pattern, minProperties }) => {
      const out: Record<string, unknown> = { type: "object", properties: objectOf(props) };
      const req = props.filter((_, i) => required[i]).map(([k]) => k);
      if (req.length > 0) out.required = req;
      if (extra !== null) out.additionalProperties = extra;
      if (pattern) out.patternProperties = objectOf([pattern]);
      if (minProperties !== null) out.minProperties = minProperties;
      return out;
    }),
  array: fc.oneof(
    fc
      .record({ items: tie("node"), minItems: fc.nat(2), maxItems: fc.integer({ min: 2, max: 6 }), uniqueItems: fc.boolean() }, { requiredKeys: ["items"] })
      .map((r) => ({ type: "array", ...r })),
    fc
      .record({ tuple: fc.array(tie("node"), { minLength: 1, maxLength: 3 }), closed: fc.boolean() })
      .map(({ tuple, closed }) => ({ type: "array", items: tuple, ...(closed ? { additionalItems: false } : {}) })),
  ),
  combo: fc
    .record({ kind: fc.constantFrom("anyOf", "oneOf", "allOf"), of: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) })
    .map(({ kind, of }) => ({ [kind]: of })),
  nullable: fc.oneof(
    tie("node").map((s) => ({ anyOf: [s, { type: "null" }] })),
    fc.constantFrom("string", "integer", "number", "boolean", "object", "array").map((t) => ({ type: [t, "null"] })),
  ),
}));

const rootArb: fc.Arbitrary<Schema> = fc.oneof(
  { arbitrary: schemaArb.filter((s) => typeof s === "object").map((s) => ({ ...(s as object), type: "object" })), weight: 1 },
  { arbitrary: schemaArb, weight: 1 },
);

interface FuzzEvent {
  index: number;
  dialect: "draft7" | "draft2020";
  schema: Record<string, unknown>;
  definitions: Record<string, Schema>;
  atMostOnce: boolean;
  segment: string;
  instances: unknown[];
}

/** Local definitions for every `$ref` the schema makes (a definition never refers further). */
function refsOf(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) refsOf(s, into);
  else if (schema && typeof schema === "object") {
    for (const [k, v] of Object.entries(schema)) {
      if (k === "$ref" && typeof v === "string") into.add(decodePointerToken(v.slice("#/definitions/".length)));
      else refsOf(v, into);
    }
  }
  return into;
}

const defArb: fc.Arbitrary<Schema> = fc.oneof(
  leafArb.filter((s) => !(typeof s === "object" && "$ref" in s)),
  fc
    .uniqueArray(fc.tuple(nameArb, leafArb.filter((s) => !(typeof s === "object" && "$ref" in s))), { maxLength: 4, selector: (t) => t[0] })
    .chain((props) => fc.option(textArb).map((title) => ({ type: "object", ...(title !== null ? { title } : {}), properties: objectOf(props) }))),
);

const eventArb = (index: number): fc.Arbitrary<FuzzEvent> =>
  fc
    .record({
      root: rootArb,
      defs: fc.array(defArb, { minLength: DEF_NAMES.length, maxLength: DEF_NAMES.length }),
      dialect: fc.constantFrom<"draft7" | "draft2020">("draft7", "draft7", "draft7", "draft2020"),
      atMostOnce: fc.nat(9).map((n) => n === 0),
      segment: fc.constantFrom("class", "default", "delete", "new", "constructor", "ev", "tostring", "proto", "x-y", "a_b", "oauth2token", "v2beta"),
      examples: fc.nat(6).map((n) => n === 0),
    })
    .chain(({ root, defs, dialect, atMostOnce, segment, examples }) => {
      const schema: Record<string, unknown> = typeof root === "object" ? { ...root } : { allOf: [root] };
      const definitions = objectOf([...refsOf(schema)].sort().map((name) => [name, defs[DEF_NAMES.indexOf(name)]!])) as Record<string, Schema>;
      return fc.array(fc.oneof({ arbitrary: instanceArb(schema, definitions, 0), weight: 4 }, { arbitrary: fc.anything(), weight: 1 }), { minLength: INSTANCES, maxLength: INSTANCES }).map((instances) => {
        const file: Record<string, unknown> = { ...schema };
        if (Object.keys(definitions).length > 0) file.definitions = definitions;
        // Some events carry an example: it must be valid, or the registry is rejected with a clear error.
        if (examples && instances.length > 0) file.examples = [instances[0]];
        return { index, dialect, schema: file, definitions, atMostOnce, segment, instances };
      });
    });

/** The same schema in 2020-12: `$defs`, `prefixItems` for tuples. */
function to2020(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(to2020);
  if (!schema || typeof schema !== "object") return schema;
  const entries: Array<[string, unknown]> = [];
  const s = schema as Record<string, unknown>;
  for (const [k, v] of Object.entries(s)) {
    if (k === "definitions") entries.push(["$defs", objectOf(Object.entries(v as object).map(([n, d]) => [n, to2020(d)]))]);
    else if (k === "$ref" && typeof v === "string") entries.push([k, v.replace("#/definitions/", "#/$defs/")]);
    else if (k === "items" && Array.isArray(v)) entries.push(["prefixItems", v.map(to2020)]);
    else if (k === "additionalItems") entries.push(["items", to2020(v)]);
    else if (k === "properties" || k === "patternProperties" || k === "$defs") entries.push([k, objectOf(Object.entries(v as object).map(([n, d]) => [n, to2020(d)]))]);
    else if (k === "examples" || k === "enum" || k === "const") entries.push([k, v]);
    else entries.push([k, to2020(v)]);
  }
  return objectOf(entries);
}

// ---- instances shaped by a schema -----------------------------------------------------------------

const MISSING = Symbol("missing");

function instanceArb(schema: unknown, defs: Record<string, Schema>, depth: number): fc.Arbitrary<unknown> {
  const any = fc.jsonValue({ maxDepth: 2 });
  if (depth > 6 || typeof schema !== "object" || schema === null) return any;
  const s = schema as Record<string, any>;
  const options: Array<fc.Arbitrary<unknown>> = [];
  if (typeof s.$ref === "string") {
    const target = defs[decodePointerToken(s.$ref.replace(/^#\/(definitions|\$defs)\//, ""))];
    return target === undefined ? any : instanceArb(target, defs, depth + 1);
  }
  if (Array.isArray(s.enum)) options.push(fc.constantFrom(...(s.enum as unknown[])));
  if ("const" in s) options.push(fc.constant(s.const));
  for (const k of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(s[k])) options.push(...(s[k] as unknown[]).map((b) => instanceArb(b, defs, depth + 1)));
  const types: string[] = Array.isArray(s.type) ? s.type : typeof s.type === "string" ? [s.type] : [];
  for (const t of types) {
    if (t === "string") {
      options.push(
        fc.string({ minLength: 0, maxLength: 12 }),
        fc.constantFrom("abc", "ABC", "123", "Abc", "foo", "bar", "àé", "😀", "2024-01-01T12:00:00Z", "2024-01-01", "a@b.co", "550e8400-e29b-41d4-a716-446655440000", "https://x.y/z", "10.0.0.1", "host.name", "12:00:00Z", ""),
      );
    } else if (t === "integer") options.push(fc.integer({ min: -210, max: 210 }));
    else if (t === "number") options.push(fc.double({ min: -210, max: 210, noNaN: true }), fc.constantFrom(0.5, 0.01, 1.5, 0.3));
    else if (t === "boolean") options.push(fc.boolean());
    else if (t === "null") options.push(fc.constant(null));
    else if (t === "array") {
      if (Array.isArray(s.items)) options.push(fc.tuple(...(s.items as unknown[]).map((i) => instanceArb(i, defs, depth + 1))));
      else options.push(fc.array(instanceArb(s.items ?? {}, defs, depth + 1), { maxLength: 4 }));
    } else if (t === "object") {
      const props = Object.entries((s.properties ?? {}) as Record<string, unknown>);
      options.push(
        fc
          .tuple(
            fc.tuple(...props.map(([, p]) => fc.option(instanceArb(p, defs, depth + 1), { nil: MISSING, freq: 4 }))),
            fc.option(fc.dictionary(nameArb, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }), { freq: 3 }),
          )
          .map(([values, extra]) =>
            objectOf([
              ...(extra ? Object.entries(extra) : []),
              ...props.flatMap(([k], i) => (values[i] === MISSING ? [] : [[k, values[i]] as [string, unknown]])),
            ]),
          ),
      );
    }
  }
  if (options.length === 0 && s.properties) return instanceArb({ ...s, type: "object" }, defs, depth);
  if (options.length === 0) return any;
  return fc.oneof({ arbitrary: fc.oneof(...options), weight: 6 }, { arbitrary: any, weight: 1 });
}

function pointerToken(name: string): string {
  return encodeURIComponent(name.replace(/~/g, "~0").replace(/\//g, "~1"));
}
function decodePointerToken(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~");
}

// ---- one batch: write, render, compare, typecheck --------------------------------------------------

const ENVELOPE = readFileSync(join(REPO_ROOT, "test/fixtures/hostile/envelope.schema.json"), "utf8");

interface Outcome {
  generated: number;
  rejected: Map<string, number>;
  instances: number;
  invalidInstances: number;
  failures: string[];
}

const totals = { failed: 0, schemas: 0, generated: 0, rejected: new Map<string, number>(), instances: 0, invalid: 0, batches: 0, renderMs: 0, tscMs: 0 };
let previousProgram: ts.Program | undefined;
let batchNo = 0;

function eventName(e: FuzzEvent): string {
  return `${e.segment}.e${e.index}`;
}
function eventFile(e: FuzzEvent): string {
  return `${e.segment}/e${e.index}/1.0.json`;
}

function writeRegistry(dir: string, events: FuzzEvent[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "registry.json"),
    JSON.stringify({
      namespace: "fuzz",
      package: { name: `@fuzz/batch-${batchNo}`, version: "1.0.0" },
      streams: { FUZZ: { subjects: ["fuzz.>"] } },
      consumers: { reader: { stream: "FUZZ", filter_subject: "fuzz.>" } },
      services: { producer: { publishes: events.map(eventName) } },
    }),
  );
  writeFileSync(join(dir, "envelope.schema.json"), ENVELOPE);
  for (const e of events) {
    const file = join(dir, eventFile(e));
    mkdirSync(dirname(file), { recursive: true });
    const schema = e.dialect === "draft2020" ? { $schema: "https://json-schema.org/draft/2020-12/schema", ...(to2020(e.schema) as object) } : e.schema;
    writeFileSync(file, JSON.stringify({ ...schema, ...(e.atMostOnce ? { "x-delivery": "at-most-once" } : {}) }, null, 2));
  }
}

function errorKeys(errors: ErrorObject[] | null | undefined): string {
  return JSON.stringify((errors ?? []).map((e) => `${e.instancePath} ${e.schemaPath} ${e.keyword} ${JSON.stringify(e.params)} ${e.message ?? ""}`));
}

async function runBatch(events: FuzzEvent[]): Promise<Outcome> {
  const n = ++batchNo;
  const dir = join(TMP, `batch-${n}`);
  const schemasDir = join(dir, "schemas");
  const pkgDir = join(dir, "pkg");
  const outcome: Outcome = { generated: 0, rejected: new Map(), instances: 0, invalidInstances: 0, failures: [] };
  let alive = [...events];

  // 1. Check, then render; drop the events rejected with a clear error (a RegistryError naming
  //    their file). Checking is cheaper than rendering, so rejections are found with it first.
  let files: Map<string, string> | undefined;
  const started = performance.now();
  let checkedOk = false;
  for (let round = 0; round < 8 && alive.length > 0 && !files; round++) {
    writeRegistry(schemasDir, alive);
    try {
      if (!checkedOk) {
        checkRegistryAt(schemasDir, { standalone: true });
        checkedOk = true;
      }
      files = await renderPackage({ schemas: schemasDir, out: pkgDir });
    } catch (err) {
      if (!(err instanceof RegistryError)) {
        outcome.failures.push(...(await pinpointCrash(alive, dir, err)));
        return outcome;
      }
      const culprits = new Set(err.diagnostics.map((d) => d.file));
      const rejected = alive.filter((e) => culprits.has(eventFile(e)));
      if (rejected.length === 0) {
        outcome.failures.push(`RegistryError naming no event file:\n${err.message}`);
        return outcome;
      }
      for (const d of err.diagnostics) {
        if (!d.rule || !d.message) outcome.failures.push(`diagnostic without rule or message: ${JSON.stringify(d)}`);
        if (process.env["FUZZ_DEBUG"]) console.log(`rejected ${d.file}${d.pointer ? ` at #${d.pointer}` : ""}: ${d.rule}: ${d.message.slice(0, 300)}`);
        outcome.rejected.set(d.rule, (outcome.rejected.get(d.rule) ?? 0) + 1);
      }
      alive = alive.filter((e) => !culprits.has(eventFile(e)));
    }
  }
  totals.renderMs += performance.now() - started;
  if (!files) return outcome;
  outcome.generated = alive.length;

  rmSync(pkgDir, { recursive: true, force: true });
  for (const [rel, content] of files) {
    const path = join(pkgDir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }

  // 2. Plain Node loads the package; validators agree with run-time ajv.
  const pkg = (await import(pathToFileURL(join(pkgDir, "index.js")).href)) as {
    createEvents: unknown;
    registry: { events: Record<string, { validators: Record<string, (d: unknown) => boolean> }> };
  };
  if (typeof pkg.createEvents !== "function") outcome.failures.push("index.js exports no createEvents");
  const checked = checkRegistryAt(schemasDir);
  for (const e of alive) {
    const key = `${eventName(e)}@1`;
    const generated = pkg.registry.events[key]?.validators["1.0"] as ((d: unknown) => boolean) & { errors?: ErrorObject[] | null };
    if (!generated) {
      outcome.failures.push(`${key}: no generated validator`);
      continue;
    }
    const runtime = checked.schemas.validator(eventFile(e));
    for (const instance of e.instances) {
      outcome.instances++;
      let g: boolean | string;
      try {
        g = generated(structuredClone(instance)) === true;
      } catch (err) {
        g = `threw ${(err as Error).message}`;
      }
      let r: boolean | string;
      try {
        r = runtime(structuredClone(instance)) === true;
      } catch (err) {
        r = `threw ${(err as Error).message}`;
      }
      if (r === false) outcome.invalidInstances++;
      const shown = `${key} (${eventFile(e)} in ${schemasDir}) on ${safeJson(instance).slice(0, 300)}`;
      if (g !== r) outcome.failures.push(`${shown}: generated ${g}, run-time ajv ${r}`);
      else if (errorKeys(generated.errors) !== errorKeys(runtime.errors)) {
        outcome.failures.push(`${shown}: same verdict, different errors\n  generated ${errorKeys(generated.errors)}\n  run-time  ${errorKeys(runtime.errors)}`);
      }
    }
  }

  // 3. The types compile, and so does a usage of every helper and handler.
  const checkedTypes = performance.now();
  outcome.failures.push(...typecheck(dir, pkgDir, alive, files, checked.model));
  totals.tscMs += performance.now() - checkedTypes;
  if (outcome.failures.length === 0 && !process.env["FUZZ_KEEP"]) rmSync(dir, { recursive: true, force: true });
  return outcome;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A crash (not a RegistryError) in a batch: render each event alone to name the culprits. */
async function pinpointCrash(events: FuzzEvent[], dir: string, batchError: unknown): Promise<string[]> {
  const found: string[] = [];
  for (const e of events) {
    const one = join(dir, `alone-${e.index}`);
    writeRegistry(join(one, "schemas"), [e]);
    try {
      await renderPackage({ schemas: join(one, "schemas"), out: join(one, "pkg") });
      rmSync(one, { recursive: true, force: true });
    } catch (err) {
      if (err instanceof RegistryError) rmSync(one, { recursive: true, force: true });
      else found.push(`generator crashed on ${join(one, "schemas", eventFile(e))}: ${(err as Error).stack ?? String(err)}`);
    }
  }
  return found.length > 0 ? found : [`generator crashed on the batch in ${dir} but on no event alone: ${(batchError as Error).stack ?? String(batchError)}`];
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  types: ["node"],
};

function typecheck(dir: string, pkgDir: string, events: FuzzEvent[], files: Map<string, string>, model: RegistryModel): string[] {
  const usage: string[] = [
    `import type { NatsConnection } from "@nats-io/transport-node";`,
    `import * as pkg from "./pkg/index.js";`,
    `declare const nc: NatsConnection;`,
    `const events = pkg.createEvents(nc, { source: "fuzz" });`,
    `declare const ctx: pkg.EventContext;`,
    `export async function use(): Promise<void> {`,
  ];
  const problems: string[] = [];
  for (const e of events) {
    const m = model.majors.find((x) => x.key === `${eventName(e)}@1`);
    if (!m) {
      problems.push(`${eventName(e)}: not in the model`);
      continue;
    }
    usage.push(`  { const data = undefined as unknown as pkg.${m.typeName}; await events.${m.helperName}(data, ctx); }`);
  }
  const reader = consumerEvents(model).find((c) => c.name === "reader")!;
  const handlers = reader.types.map((t) => `    ${JSON.stringify(t.type)}: async (e) => { void e.data; void e.id; },`);
  usage.push(`  const running = await events.consume("reader", {`, ...handlers, `  });`, `  await running.stop();`, `}`);
  const usageFile = join(dir, "usage.ts");
  writeFileSync(usageFile, usage.join("\n") + "\n");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));

  const roots = [usageFile, ...[...files.keys()].filter((f) => f.endsWith(".d.ts")).map((f) => join(pkgDir, f))];
  const program = ts.createProgram({ rootNames: roots, options: COMPILER_OPTIONS, ...(previousProgram ? { oldProgram: previousProgram } : {}) });
  previousProgram = program;
  // Only this batch's files are checked in full (the libraries they use are resolved, not re-checked).
  const own = program.getSourceFiles().filter((f) => f.fileName.startsWith(dir));
  if (own.length < roots.length) problems.push(`tsc: only ${own.length} of ${roots.length} files in the program`);
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...own.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
  ].filter((d) => d.category === ts.DiagnosticCategory.Error);
  return [
    ...problems,
    ...diagnostics.slice(0, 20).map((d) => {
      const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
      return `tsc: ${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    }),
  ];
}

// ---- the property ----------------------------------------------------------------------------

afterAll(() => {
  if (totals.batches > 0 && !process.env["FUZZ_KEEP"] && totals.failed === 0) {
    try {
      rmSync(TMP, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
});

describe("fuzzed registries (fast-check, fixed seed)", () => {
  it(`${BATCHES * BATCH_SIZE} random schemas: never a crash, always typechecks, validators agree with ajv`, async () => {
    const started = performance.now();
    let nextIndex = 0;
    const batchArb = fc.array(fc.nat(), { minLength: BATCH_SIZE, maxLength: BATCH_SIZE }).chain((seeds) =>
      fc.tuple(...seeds.map(() => eventArb(nextIndex++))),
    );
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(batchArb, async (events) => {
        const outcome = await runBatch(events);
        totals.batches++;
        totals.schemas += events.length;
        totals.generated += outcome.generated;
        totals.instances += outcome.instances;
        totals.invalid += outcome.invalidInstances;
        for (const [rule, count] of outcome.rejected) totals.rejected.set(rule, (totals.rejected.get(rule) ?? 0) + count);
        if (outcome.failures.length > 0) {
          totals.failed++;
          failures.push(...outcome.failures.slice(0, 30));
        }
        return outcome.failures.length === 0;
      }),
      { seed: SEED, numRuns: BATCHES, endOnFailure: !process.env["FUZZ_SHRINK"], verbose: 0 },
    ).catch((err: unknown) => {
      const head = (err as Error).message.split("\n").filter((l) => !l.startsWith("Counterexample")).slice(0, 3).join("\n");
      throw new Error(`${head}\n\nfailures (the registries are kept under ${TMP}):\n${failures.slice(0, 30).join("\n\n")}`);
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const rejected = [...totals.rejected].map(([rule, n]) => `${n}× "${rule}"`).join(", ") || "none";
    console.log(
      `fuzz: seed ${SEED}, ${totals.schemas} schemas in ${totals.batches} batches, ${totals.generated} generated and checked, ` +
        `rejected with a clear error: ${rejected}; ${totals.instances} instances compared (${totals.invalid} invalid); ` +
        `${seconds} s (render ${(totals.renderMs / 1000).toFixed(1)} s, tsc ${(totals.tscMs / 1000).toFixed(1)} s)`,
    );
    expect(totals.schemas).toBeGreaterThanOrEqual(1000);
    expect(totals.generated).toBeGreaterThanOrEqual(totals.schemas * 0.8);
    expect(totals.invalid).toBeGreaterThan(0);
    expect(totals.invalid).toBeLessThan(totals.instances);
  }, 600_000);
});
