/**
 * Bounded input, through the built bin: every JSON file jetschema reads (registry files and
 * `validate` data, from a file, a device or stdin) is refused past its size, depth or property
 * limit with exit 1, the file and the limit named, quickly and in bounded memory; `limits` in
 * registry.json raises them. Misleading parse messages (a BOM) say what is wrong, and bytes that
 * are not UTF-8 (Latin-1, UTF-16) are refused where they are, never decoded into U+FFFD. A
 * `const` or `enum` value, or a schema, whose TypeScript type nests deeper than it can be printed
 * is refused where it is written, whatever the limits allow, before anything is written.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { folderPerFile } from "../support/per-file.js";
import { assertBuilt, REPO_ROOT, runBin, STACK_LINE } from "../support/bin.js";

const REGISTRY = join(REPO_ROOT, "test/fixtures/good/features");
const tmp = folderPerFile(".tmp-hostile-limits-", join(REPO_ROOT, "test"));
beforeAll(assertBuilt);

const RULE = "Every file is within the input limits";
/** A schema file the cases add to the registry: event order.extra, subject shop.order.extra.v1 (captured by ORDERS). */
const EXTRA = "order/extra/1.0.json";
const DRAFT7 = "http://json-schema.org/draft-07/schema#";
const VALID_ORDER = JSON.parse(readFileSync(join(REGISTRY, "order/placed/1.0.json"), "utf8")).examples[0];

function nestedProperties(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: "string" };
  for (let i = 0; i < levels; i++) schema = { type: "object", properties: { n: schema } };
  return schema;
}
/** The same as text, built without recursion (JSON.stringify overflows at 10,000 levels). */
function nestedPropertiesText(levels: number): string {
  return `{"$schema":"${DRAFT7}",` + '"type":"object","properties":{"n":{'.repeat(levels) + '"type":"string"' + "}}".repeat(levels) + "}";
}
/** A schema whose property `a` is `items` in `items`, `levels` objects deep in all (built as text, like the one above). */
function nestedItemsText(levels: number): string {
  return `{"$schema":"${DRAFT7}","type":"object","properties":{"a":` + '{"type":"array","items":'.repeat(levels - 3) + "{}" + "}".repeat(levels - 3) + "}}";
}
/** A schema whose `x-note` holds data nested `levels` objects deep in all. */
function nestedNoteText(levels: number): string {
  return `{"$schema":"${DRAFT7}","x-delivery":"at-most-once","type":"string","x-note":` + '{"a":'.repeat(levels - 1) + "1" + "}".repeat(levels - 1) + "}";
}
function nestedData(levels: number): string {
  return "[".repeat(levels) + "]".repeat(levels);
}
/** Objects one in another, `levels` deep, as text: `{"a":{"a":1}}` is 2. */
function nestedObjectsText(levels: number): string {
  return '{"a":'.repeat(levels) + "1" + "}".repeat(levels);
}
const RULE_VALUE_LEVELS = "A const or enum value nests at most 64 levels";
/** A schema whose properties `a`, `b`, ... are the given schemas (as text). */
function propertiesText(...properties: string[]): string {
  const named = properties.map((p, i) => `"${String.fromCharCode(97 + i)}":${p}`).join(",");
  return `{"$schema":"${DRAFT7}","x-delivery":"at-most-once","type":"object","properties":{${named}}}`;
}
/**
 * A tuple: a type file with one goes to prettier whole (write/format.ts), where a literal type of
 * objects nested ~200 levels overflowed the stack (without one, jetschema lays objects out itself).
 */
