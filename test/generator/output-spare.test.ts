/**
 * The output's spare tree in the cache (cache/output-spare.ts): a separate process stages into the
 * tree the last run swapped out, leaving each file the output record names with the same content
 * and identity in place. Whatever happened to the spare (edited in place through the inode it
 * shares with the output, a file or folder turned into a link, removed, taken meanwhile, on
 * another disk), the output must be exactly what was put, the old output untouched until the swap,
 * and nothing left beside it.
 */
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { claimSpare, SPARE_FOLDER } from "../../generator/cache/output-spare.js";
import { CacheStore } from "../../generator/cache/disk-store.js";
import { StagedOutput } from "../../generator/write/output-dir.js";
import type { OutputRecord } from "../../generator/write/recorded-output.js";
import { generate } from "../../generator/generate-run.js";
import { renderPackage } from "../../generator/pipeline.js";
import { readTree } from "../support/tree.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-output-spare-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
/** A project folder: `out` and `cache` side by side, on one disk. */
function project(name: string) {
  const root = join(tmp, `${name}-${counter++}`);
  mkdirSync(root);
  return { root, out: join(root, "out"), cache: join(root, "cache") };
}

/** One run of a separate process, as generate-run.ts makes it: the record of the run before, the spare claimed. */
function run(p: { out: string; cache: string }, files: Record<string, string>, record: OutputRecord): OutputRecord {
  const staged = new StagedOutput(p.out, undefined, undefined, record, claimSpare(p.cache, p.out));
  for (const [path, content] of Object.entries(files)) staged.put(path, content);
  staged.commit();
  return staged.record;
}

/** The spare folders of a cache (at most one per output after a run). */
function spares(cache: string): string[] {
  const folder = join(cache, SPARE_FOLDER);
  return existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name)) : [];
}

const first = { "a.txt": "a\n", "docs/b.md": "b1\n", "docs/c.md": "c\n", "gone.txt": "gone\n" };
const second = { "a.txt": "a\n", "docs/b.md": "b2\n", "docs/c.md": "c\n" };
// b.md as the second run wrote it, which the spare holds at the first run's bytes (another inode):
// a spare file taken by the content the record names, not by its identity, would put "b1".
const third = { "a.txt": "a\n", "docs/b.md": "b2\n", "docs/c.md": "c3\n", "new.txt": "new\n" };

/** Two runs made the output (`second`) and the spare (`first`'s output, sharing a.txt's and c.md's inodes with it, not b.md's). */
function twoRuns(name: string) {
  const p = project(name);
  const record = run(p, second, run(p, first, new Map()));
  const [spare] = spares(p.cache);
  expect(spare, "the second run's swapped-out tree kept as the spare").toBeDefined();
  return { ...p, record, spare: spare! };
}

