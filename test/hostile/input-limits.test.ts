/**
 * Bounded input, through the built bin: every JSON file jetschema reads (registry files and
 * `validate` data, from a file, a device or stdin) is refused past its size, depth or property
 * limit with exit 1, the file and the limit named, quickly and in bounded memory; `limits` in
 * registry.json raises them. Misleading parse messages (a BOM) say what is wrong.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, REPO_ROOT, runBin, STACK_LINE } from "../support/bin.js";

const REGISTRY = join(REPO_ROOT, "test/fixtures/good/features");
const tmp = mkdtempSync(join(REPO_ROOT, "test", ".tmp-hostile-limits-"));
beforeAll(assertBuilt);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

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
function nestedData(levels: number): string {
  return "[".repeat(levels) + "]".repeat(levels);
}

interface Case {
  given: string;
  /** Text of order/extra/1.0.json, if any. */
  schema?: () => string;
  /** `limits` of registry.json, if any. */
  limits?: Record<string, unknown>;
  args: (dir: string) => string[];
  stdin?: string;
  want: { code: number; stderr?: RegExp; stdout?: RegExp; withinMs?: number };
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
    given: "a schema starting with a byte order mark",
    schema: () => "\ufeff" + JSON.stringify({ $schema: DRAFT7, type: "string" }),
    args: () => ["check"],
    want: { code: 1, stderr: new RegExp(`${EXTRA}:1:1: error: Every file is valid JSON: invalid JSON: the file starts with a byte order mark \\(BOM\\)`) },
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
];

describe.each(CASES)("given $given", (c) => {
  it(`exits ${c.want.code} with a clear message, no stack, in bounded time and memory`, async () => {
    const dir = join(tmp, `case-${CASES.indexOf(c)}`);
    cpSync(REGISTRY, join(dir, "schemas"), { recursive: true });
    if (c.schema) {
      mkdirSync(join(dir, "schemas", "order/extra"), { recursive: true });
      writeFileSync(join(dir, "schemas", EXTRA), c.schema());
    }
    if (c.limits) {
      const path = join(dir, "schemas/registry.json");
      writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), limits: c.limits }));
    }
    const r = await runBin(c.args(dir), { cwd: dir, heapMb: 512, timeoutMs: 90_000, ...(c.stdin !== undefined ? { stdin: c.stdin } : {}) });
    expect(r.code, r.stdout + r.stderr).toBe(c.want.code);
    if (c.want.stderr) expect(r.stderr).toMatch(c.want.stderr);
    if (c.want.stdout) expect(r.stdout).toMatch(c.want.stdout);
    expect(r.stderr).not.toMatch(STACK_LINE);
    if (c.want.withinMs) expect(r.ms).toBeLessThan(c.want.withinMs);
  });
});

export const CASE_COUNT = CASES.length;
