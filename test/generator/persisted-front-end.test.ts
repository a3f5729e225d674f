/**
 * A separate process's front end from the cache (front-end/persisted-front-end.ts) and the
 * registry read by its stat record (load/stat-record.ts): after each kind of edit, a run with the
 * cache writes exactly what a run without it renders, or fails with the same problems. The
 * edits follow one another on one project, each run finding the record and the front end the run
 * before it left.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frontEndEntry, generate } from "../../generator/generate-run.js";
import { PersistedFrontEnd } from "../../generator/front-end/persisted-front-end.js";
import type { RegistryFiles } from "../../generator/load/registry-files.js";
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

/** How many packs the cache holds of `kind`. */
function packsOf(cacheDir: string, kind: string): number {
  const folder = join(cacheDir, kind);
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith(".pack")).length : 0;
}

/** Each file's digest as the next process restores the front end of `registry` from `cacheDir` (the entry, its delta over it). */
function restoredDigests(cacheDir: string, registry: string): Map<string, string> {
  const cached = new GeneratorCache({ dir: cacheDir });
  const restored = new PersistedFrontEnd(frontEndEntry(cached, resolve(registry)), {} as RegistryFiles).kept.parses.kept().files;
  return new Map([...restored].map(([file, parsed]) => [file, parsed.digest]));
}

/**
 * The entry is stored once the front end ran, while the workers compile: only when a line differs
 * from the entry restored. A run that renders for a template alone adds no pack of it; an edited
 * file's line, with its new digest, is in the entry the next process restores; a run whose check
 * fails stores its entry too (its lines are about the files' bytes).
 */