describe("a run staging into the spare", () => {
  // What may happen to the spare between the second run and the third; `reused`: a.txt is still
  // the inode the first run wrote (left in the spare, or linked from the output when the spare's
  // was not it), now in the output and in the new spare.
  const cases: Array<{ given: string; tamper: (t: ReturnType<typeof twoRuns>) => void; reused: boolean }> = [
    { given: "the spare untouched", tamper: () => undefined, reused: true },
    // The spare's a.txt is the output's a.txt (one inode): an edit in place changes both, and its time.
    { given: "the spare's a.txt edited in place (the output's with it)", tamper: (t) => writeFileSync(join(t.spare, "a.txt"), "X\n"), reused: false },
    // Only the spare held b.md's old inode: an edit in place there must not reach the output.
    { given: "the spare's docs/b.md (of the first run) edited in place", tamper: (t) => writeFileSync(join(t.spare, "docs/b.md"), "b9\n"), reused: true },
    // A link to the output's file stat()s as the recorded file: kept, the output would hold a link.
    {
      given: "the spare's a.txt replaced by a symbolic link to the output's",
      tamper: (t) => {
        rmSync(join(t.spare, "a.txt"));
        symlinkSync(join(t.out, "a.txt"), join(t.spare, "a.txt"));
      },
      reused: true,
    },
    // A hard link of another output file: the recorded inode is a.txt's, not this one's.
    {
      given: "the spare's a.txt replaced by a hard link of docs/c.md",
      tamper: (t) => {
        rmSync(join(t.spare, "a.txt"));
        linkSync(join(t.out, "docs/c.md"), join(t.spare, "a.txt"));
      },
      reused: true,
    },
    { given: "the spare removed", tamper: (t) => rmSync(t.spare, { recursive: true }), reused: true },
    {
      given: "the spare holding files and folders no run put",
      tamper: (t) => {
        writeFileSync(join(t.spare, "stray.txt"), "stray\n");
        mkdirSync(join(t.spare, "node_modules/x"), { recursive: true });
        mkdirSync(join(t.spare, "empty/deeper"), { recursive: true });
      },
      reused: true,
    },
    { given: "the spare replaced by a file", tamper: (t) => (rmSync(t.spare, { recursive: true }), writeFileSync(t.spare, "not a folder\n")), reused: true },
  ];
  for (const { given, tamper, reused } of cases) {
    it(`${given}: the output is exactly what was put${reused ? ", a.txt's inode reused" : ""}`, () => {
      const t = twoRuns("tamper");
      const inode = statSync(join(t.out, "a.txt")).ino;
      tamper(t);
      run(t, third, t.record);
      expect(readTree(t.out)).toEqual(new Map(Object.entries(third)));
      expect(readdirSync(join(t.out)).every((name) => !statSync(join(t.out, name)).isSymbolicLink())).toBe(true);
      for (const name of Object.keys(third)) expect(statSync(join(t.out, name)).isFile(), name).toBe(true);
      expect(statSync(join(t.out, "a.txt")).ino === inode).toBe(reused);
      // The output's and the new spare's, and no third name (a leftover link in a staging tree).
      expect(statSync(join(t.out, "a.txt")).nlink).toBe(reused ? 2 : 1);
      expect(readdirSync(t.root).sort(), "nothing beside the output").toEqual(["cache", "out"]);
      expect(spares(t.cache), "one spare, the output swapped out").toHaveLength(1);
    });
  }

  it("a folder of the spare replaced by a link to a folder elsewhere: nothing there is removed or written", () => {
    const t = twoRuns("linked-folder");
    const elsewhere = join(t.root, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "b.md"), "someone else's\n");
    rmSync(join(t.spare, "docs"), { recursive: true });
    symlinkSync(elsewhere, join(t.spare, "docs"));
    run(t, third, t.record);
    expect(readTree(t.out)).toEqual(new Map(Object.entries(third)));
    expect(statSync(join(t.out, "docs")).isDirectory()).toBe(true);
    expect(readTree(elsewhere)).toEqual(new Map([["b.md", "someone else's\n"]]));
  });

  it("a write failing part way: the output exactly as it was, nothing left beside it, the staged tree kept as the spare, and the next run right", () => {
    const t = twoRuns("failing");
    const before = readTree(t.out);
    const inodes = Object.keys(second).map((name) => statSync(join(t.out, name)).ino);
    const staged = new StagedOutput(t.out, undefined, undefined, t.record, claimSpare(t.cache, t.out));
    staged.put("a.txt", "a changed\n");
    staged.put("docs/b.md", "b2\n");
    // A name the file system refuses: the run fails after two files were staged.
    expect(() => staged.put(`docs/${"x".repeat(300)}.md`, "x\n")).toThrow();
    staged.abandon();
    expect(readTree(t.out)).toEqual(before);
    expect(Object.keys(second).map((name) => statSync(join(t.out, name)).ino)).toEqual(inodes);
    expect(readdirSync(t.root).sort()).toEqual(["cache", "out"]);
    // What the failed run staged (a.txt written anew, b.md linked from the output) is a spare like any other.
    expect(spares(t.cache)).toEqual([t.spare]);
    run(t, third, t.record);
    expect(readTree(t.out)).toEqual(new Map(Object.entries(third)));
    expect(statSync(join(t.out, "a.txt")).ino).toBe(inodes[0]);
  });

  it("a first run: the spare is made of links of the files it swapped in, and the next run recycles it", () => {
    const p = project("first-run");
    const record = run(p, first, new Map());
    const [spare] = spares(p.cache);
    expect(spare, "a spare after the first run").toBeDefined();
    expect(readTree(spare!)).toEqual(new Map(Object.entries(first)));
    for (const name of Object.keys(first)) expect(statSync(join(spare!, name)).ino, name).toBe(statSync(join(p.out, name)).ino);
    const place = claimSpare(p.cache, p.out)!;
    expect(place.recycled).toBe(true);
    const staged = new StagedOutput(p.out, undefined, undefined, record, place);
    for (const [path, content] of Object.entries(second)) staged.put(path, content);
    staged.commit();
    expect(readTree(p.out)).toEqual(new Map(Object.entries(second)));
    // Left in the recycled tree, a.txt is the first run's file: one inode, now in the output and in the spare.
    const [next] = spares(p.cache);
    expect(statSync(join(p.out, "a.txt")).ino).toBe(statSync(join(next!, "a.txt")).ino);
    expect(readdirSync(p.root).sort()).toEqual(["cache", "out"]);
  });

  it("a first run failing: nothing kept in the cache, nothing beside the output", () => {
    const p = project("failing-first");
    const staged = new StagedOutput(p.out, undefined, undefined, new Map(), claimSpare(p.cache, p.out));
    staged.put("a.txt", "a\n");
    staged.abandon();
    expect(readdirSync(p.root)).toEqual(["cache"]);
    expect(spares(p.cache)).toEqual([]);
  });

  // The spare's place taken by another run between the claim and the swap: the swap goes through,
  // the other run's spare is left as it is, and nothing of this run's stays beside it.
  const taken: Array<{ given: string; before: () => { out: string; cache: string; record: OutputRecord } }> = [
    { given: "a first run (which would leave links of its files there)", before: () => ({ ...project("first-run-taken"), record: new Map() }) },
    { given: "a later run (whose swapped-out output would go there)", before: () => twoRuns("taken") },
  ];
  for (const { given, before } of taken) {
    it(`${given}, the spare's place taken meanwhile: the swap goes through, the other run's spare left as it is`, () => {
      const t = before();
      const place = claimSpare(t.cache, t.out)!;
      const staged = new StagedOutput(t.out, undefined, undefined, t.record, place);
      for (const [path, content] of Object.entries(third)) staged.put(path, content);
      mkdirSync(place.retireTo);
      writeFileSync(join(place.retireTo, "other-run.txt"), "another run's spare\n");
      staged.commit();
      expect(readTree(t.out)).toEqual(new Map(Object.entries(third)));
      expect(readTree(place.retireTo)).toEqual(new Map([["other-run.txt", "another run's spare\n"]]));
      expect(spares(t.cache)).toEqual([place.retireTo]);
    });
  }

  it("a staging tree of a run no longer running is removed by the next claim; a live run's is kept", () => {
    const t = twoRuns("abandoned");
    const dead = `${t.spare}.run-999999999-1`;
    const live = `${t.spare}.run-${process.pid}-1`;
    mkdirSync(dead);
    mkdirSync(live);
    run(t, third, t.record);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it("a spare nobody kept for a week is removed by a claim for another output; the cache's prune never takes a spare", () => {
    const t = twoRuns("aged");
    const now = Date.now() + 8 * 24 * 3600 * 1000;
    new CacheStore(t.cache).prune(now);
    expect(existsSync(t.spare), "kept by the cache's prune").toBe(true);
    const place = claimSpare(t.cache, join(t.root, "other-out"), now);
    expect(place?.recycled).toBe(false);
    expect(existsSync(t.spare), "removed by the claim a week on").toBe(false);
  });
});

describe("where a spare cannot be kept", () => {
  // /dev/shm is a memory file system on Linux: another device than the test folder's.
  const otherDisk = existsSync("/dev/shm") && statSync("/dev/shm").dev !== statSync(tmp).dev ? "/dev/shm" : undefined;
  it.skipIf(!otherDisk)("a cache on another file system: staged beside the output, the old tree removed, nothing kept", () => {
    const p = project("other-disk");
    const cache = mkdtempSync(join(otherDisk ?? tmpdir(), "jetschema-spare-"));
    try {
      expect(claimSpare(cache, p.out)).toBeUndefined();
      const q = { out: p.out, cache };
      run(q, third, run(q, second, run(q, first, new Map())));
      expect(readTree(p.out)).toEqual(new Map(Object.entries(third)));
      expect(statSync(join(p.out, "a.txt")).nlink).toBe(1);
      expect(readdirSync(p.root)).toEqual(["out"]);
      expect(spares(cache)).toEqual([]);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it("a cache inside the output folder: no spare", () => {
    const p = project("inside");
    expect(claimSpare(join(p.out, ".cache"), p.out)).toBeUndefined();
  });
});

describe("generate processes with the spare", () => {
  it("edit after edit, a spare file edited in place between them: each output equals an uncached run's, byte for byte; --no-cache keeps no spare", async () => {
    const p = project("generate");
    const schemas = join(p.root, "schemas");
    cpSync("schemas", schemas, { recursive: true });
    const file = join(schemas, "queue/paused/1.0.json");
    const edit = (description: string) => {
      const schema = JSON.parse(readFileSync(file, "utf8"));
      schema.properties.reason.description = description;
      writeFileSync(file, JSON.stringify(schema, null, 2));
    };
    const options = { schemas, out: p.out, cache: { dir: p.cache } };
    await generate(options);
    for (const [i, description] of ["first edit", "second edit", "third edit"].entries()) {
      edit(description);
      if (i === 2) {
        // The spare's copy of an unchanged page is the output's: edited in place, both change.
        const [spare] = spares(p.cache);
        writeFileSync(join(spare!, "docs/events/queue.created.md"), "hand edit\n");
      }
      await generate(options);
      const uncached = await renderPackage({ schemas, out: p.out });
      expect(readTree(p.out)).toEqual(uncached);
      expect(readdirSync(p.root).sort()).toEqual(["cache", "out", "schemas"]);
      expect(spares(p.cache)).toHaveLength(1);
    }
    const noCache = project("no-cache");
    await generate({ schemas, out: noCache.out });
    edit("fourth edit");
    await generate({ schemas, out: noCache.out });
    expect(readdirSync(noCache.root)).toEqual(["out"]);
  });
});