const TUPLE = '{"type":"array","items":[{"type":"string"}]}';
const DRAFT2020 = "https://json-schema.org/draft/2020-12/schema";
const RULE_TYPE_LEVELS = "A TypeScript type nests at most 32 levels";
/** A way one type is written inside another: the schema around `inner` (as text), and the pointer step from it to `inner`. */
interface Nesting {
  keyword: string;
  around: (inner: string) => string;
  step: string;
  dialect?: string;
}
const NESTINGS: Nesting[] = [
  { keyword: "items", around: (x) => `{"type":"array","items":${x}}`, step: "/items" },
  { keyword: "tuple items", around: (x) => `{"type":"array","items":[${x}]}`, step: "/items/0" },
  { keyword: "prefixItems", around: (x) => `{"type":"array","prefixItems":[${x}]}`, step: "/prefixItems/0", dialect: DRAFT2020 },
  { keyword: "additionalProperties", around: (x) => `{"type":"object","additionalProperties":${x}}`, step: "/additionalProperties" },
  { keyword: "patternProperties", around: (x) => `{"type":"object","patternProperties":{"^a":${x}}}`, step: "/patternProperties/^a" },
  { keyword: "anyOf", around: (x) => `{"anyOf":[${x},{"type":"null"}]}`, step: "/anyOf/0" },
  { keyword: "oneOf", around: (x) => `{"oneOf":[${x},{"type":"null"}]}`, step: "/oneOf/0" },
  { keyword: "allOf", around: (x) => `{"allOf":[${x},{}]}`, step: "/allOf/0" },
];
/** `levels` schemas of `nesting`, one inside another, around `inner`. */
function nestedText(nesting: Pick<Nesting, "around">, levels: number, inner = '{"type":"string"}'): string {
  let text = inner;
  for (let i = 0; i < levels; i++) text = nesting.around(text);
  return text;
}
/** Property `b` beside a tuple (`a`), of the given dialect (2020-12 spells a tuple `prefixItems`). */
function besideTupleText(b: string, dialect = DRAFT7): string {
  return dialect === DRAFT7 ? propertiesText(TUPLE, b) : propertiesText(TUPLE.replace('"items"', '"prefixItems"'), b).replace(DRAFT7, dialect);
}
/** A property is 1 level inside the event's interface, so `levels` schemas of `nesting` in it end at `levels + 1`; the chain passes 32 at the 32nd step. */
function pastTheLimit(nesting: Nesting, property = "b"): RegExp {
  const pointer = `#/properties/${property}${nesting.step.repeat(32)}`.replace(/[\^$.*+?()[\]{}|/]/g, "\\$&");
  return new RegExp(`${EXTRA}:1:\\d+ at ${pointer}: error: ${RULE_TYPE_LEVELS}: the type nests 41 levels deep`);
}
/** Every one of `patterns`, in any order. */
function everyOf(patterns: RegExp[]): RegExp {
  return new RegExp(patterns.map((p) => `(?=[\\s\\S]*${p.source})`).join(""));
}
/** The nestings of draft 7, each 40 levels deep in a property of its own (b, c, …) beside a tuple (a): one run reports each. */
const DRAFT7_NESTINGS = NESTINGS.filter((n) => !n.dialect);

interface Case {
  given: string;
  /** Text of order/extra/1.0.json, if any. */
  schema?: () => string | Buffer;
  /** order/extra/1.0.json's text for a `generate` run first, whose cache the case's run then has. */
  warmWith?: () => string;
  /** `limits` of registry.json, if any. */
  limits?: Record<string, unknown>;
  args: (dir: string) => string[];
  stdin?: string;
  /** The same command runs once before (its outcome not asserted): the case's run has the cache it left. */
  runTwice?: true;
  /** `untouched`: nothing named `out` (the output, a staging folder beside it) is left in the working folder. */
  want: { code: number; stderr?: RegExp; stdout?: RegExp; withinMs?: number; untouched?: true };
}

