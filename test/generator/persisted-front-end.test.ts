/**
 * A separate process's front end from the cache (front-end/persisted-front-end.ts) and the
 * registry read by its stat record (load/stat-record.ts): after each kind of edit, a run with the
 * cache writes exactly what a run without it renders, or fails with the same problems. The
 * edits follow one another on one project, each run finding the record and the front end the run
 * before it left.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { renderPackage } from "../../generator/pipeline.js";
import { StageTimings, type CacheUse } from "../../generator/base/timings.js";
import { readTree } from "../support/tree.js";
import { WHOLE_SECOND, wholeSecondTimes } from "../support/file-times.js";
import { GeneratorCache } from "../../generator/cache/generator-cache.js";
import { digest } from "../../generator/base/hash.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-persisted-front-end-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const schemas = join(tmp, "schemas");
const out = join(tmp, "generated");
const cache = join(tmp, "cache");
const at = (file: string) => join(schemas, file);
const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(at(file), "utf8");
  if (!text.includes(from)) throw new Error(`${file} does not hold ${from}`);
  writeFileSync(at(file), text.replace(from, to));
};

interface Case {
  given: string;
  change: () => void;
  /** The run fails (both runs, with the same problems). */
  fails?: boolean;
  /** Back to the registry of an earlier run: up to date from its manifest, nothing rendered. */
  undone?: boolean;
}

// Each case changes the output from the run before it (or makes the run fail).
const cases: Case[] = [
  { given: "a description saved with the same size", change: () => edit("queue/paused/1.0.json", "Admission from a queue was paused", "Admission from a queue was halted") },
  {
    given: "the same size again, the modification time put back",
    change: () => {
      edit("queue/paused/1.0.json", "was halted", "was frozn");
      utimesSync(at("queue/paused/1.0.json"), WHOLE_SECOND, WHOLE_SECOND);
    },
  },
  {
    given: "a file renamed over by another of the same size and times",
    change: () => {
      const temp = at("queue/paused/.swap");
      writeFileSync(temp, readFileSync(at("queue/paused/1.0.json"), "utf8").replace("was frozn", "was stopd"));
      utimesSync(temp, WHOLE_SECOND, WHOLE_SECOND);
      renameSync(temp, at("queue/paused/1.0.json"));
    },
  },
  { given: "a new minor version in an event's folder", change: () => writeFileSync(at("queue/paused/1.1.json"), readFileSync(at("queue/paused/1.0.json"))) },
  { given: "a version deleted", change: () => rmSync(at("session/started/1.1.json")) },
  {
    given: "a new event folder, its parent's times put back",
    change: () => {
      mkdirSync(at("queue/archived"));
      writeFileSync(at("queue/archived/1.0.json"), readFileSync(at("queue/paused/1.0.json"), "utf8").replace("Queue Paused", "Queue Archived"));
      utimesSync(at("queue"), WHOLE_SECOND, WHOLE_SECOND);
    },
  },
  { given: "a shared definition edited, which unchanged files' `$ref`s reach", change: () => edit("defs/common.json", '"description": "', '"description": "Shared: ') },
  { given: "a file made invalid against its meta-schema", change: () => edit("queue/updated/1.0.json", '"type": "object"', '"type": "objekt"'), fails: true },
  { given: "the same file valid again", change: () => edit("queue/updated/1.0.json", '"type": "objekt"', '"type": "object"'), undone: true },
  { given: "a `$defs` entry renamed, so unchanged files' `$ref`s lead nowhere", change: () => edit("defs/common.json", '"QueueId":', '"QueueIdent":'), fails: true },
  { given: "the `$defs` entry's name put back", change: () => edit("defs/common.json", '"QueueIdent":', '"QueueId":'), undone: true },
  {
    given: "a shared definition applying an event's definition to the same value (`allOf`)",
    change: () => {
      edit("queue/paused/1.0.json", '"title": "Queue Paused",', '"title": "Queue Paused",\n  "$defs": { "Back": { "type": "string" } },');
      edit("defs/common.json", '"PositionId": {', '"Looped": { "allOf": [{ "$ref": "../queue/paused/1.0.json#/$defs/Back" }] },\n    "PositionId": {');
    },
  },
  {
    // The cycle passes through the shared file's `allOf`, a step the run takes from the entry (the file is unchanged).
    given: "that event's definition applying the shared one back (`anyOf`): a `$ref` cycle through an unchanged file's kept steps",
    change: () => edit("queue/paused/1.0.json", '"Back": { "type": "string" }', '"Back": { "anyOf": [{ "$ref": "../../defs/common.json#/$defs/Looped" }] }'),
    fails: true,
  },
];