describe("the front end's entry: stored when a line changed, and only then", () => {
  const root = join(tmp, "saves");
  const own = { schemas: join(root, "schemas"), out: join(root, "generated"), cache: join(root, "cache"), templates: join(root, "templates") };
  const packs = () => packsOf(own.cache, "front-end") + packsOf(own.cache, "front-end-delta");
  const digestIn = (file: string) => restoredDigests(own.cache, own.schemas).get(file);
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

/**
 * An edit stores the lines that differ from the entry it restored, as that entry's delta: the
 * entry (3.3 MB at 1000 events) is not written again for a line or two. The delta is of the base,
 * so it gathers every change since the base; past an eighth of the base, a whole entry is written
 * again. A delta restores only over the base it was made of.
 */
describe("the front end's entry: an edit stored as a delta of it", () => {
  const root = join(tmp, "delta");
  const own = { schemas: join(root, "schemas"), out: join(root, "generated"), cache: join(root, "cache") };
  const run = () => generate({ schemas: own.schemas, out: own.out, cache: { dir: own.cache } });
  const bytesDigest = (file: string) => digest(readFileSync(join(own.schemas, file)));
  const describeAgain = (file: string, text: string) => {
    const path = join(own.schemas, file);
    const schema = JSON.parse(readFileSync(path, "utf8")) as { description?: string };
    schema.description = `${schema.description ?? ""} ${text}`;
    writeFileSync(path, JSON.stringify(schema, null, 2));
  };
  const restored = () => restoredDigests(own.cache, own.schemas);
  const entryText = (kind: string) => new GeneratorCache({ dir: own.cache }).get(kind, new GeneratorCache({ dir: own.cache }).folderName(resolve(own.schemas)));
  const versions = () => readTree(own.schemas);

  beforeAll(async () => {
    cpSync("schemas", own.schemas, { recursive: true });
    wholeSecondTimes(own.schemas);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await run();
  }, 120_000);

  it("one file edited: a delta, the entry's pack left as it was; restored, the file's line of its new bytes", async () => {
    describeAgain("queue/paused/1.0.json", "First edit.");
    await run();
    expect([packsOf(own.cache, "front-end"), packsOf(own.cache, "front-end-delta")]).toEqual([1, 1]);
    expect(restored().get("queue/paused/1.0.json")).toBe(bytesDigest("queue/paused/1.0.json"));
  }, 120_000);

  it("another file edited: the delta holds both lines (it is of the entry, not of the last run)", async () => {
    describeAgain("session/started/1.0.json", "Second edit.");
    await run();
    expect([packsOf(own.cache, "front-end"), packsOf(own.cache, "front-end-delta")]).toEqual([1, 2]);
    const delta = entryText("front-end-delta")!.split("\n");
    expect(delta.filter((line) => line.startsWith('{"file":"queue/paused/1.0.json"') || line.startsWith('{"file":"session/started/1.0.json"'))).toHaveLength(2);
    for (const file of ["queue/paused/1.0.json", "session/started/1.0.json"]) expect(restored().get(file), file).toBe(bytesDigest(file));
  }, 120_000);

  it("a version deleted: restored without it", async () => {
    writeFileSync(join(own.schemas, "queue/paused/1.1.json"), readFileSync(join(own.schemas, "queue/paused/1.0.json")));
    await run();
    expect(restored().has("queue/paused/1.1.json")).toBe(true);
    rmSync(join(own.schemas, "queue/paused/1.1.json"));
    await run();
    expect(restored().has("queue/paused/1.1.json")).toBe(false);
    expect(packsOf(own.cache, "front-end")).toBe(1);
  }, 120_000);

  it("every file edited, past an eighth of the entry: a whole entry again, restored with every file's new bytes", async () => {
    for (const file of versions().keys()) if (/\/\d+\.\d+\.json$/.test(file)) describeAgain(file, "Every file edited.");
    await run();
    expect(packsOf(own.cache, "front-end")).toBe(2);
    const now = restored();
    for (const file of versions().keys()) if (file.endsWith(".json") && file !== "registry.json") expect(now.get(file), file).toBe(bytesDigest(file));
  }, 120_000);

  it("a delta over an entry of another generation (another run's): not applied", async () => {
    describeAgain("queue/paused/1.0.json", "After the new entry.");
    await run();
    const edited = bytesDigest("queue/paused/1.0.json");
    expect(restored().get("queue/paused/1.0.json")).toBe(edited);
    // The same entry under another generation, as another run's would be: the delta is not of it.
    const cached = new GeneratorCache({ dir: own.cache });
    const folder = cached.folderName(resolve(own.schemas));
    const entry = cached.get("front-end", folder)!;
    cached.set("front-end", [folder], entry.replace(/^(jetschema front-end \d+) \S+/, "$1 another-run"));
    cached.store.flush();
    expect(restored().get("queue/paused/1.0.json")).not.toBe(edited);
    // The next run that renders (another file edited) finds the file's bytes changed against that
    // entry's line, parses it, and stores its line in a delta of that entry.
    describeAgain("session/started/1.0.json", "After another run's entry.");
    await run();
    expect(restored().get("queue/paused/1.0.json")).toBe(edited);
    expect(restored().get("session/started/1.0.json")).toBe(bytesDigest("session/started/1.0.json"));
  }, 120_000);
});

/**
 * A restored file's JSON is parsed when a stage reads it, not as the entry is restored: an edit's
 * stages read the few files the edit touches (the model and the registry-wide rules read each
 * file's head and known facts, load/schema-head.ts, check/schema-facts.ts). Shown with an entry
 * whose stored JSON of one untouched file is no JSON at all: restored, its value throws when read;
 * an edit elsewhere runs to the output of an uncached render, so no stage read it.
 */
describe("the front end's entry: a file's JSON parsed when a stage reads it", () => {
  const root = join(tmp, "lazy");
  const own = { schemas: join(root, "schemas"), out: join(root, "generated"), cache: join(root, "cache") };
  const run = () => generate({ schemas: own.schemas, out: own.out, cache: { dir: own.cache } });
  const untouched = "session/expired/1.0.json";
  const entry = () => frontEndEntry(new GeneratorCache({ dir: own.cache }), resolve(own.schemas));
  const restoredFiles = () => new PersistedFrontEnd(entry(), {} as RegistryFiles).kept.parses.kept().files;

  beforeAll(async () => {
    cpSync("schemas", own.schemas, { recursive: true });
    wholeSecondTimes(own.schemas);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await run();
    // The untouched file's stored JSON broken, its meta data (digest, head, facts) left whole.
    const store = new GeneratorCache({ dir: own.cache });
    const text = frontEndEntry(store, resolve(own.schemas)).get()!;
    const lines = text.split("\n");
    const i = lines.findIndex((line) => line.startsWith(`{"file":${JSON.stringify(untouched)},`));
    expect(i).toBeGreaterThan(1);
    lines[i] = `${lines[i]!.slice(0, lines[i]!.indexOf("\t"))}\t{"not JSON`;
    frontEndEntry(store, resolve(own.schemas)).set(lines.join("\n"));
    store.store.flush();
  }, 120_000);

  it("restored: the file's digest and head known, its value parsed only when read", () => {
    const files = restoredFiles();
    const parsed = files.get(untouched)!;
    expect(parsed.digest).toBe(digest(readFileSync(join(own.schemas, untouched))));
    expect(parsed.head?.title).toBe((JSON.parse(readFileSync(join(own.schemas, untouched), "utf8")) as { title: string }).title);
    expect(() => parsed.value).toThrow(SyntaxError);
    const other = files.get("queue/paused/1.0.json")!;
    expect(other.value).toEqual(JSON.parse(readFileSync(join(own.schemas, "queue/paused/1.0.json"), "utf8")));
  });

  it("an edit of another event: no stage reads the file, the output is an uncached render's", async () => {
    const file = join(own.schemas, "queue/paused/1.0.json");
    writeFileSync(file, readFileSync(file, "utf8").replace("Admission from a queue was paused", "Admission from a queue was stopped"));
    const timings = new StageTimings();
    await generate({ schemas: own.schemas, out: own.out, cache: { dir: own.cache }, timings });
    expect(timings.cache!.served["front-end"]).toBe(1);
    expect(readTree(own.out)).toEqual(await renderPackage({ schemas: own.schemas, out: own.out }));
    // The run took the file from the entry and stored only the edited line (a delta): the broken line is still the entry's.
    expect(() => restoredFiles().get(untouched)!.value).toThrow(SyntaxError);
    expect(restoredFiles().get("queue/paused/1.0.json")!.digest).toBe(digest(readFileSync(file)));
  }, 120_000);
});