const CASES: Case[] = [
  {
    given: "a schema nested 1000 levels deep",
    schema: () => JSON.stringify({ $schema: DRAFT7, ...nestedProperties(1000) }),
    args: () => ["generate", "--no-cache", "--out", "out"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+: error: ${RULE}: .*limit of 256 levels \\(limits\\.maxDepth\\)`) },
  },
  {
    given: "a schema nested 10000 levels deep",
    schema: () => nestedPropertiesText(10_000),
    args: () => ["check"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+: error: ${RULE}: .*limits\\.maxDepth`) },
  },
  {
    given: "a 50 MB schema",
    schema: () => JSON.stringify({ $schema: DRAFT7, type: "string", description: "x".repeat(50 * 1024 * 1024) }),
    args: () => ["generate", "--no-cache", "--out", "out"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}: error: ${RULE}: the file is larger than the limit of 16MB \\(limits\\.maxFileSize\\)`), withinMs: 30_000 },
  },
  {
    given: "an object of 10,001 properties",
    schema: () => JSON.stringify({ $schema: DRAFT7, type: "object", properties: Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`p${i}`, {}])) }),
    args: () => ["check"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+: error: ${RULE}: an object has more than the limit of 10000 properties \\(limits\\.maxProperties\\)`) },
  },
  {
    given: "a schema nested 200 levels deep, limits.maxDepth raised to 512",
    schema: () => JSON.stringify({ $schema: DRAFT7, "x-delivery": "at-most-once", ...nestedProperties(200) }),
    limits: { maxDepth: 512 },
    args: () => ["generate", "--no-cache", "--out", "out"],
    want: { code: 0, stdout: /generated \d+ files/ },
  },
  {
    given: "limits.maxDepth over its cap of 1000, and a schema 5000 levels deep",
    schema: () => nestedItemsText(5000),
    limits: { maxDepth: 100_000 },
    args: () => ["generate", "--no-cache", "--out", "out"],
    want: { code: 1, stderr: /registry\.json:1:\d+ at #\/limits\/maxDepth: error: registry\.json follows registry\.schema\.json: must be <= 1000/ },
  },
  {
    given: "limits.maxDepth over its cap of 1000 (check)",
    schema: () => nestedItemsText(3000),
    limits: { maxDepth: 1001 },
    args: () => ["check"],
    want: { code: 1, stderr: /registry\.json:1:\d+ at #\/limits\/maxDepth: error: registry\.json follows registry\.schema\.json: must be <= 1000/ },
  },
  {
    given: "limits.maxDepth at its cap, and a schema 1001 levels deep",
    schema: () => nestedItemsText(1001),
    limits: { maxDepth: 1000 },
    args: () => ["check"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+: error: ${RULE}: .*limit of 1000 levels \\(limits\\.maxDepth\\); the most it may be raised to`) },
  },
  ...(["generate --no-cache --out out", "check", "asyncapi --out a.yaml"] as const).flatMap((command): Case[] => [
    {
      given: `limits.maxDepth at its cap, and items in items 1000 levels deep (${command.split(" ")[0]})`,
      schema: () => nestedItemsText(1000),
      limits: { maxDepth: 1000 },
      args: () => command.split(" "),
      // ajv's overflow named where the nesting passes 256 levels, ajv's safe depth (the default limit), not as "Maximum call stack size exceeded".
      want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+ at #/properties/a(/items){254}: error: Every schema compiles: ajv's compile of ${EXTRA} overflowed the stack: the schema nests 1000 levels deep`) },
    },
    {
      given: `limits.maxDepth at its cap, and an x-note of data 1000 levels deep (${command.split(" ")[0]})`,
      schema: () => nestedNoteText(1000),
      limits: { maxDepth: 1000 },
      args: () => command.split(" "),
      want: { code: 0 },
    },
  ]),
  ...(["generate --no-cache --out out", "check", "asyncapi --out out"] as const).map(
    (command): Case => ({
      given: `limits.maxDepth at its cap, and a const of arrays nested 500 levels (${command.split(" ")[0]})`,
      schema: () => propertiesText(`{"const":${nestedData(500)}}`),
      limits: { maxDepth: 1000 },
      args: () => command.split(" "),
      want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+ at #/properties/a/const: error: ${RULE_VALUE_LEVELS}: the value nests 500 levels deep`), untouched: true },
    }),
  ),
  {
    given: "a const of objects nested 200 levels, within the default limits",
    schema: () => propertiesText(TUPLE, `{"const":${nestedObjectsText(200)}}`),
    args: () => ["generate", "--no-cache", "--out", "out"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+ at #/properties/b/const: error: ${RULE_VALUE_LEVELS}: the value nests 200 levels deep`), untouched: true },
  },
  {
    given: "limits.maxDepth at its cap, and an enum member nested 500 levels",
    schema: () => propertiesText(`{"enum":[1,${nestedData(500)}]}`),
    limits: { maxDepth: 1000 },
    args: () => ["generate", "--no-cache", "--out", "out"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+ at #/properties/a/enum/1: error: ${RULE_VALUE_LEVELS}: the value nests 500 levels deep`), untouched: true },
  },
  {
    given: "a const of arrays nested 500 levels, generate run twice with the cache (the second restores the file's facts from it)",
    schema: () => propertiesText(`{"const":${nestedData(500)}}`),
    limits: { maxDepth: 1000 },
    runTwice: true,
    args: () => ["generate", "--cache-dir", "cache", "--out", "out"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+ at #/properties/a/const: error: ${RULE_VALUE_LEVELS}`), untouched: true },
  },
  {
    given: "validate against a registry with a const of arrays nested 500 levels",
    schema: () => propertiesText(`{"const":${nestedData(500)}}`),
    limits: { maxDepth: 1000 },
    args: (dir) => {
      writeFileSync(join(dir, "payload.json"), `{"a":${nestedData(500)}}`);
      return ["validate", "order.extra", "payload.json"];
    },
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+ at #/properties/a/const: error: ${RULE_VALUE_LEVELS}`) },
  },
  ...(["generate --no-cache --out out", "check", "asyncapi --out out"] as const).map(
    (command): Case => ({
      given: `a tuple, a const of arrays, a const of objects and an enum member of objects in an array, each nested 64 levels (${command.split(" ")[0]})`,
      schema: () => propertiesText(TUPLE, `{"const":${nestedData(64)}}`, `{"const":${nestedObjectsText(64)}}`, `{"enum":[1,[${nestedObjectsText(63)}]]}`),
      args: () => command.split(" "),
      want: { code: 0 },
    }),
  ),
  {
    given: "additionalProperties nested 136 levels beside a tuple, within the default limits (prettier overflowed formatting the type)",
    schema: () => besideTupleText(nestedText(NESTINGS[3]!, 136)),
    args: () => ["generate", "--no-cache", "--out", "out"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+ at #/properties/b(/additionalProperties){32}: error: ${RULE_TYPE_LEVELS}: the type nests 137 levels deep`), untouched: true },
  },
  {
    given: `${DRAFT7_NESTINGS.map((n) => n.keyword).join(", ")}, each nested 40 levels beside a tuple (generate)`,
    schema: () => propertiesText(TUPLE, ...DRAFT7_NESTINGS.map((n) => nestedText(n, 40))),
    args: () => ["generate", "--no-cache", "--out", "out"],
    want: { code: 1, stderr: everyOf(DRAFT7_NESTINGS.map((n, i) => pastTheLimit(n, String.fromCharCode(98 + i)))), untouched: true },
  },
  ...NESTINGS.filter((n) => n.dialect).map(
    (nesting): Case => ({
      given: `${nesting.keyword} nested 40 levels beside a tuple (generate)`,
      schema: () => besideTupleText(nestedText(nesting, 40), nesting.dialect),
      args: () => ["generate", "--no-cache", "--out", "out"],
      want: { code: 1, stderr: pastTheLimit(nesting), untouched: true },
    }),
  ),
  ...(["check", "asyncapi --out out", "validate order.extra payload.json"] as const).map(
    (command): Case => ({
      given: `additionalProperties nested 40 levels beside a tuple (${command.split(" ")[0]})`,
      schema: () => besideTupleText(nestedText(NESTINGS[3]!, 40)),
      args: (dir) => {
        writeFileSync(join(dir, "payload.json"), "{}");
        return command.split(" ");
      },
      want: { code: 1, stderr: pastTheLimit(NESTINGS[3]!), untouched: true },
    }),
  ),
  {
    given: "additionalProperties nested 40 levels, generate run twice with the cache (the second restores the file's facts from it)",
    schema: () => besideTupleText(nestedText(NESTINGS[3]!, 40)),
    runTwice: true,
    args: () => ["generate", "--cache-dir", "cache", "--out", "out"],
    want: { code: 1, stderr: pastTheLimit(NESTINGS[3]!), untouched: true },
  },
  {
    given: "limits.maxDepth at its cap, and anyOf nested 400 levels (ajv's compile overflows too, and blames no place)",
    schema: () => besideTupleText(nestedText(NESTINGS[5]!, 400)),
    limits: { maxDepth: 1000 },
    args: () => ["generate", "--no-cache", "--out", "out"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+ at #/properties/b(/anyOf/0){32}: error: ${RULE_TYPE_LEVELS}: the type nests 401 levels deep`), untouched: true },
  },
  ...(["generate --no-cache --out out", "check"] as const).map(
    (command): Case => ({
      given: `every nesting keyword 31 levels beside a tuple, 32 with the property, one ending in a const of objects 64 levels deep (${command.split(" ")[0]})`,
      schema: () =>
        propertiesText(
          TUPLE,
          ...NESTINGS.filter((n) => !n.dialect).map((n) => nestedText(n, 31)),
          nestedText(NESTINGS[3]!, 31, `{"const":${nestedObjectsText(64)}}`),
          nestedText({ around: (x) => NESTINGS[1]!.around(NESTINGS[3]!.around(NESTINGS[5]!.around(x))) }, 10, nestedText(NESTINGS[0]!, 1)),
        ),
      args: () => command.split(" "),
      want: { code: 0 },
    }),
  ),
  {
    given: "properties, not, if/then/else and dependentSchemas nested as deep as the default limits allow, and a chain of 100 definitions (none nests a type)",
    schema: () =>
      JSON.stringify({
        $schema: DRAFT2020,
        "x-delivery": "at-most-once",
        type: "object",
        properties: { a: nestedProperties(120), b: { $ref: "#/$defs/d0" } },
        $defs: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`d${i}`, { type: "array", items: i < 99 ? { $ref: `#/$defs/d${i + 1}` } : {} }])),
      }).replace(
        '"b":',
        `"c":${nestedText({ around: (x) => `{"not":${x}}` }, 240)},"d":${nestedText({ around: (x) => `{"if":{"type":"object"},"then":${x},"else":{}}` }, 240)},` +
          `"e":${nestedText({ around: (x) => `{"type":"object","dependentSchemas":{"k":${x}}}` }, 120)},"b":`,
      ),
    args: () => ["generate", "--no-cache", "--out", "out"],
    want: { code: 0 },
  },
  {
    given: "a schema starting with a byte order mark",
    schema: () => "\ufeff" + JSON.stringify({ $schema: DRAFT7, type: "string" }),
    args: () => ["check"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:1: error: Every file is valid JSON: invalid JSON: the file starts with a byte order mark \\(BOM\\)`) },
  },
  {
    given: "a schema with a Latin-1 byte in its title",
    schema: () => Buffer.from(`{\n  "$schema": "${DRAFT7}",\n  "title": "Order \xff Placed",\n  "type": "string"\n}`, "latin1"),
    args: () => ["check"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:3:19: error: Every file is valid JSON: invalid JSON: invalid UTF-8 \\(byte 0xff\\); save the file as UTF-8`) },
  },
  {
    given: "a Latin-1 byte saved into a schema a cached generate took before",
    warmWith: () => JSON.stringify({ $schema: DRAFT7, "x-delivery": "at-most-once", title: "Order Placed", type: "string" }),
    schema: () => Buffer.from(JSON.stringify({ $schema: DRAFT7, "x-delivery": "at-most-once", title: "Order \xfe Placed", type: "string" }), "latin1"),
    args: () => ["generate", "--out", "out"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:\\d+: error: Every file is valid JSON: invalid JSON: invalid UTF-8 \\(byte 0xfe\\)`) },
  },
  {
    given: "a schema saved as UTF-16 (with its byte order mark)",
    schema: () => Buffer.from("\ufeff" + JSON.stringify({ $schema: DRAFT7, type: "string" }), "utf16le"),
    args: () => ["generate", "--no-cache", "--out", "out"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:1: error: Every file is valid JSON: invalid JSON: the text is UTF-16, not UTF-8; save the file as UTF-8`) },
  },
  {
    given: "validate reading /dev/zero",
    args: () => ["validate", "order.placed", "/dev/zero"],
    want: { code: 1, stderr: /^\/dev\/zero: the file is larger than the limit of 16MB \(limits\.maxFileSize\)/m, withinMs: 30_000 },
  },
  {
    given: "validate on data nested 10000 levels deep",
    args: (dir) => {
      writeFileSync(join(dir, "deep.json"), nestedData(10_000));
      return ["validate", "order.placed", "deep.json"];
    },
    want: { code: 1, stderr: /^deep\.json:1:257: objects and arrays nest deeper than the limit of 256 levels \(limits\.maxDepth\)/m },
  },
  {
    given: "validate on data of 17 MB, limits.maxFileSize raised to 32MB",
    limits: { maxFileSize: "32MB" },
    args: (dir) => {
      writeFileSync(join(dir, "big.json"), JSON.stringify({ ...VALID_ORDER, order_id: "x".repeat(17 * 1024 * 1024) }));
      return ["validate", "order.placed", "big.json"];
    },
    want: { code: 0, stdout: /big\.json is a valid order\.placed 1\.0 payload/ },
  },
  {
    given: "validate - reading a valid payload from stdin",
    args: () => ["validate", "order.placed", "-"],
    stdin: JSON.stringify(VALID_ORDER),
    want: { code: 0, stdout: /is a valid order\.placed 1\.0 payload/ },
  },
  {
    given: "validate - reading an invalid payload from stdin",
    args: () => ["validate", "order.placed", "-"],
    stdin: JSON.stringify({ ...VALID_ORDER, order_id: 7 }),
    want: { code: 1, stderr: /#\/order_id: must be string/ },
  },
  {
    given: "validate on data starting with a byte order mark",
    args: (dir) => {
      writeFileSync(join(dir, "bom.json"), "\ufeff" + JSON.stringify(VALID_ORDER));
      return ["validate", "order.placed", "bom.json"];
    },
    want: { code: 1, stderr: /^bom\.json:1:1: invalid JSON: the file starts with a byte order mark/m },
  },
  {
    given: "validate on data with a Latin-1 byte",
    args: (dir) => {
      writeFileSync(join(dir, "latin1.json"), Buffer.from(JSON.stringify({ ...VALID_ORDER, order_id: "\xff" }), "latin1"));
      return ["validate", "order.placed", "latin1.json"];
    },
    want: { code: 1, stderr: /^latin1\.json:1:\d+: invalid JSON: invalid UTF-8 \(byte 0xff\); save the file as UTF-8/m },
  },
  {
    given: "validate on data saved as UTF-16 without a byte order mark",
    args: (dir) => {
      writeFileSync(join(dir, "utf16.json"), Buffer.from(JSON.stringify(VALID_ORDER), "utf16le"));
      return ["validate", "order.placed", "utf16.json"];
    },
    want: { code: 1, stderr: /^utf16\.json:1:1: invalid JSON: the text is UTF-16, not UTF-8/m },
  },
  {
    given: "validate --ndjson on a line with a Latin-1 byte between valid ones",
    args: (dir) => {
      const line = (id: string) => Buffer.from(JSON.stringify({ ...VALID_ORDER, order_id: id }) + "\n", "latin1");
      writeFileSync(join(dir, "latin1.ndjson"), Buffer.concat([line("a"), line("\xe9"), line("c")]));
      return ["validate", "--ndjson", "order.placed", "latin1.ndjson"];
    },
    want: { code: 1, stderr: /^latin1\.ndjson:2:\d+: invalid JSON: invalid UTF-8 \(byte 0xe9\)/m, stdout: /3 documents: 2 valid, 1 invalid/ },
  },
  {
    given: "validate --ndjson on a 17 MB line between valid ones",
    args: (dir) => {
      const line = (id: string) => JSON.stringify({ ...VALID_ORDER, order_id: id }) + "\n";
      writeFileSync(join(dir, "big.ndjson"), line("a") + line("x".repeat(17 * 1024 * 1024)) + line("c") + line("d"));
      return ["validate", "--ndjson", "order.placed", "big.ndjson"];
    },
    want: {
      code: 1,
      stderr: /^big\.ndjson:2: the line is larger than the limit of 16MB \(limits\.maxFileSize\)/m,
      stdout: /big\.ndjson:3 is a valid order\.placed 1\.0 payload\nbig\.ndjson:4 is a valid order\.placed 1\.0 payload\n4 documents: 3 valid, 1 invalid/,
    },
  },
  {
    given: "validate --ndjson - on two 17 MB lines, the second unterminated",
    args: () => ["validate", "--ndjson", "order.placed", "-"],
    stdin: JSON.stringify(VALID_ORDER) + "\n" + JSON.stringify({ ...VALID_ORDER, order_id: "x".repeat(17 * 1024 * 1024) }) + "\n" + "y".repeat(17 * 1024 * 1024),
    want: { code: 1, stderr: /^stdin:2: the line is larger than the limit.*\nstdin:3: the line is larger than the limit/m, stdout: /3 documents: 1 valid, 2 invalid/ },
  },
];

