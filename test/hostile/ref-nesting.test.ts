/**
 * Nesting through `$ref`s: a chain of definitions that each hold the next under a property nests
 * as deep as the chain is long, though no file does. Counted as if each `$ref` were replaced by its
 * target, it is held to `limits.maxDepth` like a file's own text: refused at the `$ref` where the
 * chain passes the limit (in one file, across files under defs/), one error, before ajv's compile
 * overflows its stack; recursion (a tree) and definitions shared many times are not nesting.
 * Most rows run `check` in process (runCheck, renderPackage): the rule is the check stage's, and
 * a process each would cost seconds a row; the rows that must see what a user sees (exit code, no
 * stack, nothing written, ajv's own overflow on node's main-thread stack) run the built bin.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../generator/check-run.js";
import { renderPackage } from "../../generator/pipeline.js";
import { folderPerFile } from "../support/per-file.js";
import { assertBuilt, REPO_ROOT, runBin, STACK_LINE } from "../support/bin.js";

const REGISTRY = join(REPO_ROOT, "test/fixtures/good/features");
const tmp = folderPerFile(".tmp-hostile-ref-nesting-", join(REPO_ROOT, "test"));
beforeAll(assertBuilt);

const RULE = "A schema nests at most limits.maxDepth levels through its $refs";
const COMPILES = "Every schema compiles";
/** The event the rows add: order.extra (an at-most-once event, so no stream need capture it). */
const EXTRA = "order/extra/1.0.json";
const DRAFT7 = "http://json-schema.org/draft-07/schema#";

/** order.extra: property `chained` is `chained` (a schema or a `$ref`), beside `definitions`. */
function extra(chained: object, definitions: Record<string, object> = {}): object {
  return { $schema: DRAFT7, "x-delivery": "at-most-once", type: "object", properties: { chained }, definitions };
}
/** Definitions d0 … d<links>: each holds the next under property `x` (two levels: `properties`, `x`); the last a string. */
function chainOf(links: number): Record<string, object> {
  const defs: Record<string, object> = {};
  for (let i = 0; i < links; i++) defs[`d${i}`] = { type: "object", properties: { x: { $ref: `#/definitions/d${i + 1}` } } };
  defs[`d${links}`] = { type: "string" };
  return defs;
}
/** The same chain, a file a link: defs/chain/c0.json … c<links>.json. */
function chainOfFiles(links: number): Record<string, object> {
  const files: Record<string, object> = {};
  for (let i = 0; i < links; i++) files[`defs/chain/c${i}.json`] = { $schema: DRAFT7, type: "object", properties: { x: { $ref: `c${i + 1}.json` } } };
  files[`defs/chain/c${links}.json`] = { $schema: DRAFT7, type: "string" };
  return files;
}
/** Data for a chain of `links`: `x` in `x`, a string at the bottom (`leaf`). */
function chainData(links: number, leaf: unknown = "end"): unknown {
  let data: unknown = leaf;
  for (let i = 0; i < links; i++) data = { x: data };
  return { chained: data };
}
/**
 * `chained` stands at level 3 (root, `properties`, `chained`) and each link nests the next two
 * levels down: link k's `x` is at 5 + 2k, so the chain passes 256 in the target of link 125's `$ref`.
 */
const PAST_256 = 125;

interface Case {
  given: string;
  /** Files added to (or replacing) the registry's, by path: JSON values. */
  files: () => Record<string, object>;
  limits?: { maxDepth: number };
  want:
    | { errors: Array<{ file: string; pointer: string; rule: string; message: RegExp }>; withinMs?: number }
    | { valid: true; withinMs?: number; run?: { valid: unknown; invalid: unknown } };
}

