/**
 * The bench's peers (bench/peers/) do the work they are compared for, run as the bench runs them
 * (bench/baselines.ts: whole processes, peak memory reported by the preloaded module).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BENCH_TMP, runPeer } from "../../bench/baselines.js";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";

// Inside the repository, as the bench's: the DIY's validators require ajv from its node_modules.
mkdirSync(BENCH_TMP, { recursive: true });
const tmp = mkdtempSync(join(BENCH_TMP, "peers-test-"));
const schemas = join(tmp, "schemas");
let versionFiles: string[] = [];
const filesUnder = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

beforeAll(() => {
  writeSyntheticRegistry(schemas, { events: 3 });
  versionFiles = filesUnder(schemas).filter((f) => /\d+\.\d+\.json$/.test(f));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the do-it-yourself pipeline", () => {
  it("writes formatted types and a working ajv validator for every schema file, and reports its time split, CPU time and peak memory", async () => {
    const out = join(tmp, "diy");
    const run = await runPeer("diy", schemas, out);
    expect(run.rssMiB).toBeGreaterThan(10);
    expect(run.cpuMs).toBeGreaterThan(0);
    const split = JSON.parse(run.stdout.trim().split("\n").pop()!) as { typesMs: number; validatorsMs: number };
    expect(split.typesMs).toBeGreaterThan(0);
    expect(split.validatorsMs).toBeGreaterThan(0);
    const require = createRequire(import.meta.url);
    for (const file of versionFiles) {
      const name = file.replace(/\.json$/, "");
      const types = readFileSync(join(out, "types", `${name}.d.ts`), "utf8");
      expect(types).toMatch(/^export interface \w+ \{\n {2}\/\*\*\n/m);
      const validate = require(join(out, "validators", `${name}.cjs`)) as { default: (data: unknown) => boolean };
      const schema = JSON.parse(readFileSync(join(schemas, file), "utf8")) as { examples: unknown[] };
      expect(validate.default(schema.examples[0]), file).toBe(true);
      expect(validate.default({ field_0: "" }), file).toBe(false);
    }
  });
});

describe.each([
  { peer: "quicktype" as const, wants: (files: string[]) => expect(files).toEqual(["types.ts"]) },
  { peer: "modelina" as const, wants: (files: string[]) => expect(files.filter((f) => f.endsWith(".ts")).length).toBeGreaterThanOrEqual(versionFiles.length) },
])("$peer", ({ peer, wants }) => {
  it("writes TypeScript for the registry", async () => {
    const out = join(tmp, peer);
    const run = await runPeer(peer, schemas, out);
    expect(run.rssMiB).toBeGreaterThan(10);
    expect(run.cpuMs).toBeGreaterThan(0);
    wants(filesUnder(out));
    expect(readFileSync(join(out, filesUnder(out).find((f) => f.endsWith(".ts"))!), "utf8")).toMatch(/^(export )?(interface \w+ \{|type \w+ =)/m);
  });
});