describe.each(CASES)("given $given", (c) => {
  it(`exits ${c.want.code} with a clear message, no stack, in bounded time and memory`, async () => {
    const dir = join(tmp, `case-${CASES.indexOf(c)}`);
    cpSync(REGISTRY, join(dir, "schemas"), { recursive: true });
    if (c.warmWith) {
      mkdirSync(join(dir, "schemas", "order/extra"), { recursive: true });
      writeFileSync(join(dir, "schemas", EXTRA), c.warmWith());
      const warm = await runBin(["generate", "--out", "out"], { cwd: dir, timeoutMs: 90_000 });
      expect(warm.code, warm.stdout + warm.stderr).toBe(0);
    }
    if (c.schema) {
      mkdirSync(join(dir, "schemas", "order/extra"), { recursive: true });
      writeFileSync(join(dir, "schemas", EXTRA), c.schema());
    }
    if (c.limits) {
      const path = join(dir, "schemas/registry.json");
      writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), limits: c.limits }));
    }
    if (c.runTwice) await runBin(c.args(dir), { cwd: dir, heapMb: 512, timeoutMs: 90_000 });
    const r = await runBin(c.args(dir), { cwd: dir, heapMb: 512, timeoutMs: 90_000, ...(c.stdin !== undefined ? { stdin: c.stdin } : {}) });
    expect(r.code, r.stdout + r.stderr).toBe(c.want.code);
    if (c.want.stderr) expect(r.stderr).toMatch(c.want.stderr);
    if (c.want.stdout) expect(r.stdout).toMatch(c.want.stdout);
    expect(r.stderr).not.toMatch(STACK_LINE);
    if (c.want.withinMs) expect(r.ms).toBeLessThan(c.want.withinMs);
    if (c.want.untouched) expect(readdirSync(dir).filter((name) => name === "out" || name.startsWith(".out."))).toEqual([]);
  });
});

export const CASE_COUNT = CASES.length;