const CASES: Case[] = [
  {
    given: "a chain of 400 definitions in one file, each holding the next under a property (803 levels through its $refs)",
    files: () => ({ [EXTRA]: extra({ $ref: "#/definitions/d0" }, chainOf(400)) }),
    want: {
      errors: [
        {
          file: EXTRA,
          pointer: `/definitions/d${PAST_256}/properties/x/$ref`,
          rule: RULE,
          message: /^order\/extra\/1\.0\.json nests 803 levels deep counted through its \$refs .*past the limit of 256 \(limits\.maxDepth\).*raise limits\.maxDepth in registry\.json \(at most 1000/,
        },
      ],
    },
  },
  {
    given: "a chain of 150 files under defs/, each holding the next under a property (303 levels through its $refs)",
    files: () => ({ ...chainOfFiles(150), [EXTRA]: extra({ $ref: "../../defs/chain/c0.json" }) }),
    want: { errors: [{ file: `defs/chain/c${PAST_256}.json`, pointer: "/properties/x/$ref", rule: RULE, message: /^order\/extra\/1\.0\.json nests 303 levels deep/ }] },
  },
  {
    given: "two events through the same chain of 150 files (one error at the $ref, naming both)",
    files: () => ({
      ...chainOfFiles(150),
      [EXTRA]: extra({ $ref: "../../defs/chain/c0.json" }),
      "order/extra2/1.0.json": extra({ $ref: "../../defs/chain/c0.json" }),
    }),
    want: { errors: [{ file: `defs/chain/c${PAST_256}.json`, pointer: "/properties/x/$ref", rule: RULE, message: /nests 303 levels deep .*\(and 1 other schema\(s\) through this \$ref\)|\(and 1 other schema\(s\) through this \$ref\) nests 303/ }] },
  },
  {
    given: "the chain of 150 files, limits.maxDepth raised to 400",
    files: () => ({ ...chainOfFiles(150), [EXTRA]: extra({ $ref: "../../defs/chain/c0.json" }) }),
    limits: { maxDepth: 400 },
    want: { valid: true },
  },
  {
    given: "a chain of 180 definitions (363 levels through its $refs), limits.maxDepth raised to 400, generated and its validator run",
    files: () => ({ [EXTRA]: extra({ $ref: "#/definitions/d0" }, chainOf(180)) }),
    limits: { maxDepth: 400 },
    want: { valid: true, run: { valid: chainData(180), invalid: chainData(180, 5) } },
  },
  {
    given: "a chain of 120 definitions (243 levels through its $refs), generated and its validator run",
    files: () => ({ [EXTRA]: extra({ $ref: "#/definitions/d0" }, chainOf(120)) }),
    want: { valid: true, run: { valid: chainData(120), invalid: chainData(120, 5) } },
  },
  {
    given: "a chain of 400 definitions that are only a $ref each (no level added)",
    files: () => ({
      [EXTRA]: extra({ $ref: "#/definitions/d0" }, Object.fromEntries(Array.from({ length: 401 }, (_, i) => [`d${i}`, i < 400 ? { $ref: `#/definitions/d${i + 1}` } : { type: "string" }]))),
    }),
    want: { valid: true },
  },
  {
    given: "a recursive tree (a Node's children are Nodes) and two files whose definitions recur through each other",
    files: () => ({
      [EXTRA]: extra(
        { type: "object", properties: { tree: { $ref: "#/definitions/Node" }, ping: { $ref: "../../defs/ping.json" } } },
        { Node: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/definitions/Node" } } } } },
      ),
      "defs/ping.json": { $schema: DRAFT7, type: "object", properties: { pong: { $ref: "pong.json" } } },
      "defs/pong.json": { $schema: DRAFT7, type: "object", properties: { ping: { $ref: "ping.json" } } },
    }),
    want: { valid: true, run: { valid: { chained: { tree: { name: "a", children: [{ name: "b", children: [] }] } } }, invalid: { chained: { tree: { name: "a", children: [{ name: 7 }] } } } } },
  },
  {
    given: "a diamond: 100 definitions each referring to the next twice (2^100 paths, 203 levels)",
    files: () => ({
      [EXTRA]: extra(
        { $ref: "#/definitions/d0" },
        Object.fromEntries(
          Array.from({ length: 101 }, (_, i) => [`d${i}`, i < 100 ? { type: "object", properties: { a: { $ref: `#/definitions/d${i + 1}` }, b: { $ref: `#/definitions/d${i + 1}` } } } : { type: "string" }]),
        ),
      ),
    }),
    want: { valid: true, withinMs: 10_000 },
  },
  {
    given: "a diamond of 130 definitions each referring to the next twice (263 levels: refused, quickly)",
    files: () => ({
      [EXTRA]: extra(
        { $ref: "#/definitions/d0" },
        Object.fromEntries(
          Array.from({ length: 131 }, (_, i) => [`d${i}`, i < 130 ? { type: "object", properties: { a: { $ref: `#/definitions/d${i + 1}` }, b: { $ref: `#/definitions/d${i + 1}` } } } : { type: "string" }]),
        ),
      ),
    }),
    want: { errors: [{ file: EXTRA, pointer: `/definitions/d${PAST_256}/properties/a/$ref`, rule: RULE, message: /nests 263 levels deep/ }], withinMs: 10_000 },
  },
];

function registryOf(c: Case, name: string): string {
  const schemas = join(tmp, name, "schemas");
  cpSync(REGISTRY, schemas, { recursive: true });
  for (const [path, value] of Object.entries(c.files())) {
    mkdirSync(dirname(join(schemas, path)), { recursive: true });
    writeFileSync(join(schemas, path), JSON.stringify(value, null, 1));
  }
  if (c.limits) {
    const path = join(schemas, "registry.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), limits: c.limits }));
  }
  return schemas;
}

describe.each(CASES)("given $given", (c) => {
  it("check reports exactly the nesting, or nothing", async () => {
    const schemas = registryOf(c, `case-${CASES.indexOf(c)}`);
    const started = performance.now();
    const errors = runCheck(schemas).diagnostics.filter((d) => d.severity === "error");
    const ms = performance.now() - started;
    if ("errors" in c.want) {
      expect(errors.map((d) => ({ file: d.file, pointer: d.pointer, rule: d.rule }))).toEqual(c.want.errors.map(({ file, pointer, rule }) => ({ file, pointer, rule })));
      c.want.errors.forEach((want, i) => expect(errors[i]!.message).toMatch(want.message));
    } else {
      expect(errors.map((d) => `${d.file} ${d.pointer}: ${d.rule}: ${d.message.slice(0, 300)}`)).toEqual([]);
    }
    if (c.want.withinMs) expect(ms).toBeLessThan(c.want.withinMs);
    if ("run" in c.want && c.want.run) {
      const out = join(tmp, `case-${CASES.indexOf(c)}`, "out");
      for (const [path, text] of await renderPackage({ schemas, out })) {
        mkdirSync(dirname(join(out, path)), { recursive: true });
        writeFileSync(join(out, path), text);
      }
      const { registry } = (await import(pathToFileURL(join(out, "registry.js")).href)) as { registry: { events: Record<string, { validators: Record<string, (data: unknown) => boolean> }> } };
      const validate = registry.events["order.extra@1"]!.validators["1.0"]!;
      expect(validate(c.want.run.valid)).toBe(true);
      expect(validate(c.want.run.invalid)).toBe(false);
    }
  });
});

/** What a user sees: the exit code, the error, no stack, no output. */
const BIN_CASES: Array<{ given: string; files: () => Record<string, object>; limits?: { maxDepth: number }; args: string[]; stderr: RegExp }> = [
  {
    given: "a chain of 400 definitions in one file (generate)",
    files: () => ({ [EXTRA]: extra({ $ref: "#/definitions/d0" }, chainOf(400)) }),
    args: ["generate", "--no-cache", "--out", "out"],
    stderr: new RegExp(`^\\s*schemas/${EXTRA}:\\d+:\\d+ at #/definitions/d${PAST_256}/properties/x/\\$ref: error: ${RULE.replace(/\$/g, "\\$")}: order/extra/1\\.0\\.json nests 803 levels`, "m"),
  },
  {
    given: "a chain of 150 files under defs/ (check)",
    files: () => ({ ...chainOfFiles(150), [EXTRA]: extra({ $ref: "../../defs/chain/c0.json" }) }),
    args: ["check"],
    stderr: new RegExp(`^\\s*schemas/defs/chain/c${PAST_256}\\.json:\\d+:\\d+ at #/properties/x/\\$ref: error: ${RULE.replace(/\$/g, "\\$")}: order/extra/1\\.0\\.json nests 303 levels`, "m"),
  },
  {
    given: "a chain of 400 definitions, limits.maxDepth at its cap of 1000: ajv's compile overflows, named at the $ref past 256 levels (check)",
    files: () => ({ [EXTRA]: extra({ $ref: "#/definitions/d0" }, chainOf(400)) }),
    limits: { maxDepth: 1000 },
    args: ["check"],
    stderr: new RegExp(`^\\s*schemas/${EXTRA}:\\d+:\\d+ at #/definitions/d${PAST_256}/properties/x/\\$ref: error: ${COMPILES}: ajv's compile of order/extra/1\\.0\\.json overflowed the stack: the schema nests 803 levels deep`, "m"),
  },
];

describe.each(BIN_CASES)("given $given", (c) => {
  it("exits 1 with one error at the $ref, no stack, nothing written", async () => {
    const name = `bin-${BIN_CASES.indexOf(c)}`;
    registryOf({ given: c.given, files: c.files, ...(c.limits ? { limits: c.limits } : {}), want: { valid: true } }, name);
    const dir = join(tmp, name);
    const r = await runBin(c.args, { cwd: dir, heapMb: 512, timeoutMs: 90_000 });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(c.stderr);
    expect(r.stderr.match(/: error: /g), r.stderr).toHaveLength(1);
    expect(r.stderr).not.toMatch(/Maximum call stack/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(dir).filter((n) => n === "out" || n.startsWith(".out."))).toEqual([]);
  });
});