async function cachedRun(): Promise<{ output?: Map<string, string>; error?: string; use?: CacheUse; upToDate?: boolean }> {
  const timings = new StageTimings();
  try {
    const { upToDate } = await generate({ schemas, out, cache: { dir: cache }, timings });
    return { output: readTree(out), use: timings.cache!, upToDate };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

async function uncachedRun(): Promise<{ output?: Map<string, string>; error?: string }> {
  try {
    return { output: await renderPackage({ schemas, out }) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

beforeAll(async () => {
  cpSync("schemas", schemas, { recursive: true });
  wholeSecondTimes(schemas);
  // Past the settling time: the files were not changed around the first run's read.
  await new Promise((resolve) => setTimeout(resolve, 2100));
  await generate({ schemas, out, cache: { dir: cache } });
}, 120_000);

describe("edits read by the stat record, the front end from the cache: the output of a run without them", () => {
  let before = new Map<string, string>();
  beforeAll(() => {
    before = readTree(out);
  });
  for (const c of cases) {
    it(`${c.given}: ${c.fails ? "fails as an uncached run does" : "writes what an uncached run renders"}`, async () => {
      c.change();
      const cached = await cachedRun();
      const uncached = await uncachedRun();
      if (c.fails) {
        expect(cached.error).toBeDefined();
        expect(cached.error).toEqual(uncached.error);
        return;
      }
      expect(cached.error).toBeUndefined();
      expect(cached.output).toEqual(uncached.output);
      expect(cached.upToDate).toBe(c.undone ?? false);
      if (c.undone) return;
      expect(cached.use!.served["front-end"]).toBe(1);
      expect(cached.output).not.toEqual(before);
      before = cached.output!;
    }, 120_000);
  }
});

/**
 * The entry is stored once the front end ran, while the workers compile: only when a line differs
 * from the entry restored. A run that renders for a template alone adds no pack of it; an edited
 * file's line, with its new digest, is in the entry the next process restores; a run whose check
 * fails stores its entry too (its lines are about the files' bytes).
 */
describe("the front end's entry: stored when a line changed, and only then", () => {
  const root = join(tmp, "saves");
  const own = { schemas: join(root, "schemas"), out: join(root, "generated"), cache: join(root, "cache"), templates: join(root, "templates") };
  const packs = () => readdirSync(join(own.cache, "front-end")).filter((f) => f.endsWith(".pack")).length;
  const digestIn = (file: string) => {
    const folder = new GeneratorCache({ dir: own.cache }).folderName(own.schemas);
    const entry = new GeneratorCache({ dir: own.cache }).get("front-end", folder) ?? "";
    const line = entry.split("\n").find((l) => l.startsWith(`{"file":${JSON.stringify(file)},`));
    return line === undefined ? undefined : (JSON.parse(line.slice(0, line.indexOf("\t"))) as { digest: string }).digest;
  };
  const bytesDigest = (file: string) => digest(readFileSync(join(own.schemas, file)));
  const run = () => generate({ schemas: own.schemas, out: own.out, templates: own.templates, cache: { dir: own.cache } });
  const editOwn = (file: string, from: string, to: string) => {
    const path = join(own.schemas, file);
    const text = readFileSync(path, "utf8");
    if (!text.includes(from)) throw new Error(`${file} does not hold ${from}`);
    writeFileSync(path, text.replace(from, to));
  };

  beforeAll(async () => {
    cpSync("schemas", own.schemas, { recursive: true });
    mkdirSync(join(own.templates, "docs"), { recursive: true });
    cpSync("templates/docs/event.md.hbs", join(own.templates, "docs/event.md.hbs"));
    wholeSecondTimes(own.schemas);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await run();
  }, 120_000);

  const steps: Array<{ given: string; change: () => void; fails?: boolean; newPack: boolean; file: string }> = [
    { given: "a template changed, no registry file", change: () => writeFileSync(join(own.templates, "docs/event.md.hbs"), readFileSync("templates/docs/event.md.hbs", "utf8") + "\nA line of our own.\n"), newPack: false, file: "queue/paused/1.0.json" },
    { given: "one file edited", change: () => editOwn("queue/paused/1.0.json", "Admission from a queue was paused", "Admission from a queue was stopped"), newPack: true, file: "queue/paused/1.0.json" },
    { given: "a file made invalid against its meta-schema (the run fails)", change: () => editOwn("queue/updated/1.0.json", '"type": "object"', '"type": "objekt"'), fails: true, newPack: false, file: "queue/updated/1.0.json" },
    { given: "a file edited, breaking compatibility (the check fails)", change: () => { editOwn("queue/updated/1.0.json", '"type": "objekt"', '"type": "object"'); editOwn("session/started/1.1.json", '"type": "object",', '"type": "array",'); }, fails: true, newPack: true, file: "session/started/1.1.json" },
  ];
  for (const step of steps) {
    it(`${step.given}: ${step.newPack ? "a new pack, the file's line of its new bytes" : "no new pack"}`, async () => {
      const before = packs();
      step.change();
      if (step.fails) await expect(run()).rejects.toThrow();
      else await run();
      expect(packs()).toBe(before + (step.newPack ? 1 : 0));
      if (step.newPack) expect(digestIn(step.file)).toBe(bytesDigest(step.file));
    }, 120_000);
  }
});
