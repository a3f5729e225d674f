/**
 * `check` keeps the patterns recheck found safe in the cache folder, as generate does, and both
 * read each other's: a second run whose patterns are all known neither loads recheck nor judges
 * one. Observed through the built command line in a process of its own, with a preloaded hook that
 * reports when recheck's build is required (base/backtracking.ts requires it at the first
 * pattern it must judge, and only then). A record that is not exactly the verdict of this checker
 * on this pattern (another pattern's, another recheck's, a bare "safe", damaged bytes) is no
 * verdict: the pattern is judged again, and an unsafe one is refused.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { judgedBy } from "../../generator/base/backtracking.js";
import { CacheStore } from "../../generator/cache/disk-store.js";
import { SAFE_PATTERNS_KIND, safePatternKey, safePatternRecord } from "../../generator/cache/safe-patterns.js";
import { RULE_BACKTRACKING } from "../../generator/check/backtracking-rules.js";
import { assertBuilt, REPO_ROOT, runBin } from "../support/bin.js";
import { ENVELOPE, registryJson, version, writeJson } from "../compat/support.js";

/** Safe, but not by its shape alone (base/plainly-linear.ts): recheck judges it. */
const SAFE = "^[a-z]+(-[a-z0-9]+)*$";
const SLOW = "^(a+)+$";
const LOADED = "recheck's build was required";

let tmp: string;
let hook: string;
let schemas: string;
let cacheDir: string;

/** A registry whose one event has a string property with `pattern`. */
function registry(pattern: string): void {
  rmSync(schemas, { recursive: true, force: true });
  writeJson(schemas, "registry.json", registryJson());
  writeJson(schemas, "envelope.schema.json", ENVELOPE);
  writeJson(schemas, "order/placed/1.0.json", version({ sku: { type: "string", pattern } }));
}

/** `check` through the built bin with the hook preloaded; whether it required recheck. */
async function check(...args: string[]) {
  const run = await runBin(["check", "--schemas", schemas, ...args], {
    cwd: tmp,
    timeoutMs: 60_000,
    env: { ...process.env, NODE_OPTIONS: `--require ${hook}` },
  });
  expect(run.signal).toBeNull();
  return { ...run, judged: run.stderr.includes(LOADED) };
}

beforeAll(() => {
  assertBuilt();
  tmp = mkdtempSync(join(REPO_ROOT, "test", ".tmp-backtracking-cache-"));
  hook = join(tmp, "recheck-hook.cjs");
  writeFileSync(
    hook,
    `const Module = require("node:module");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/recheck(\\.cjs|\\/lib\\/browser\\.js)$/.test(request)) process.stderr.write(${JSON.stringify(LOADED + "\n")});
  return load.call(this, request, ...rest);
};
`,
  );
  schemas = join(tmp, "schemas");
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmp, "cache-"));
  rmSync(cacheDir, { recursive: true });
});

describe("check reuses the verdicts of earlier runs", () => {
  it("a second check judges no pattern; each run with --no-cache judges again and writes nothing", async () => {
    registry(SAFE);
    const first = await check("--cache-dir", cacheDir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.judged).toBe(true);
    expect(readdirSync(join(cacheDir, SAFE_PATTERNS_KIND)).some((f) => f.endsWith(".pack"))).toBe(true);
    const second = await check("--cache-dir", cacheDir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.judged).toBe(false);

    const other = join(tmp, "never-written");
    for (let i = 0; i < 2; i++) {
      const uncached = await check("--no-cache", "--cache-dir", other);
      expect(uncached.code).toBe(0);
      expect(uncached.judged).toBe(true);
    }
    expect(existsSync(other)).toBe(false);
  });

  it("the verdicts generate kept serve check", { timeout: 120_000 }, async () => {
    registry(SAFE);
    const generated = await runBin(["generate", "--schemas", schemas, "--out", join(tmp, "generated"), "--cache-dir", cacheDir], { cwd: tmp, timeoutMs: 90_000 });
    expect(generated.code, generated.stderr).toBe(0);
    const after = await check("--cache-dir", cacheDir);
    expect(after.code, after.stderr).toBe(0);
    expect(after.judged).toBe(false);
  });

  it("a registry whose patterns are linear by their shape neither loads recheck nor creates the cache folder", async () => {
    registry("^[a-z][a-z0-9_-]*$");
    const run = await check("--cache-dir", cacheDir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.judged).toBe(false);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it("a registry without patterns neither loads recheck nor creates the cache folder", async () => {
    rmSync(schemas, { recursive: true, force: true });
    writeJson(schemas, "registry.json", registryJson());
    writeJson(schemas, "envelope.schema.json", ENVELOPE);
    writeJson(schemas, "order/placed/1.0.json", version({ sku: { type: "string" } }));
    const run = await check("--cache-dir", cacheDir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.judged).toBe(false);
    expect(existsSync(cacheDir)).toBe(false);
  });
});

/** Writes one record under the key of `pattern`'s verdict; `damage` then alters its bytes on disk. */
function plant(pattern: string, payload: string, damage = false): void {
  const store = new CacheStore(cacheDir);
  store.set(SAFE_PATTERNS_KIND, safePatternKey(judgedBy()!, pattern), payload);
  store.flush();
  if (!damage) return;
  const folder = join(cacheDir, SAFE_PATTERNS_KIND);
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    const bytes = readFileSync(path);
    const at = bytes.indexOf(payload);
    if (at < 0) continue;
    const last = at + payload.length - 2;
    bytes[last] = bytes[last]! ^ 1;
    writeFileSync(path, bytes);
  }
}

const judge = () => judgedBy()!;
const foreignJudge = () => JSON.stringify({ ...JSON.parse(judge()), version: "0.0.1" });

const tampered = [
  { given: "the verdict of another pattern under its key", payload: () => safePatternRecord(judge(), SAFE) },
  { given: 'a bare "safe"', payload: () => "safe" },
  { given: "the verdict of another recheck version", payload: () => safePatternRecord(foreignJudge(), SLOW) },
  { given: "its own verdict, with a byte changed on disk", payload: () => safePatternRecord(judge(), SLOW), damage: true },
];

describe("a record that is not this checker's verdict on the pattern is no verdict", () => {
  it.each(tampered)("$given: judged again, refused", async ({ payload, damage }) => {
    registry(SLOW);
    plant(SLOW, payload(), damage);
    const run = await check("--cache-dir", cacheDir);
    expect(run.judged).toBe(true);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`#/properties/sku/pattern: error: ${RULE_BACKTRACKING}: "${SLOW}" takes exponential time`);
  });

  // What the rows above change is all that keeps them from being served: the same record, well
  // formed, is (the cache folder is trusted as node_modules is; docs/security.md).
  it("the control: the record as check writes it is served", async () => {
    registry(SLOW);
    plant(SLOW, safePatternRecord(judge(), SLOW));
    const run = await check("--cache-dir", cacheDir);
    expect(run.judged).toBe(false);
    expect(run.code).toBe(0);
  });
});
