/**
 * The output record (cache/output-record.ts): a separate generate process links a file the
 * earlier run wrote, and still holds as written, without reading it back, and takes an unchanged
 * catalog page or event type file without reading it from the cache (write/output-dir.ts's
 * `reuse`; emit-types.ts's `inPlace`). The record is
 * a hint checked against the disk: a file edited, replaced or removed by hand is written again,
 * and the output of every run equals an uncached run's byte for byte.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { renderPackage } from "../../generator/pipeline.js";
import { CacheStore } from "../../generator/cache/disk-store.js";
import { StagedOutput } from "../../generator/write/output-dir.js";
import type { OutputRecord } from "../../generator/write/recorded-output.js";
import { SPARE_FOLDER } from "../../generator/cache/output-spare.js";
import { digest } from "../../generator/base/hash.js";
import { fileIdentity } from "../../generator/base/file-identity.js";
import { readTree } from "../support/tree.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-output-record-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

let counter = 0;
const dirOf = (name: string) => join(tmp, `${name}-${counter++}`);

/** One file written by a run that records, then committed: the record the next run reads. */
function writtenOnce(out: string, files: Record<string, string>): OutputRecord {
  const first = new StagedOutput(out, undefined, undefined, new Map());
  for (const [path, content] of Object.entries(files)) first.put(path, content);
  first.commit();
  return first.record;
}

/** What may happen to `a.txt` (written as "one\n") between two runs. */
const handEdits: Record<string, (file: string) => void> = {
  untouched: () => undefined,
  "edited by hand, same size": (file) => writeFileSync(file, "two\n"),
  "replaced by another file": (file) => {
    rmSync(file);
    writeFileSync(file, "one\n");
  },
  "removed by hand": (file) => rmSync(file),
};

describe("StagedOutput with the record of the run before", () => {
  // One table for put and reuse: the file the run before wrote ("one\n"), what the next run asks
  // for, and whether the file may be taken as it is (put links it, reuse says true).
  const cases: Array<{ given: keyof typeof handEdits; content: string; linked: boolean }> = [
    { given: "untouched", content: "one\n", linked: true },
    { given: "untouched", content: "changed\n", linked: false },
    { given: "edited by hand, same size", content: "one\n", linked: false },
    { given: "replaced by another file", content: "one\n", linked: false },
    { given: "removed by hand", content: "one\n", linked: false },
  ];
  for (const { given, content, linked } of cases) {
    it(`put of ${JSON.stringify(content)} after "one\\n", the file ${given}: ${linked ? "linked" : "written"}, the content is right`, () => {
      const out = dirOf("put");
      const record = writtenOnce(out, { "a.txt": "one\n", "b.txt": "b\n" });
      const inode = statSync(join(out, "a.txt")).ino;
      handEdits[given]!(join(out, "a.txt"));
      const next = new StagedOutput(out, undefined, undefined, record);
      next.put("a.txt", content);
      next.put("b.txt", "b\n");
      next.commit();
      expect(readFileSync(join(out, "a.txt"), "utf8")).toBe(content);
      // Linked: the inode the first run wrote, linked once (the old tree is gone).
      if (linked) expect([statSync(join(out, "a.txt")).ino, statSync(join(out, "a.txt")).nlink]).toEqual([inode, 1]);
      expect(next.record.get("a.txt")?.digest).toBe(digest(content));
      expect(next.digests.get("a.txt")).toBe(digest(content));
    });
  }

  for (const { given, content: asked, linked: want } of cases) {
    it(`reuse by the digest of ${JSON.stringify(asked)}, the file ${given}: ${want}`, () => {
      const out = dirOf("reuse");
      const record = writtenOnce(out, { "a.txt": "one\n" });
      handEdits[given]!(join(out, "a.txt"));
      const next = new StagedOutput(out, undefined, undefined, record);
      expect(next.reuse("a.txt", digest(asked))).toBe(want);
      if (!want) next.put("a.txt", asked);
      next.commit();
      expect(readFileSync(join(out, "a.txt"), "utf8")).toBe(asked);
      expect(next.digests.get("a.txt")).toBe(digest(asked));
    });
  }

  // previous(): the current output's file, given only while it is the one recorded.
  const previousCases: Array<{ given: keyof typeof handEdits; text: string | undefined }> = [
    { given: "untouched", text: "one\n" },
    { given: "edited by hand, same size", text: undefined },
    { given: "replaced by another file", text: undefined },
    { given: "removed by hand", text: undefined },
  ];
  for (const { given, text } of previousCases) {
    it(`previous() of a file written as "one\\n", the file ${given}: ${text === undefined ? "no text" : "its text"}, under the recorded digest`, async () => {
      const out = dirOf("previous");
      const record = writtenOnce(out, { "a.txt": "one\n" });
      handEdits[given]!(join(out, "a.txt"));
      const next = new StagedOutput(out, undefined, undefined, record);
      const previous = next.previous("a.txt");
      expect(previous?.digest).toBe(digest("one\n"));
      expect(await previous?.text).toBe(text);
      expect(next.previous("b.txt")).toBeUndefined();
    });
  }

  it("previous() of a file holding UTF-8 beyond ASCII: its text decoded as UTF-8", async () => {
    const out = dirOf("previous-utf8");
    const record = writtenOnce(out, { "a.txt": "café ✓\n" });
    expect(await new StagedOutput(out, undefined, undefined, record).previous("a.txt")?.text).toBe("café ✓\n");
  });

  it("put of other bytes of the recorded size, the file as recorded: written, the current file not read back to compare", () => {
    const out = dirOf("differs");
    const file = join(out, "a.txt");
    writtenOnce(out, { "a.txt": "one\n" });
    // The record's identity taken at a whole second, so the file can be given it back after a write.
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    const record: OutputRecord = new Map([["a.txt", { digest: digest("one\n"), identity: fileIdentity(file) }]]);
    const inode = statSync(file).ino;
    // Behind the record's back the file now holds the new bytes, its identity kept: read back, it
    // would compare equal and be linked; taken by the record, it differs and is written anew.
    writeFileSync(file, "two\n");
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    expect(fileIdentity(file)).toBe(record.get("a.txt")!.identity);
    const next = new StagedOutput(out, undefined, undefined, record);
    next.put("a.txt", "two\n");
    next.commit();
    expect(readFileSync(file, "utf8")).toBe("two\n");
    expect(statSync(file).ino).not.toBe(inode);
  });

  it("a first run, into a folder not there yet: every file written", () => {
    const out = dirOf("first");
    expect(existsSync(out)).toBe(false);
    const first = new StagedOutput(out, undefined, undefined, new Map());
    first.put("a.txt", "one\n");
    first.put("d/b.txt", "b\n");
    first.commit();
    expect([readFileSync(join(out, "a.txt"), "utf8"), readFileSync(join(out, "d/b.txt"), "utf8")]).toEqual(["one\n", "b\n"]);
    expect(first.record.get("a.txt")?.identity).toBe(fileIdentity(join(out, "a.txt")));
  });

  // Over 64 KB a content is encoded once, and compared and written as bytes (non-ASCII included).
  const large = (mark: string) => `# ${mark} — événement ✓\n${"x".repeat(70 * 1024)}\n`;
  it.each([
    { given: "the same bytes", content: large("one"), linked: true },
    { given: "other bytes of the same length", content: large("two"), linked: false },
  ])("a large file, no record, put with $given: linked only when equal, its digest the content's", ({ content, linked }) => {
    const out = dirOf("large");
    const first = new StagedOutput(out);
    first.put("big.md", large("one"));
    first.commit();
    const inode = statSync(join(out, "big.md")).ino;
    const next = new StagedOutput(out);
    next.put("big.md", content);
    next.commit();
    expect(readFileSync(join(out, "big.md"), "utf8")).toBe(content);
    expect(statSync(join(out, "big.md")).ino === inode).toBe(linked);
    expect(next.digests.get("big.md")).toBe(digest(content));
  });

  it("a path the record does not name is never reused", () => {
    const out = dirOf("unnamed");
    writtenOnce(out, { "a.txt": "one\n" });
    expect(new StagedOutput(out, undefined, undefined, new Map()).reuse("a.txt", digest("one\n"))).toBe(false);
    expect(new StagedOutput(out).reuse("a.txt", digest("one\n"))).toBe(false);
  });
});

describe("generate processes with the output record", () => {
  function registry(name: string) {
    const root = dirOf(name);
    cpSync("schemas", join(root, "schemas"), { recursive: true });
    return { schemas: join(root, "schemas"), out: join(root, "out"), cache: join(root, "cache") };
  }
  const addProperty = (schemas: string) => {
    const file = join(schemas, "queue/paused/1.0.json");
    const schema = JSON.parse(readFileSync(file, "utf8"));
    schema.properties.bench_edit = { type: "string", maxLength: 64, description: "Added by the test." };
    writeFileSync(file, JSON.stringify(schema, null, 2));
  };

  const editDescription = (schemas: string) => {
    const file = join(schemas, "queue/paused/1.0.json");
    const schema = JSON.parse(readFileSync(file, "utf8"));
    schema.properties.reason.description = "Edited by the test.";
    writeFileSync(file, JSON.stringify(schema, null, 2));
  };

  // Reads of stored entries by kind in the second process; -1: many (every page).
  type Reads = { pages: number; validators: number; "validator-types": number; "event-types": number };
  const cases: Array<{ given: string; between: (r: ReturnType<typeof registry>) => void; reads: Reads }> = [
    // The edited event's page and type file (a new key: a miss, then rendered), its validator
    // module (a new key: a miss, then compiled); every other page, type file and module, the index
    // included, reused unread.
    { given: "one optional property added", between: (r) => addProperty(r.schemas), reads: { pages: 1, validators: 0, "validator-types": 1, "event-types": 1 } },
    // A description: the validators' key holds no annotation, so the module is reused unread too.
    { given: "one property's description edited", between: (r) => editDescription(r.schemas), reads: { pages: 1, validators: 0, "validator-types": 0, "event-types": 1 } },
    // An unchanged page, type file and validator module edited by hand in the output: read from the cache and written again.
    {
      given: "a description edited, another event's page and type file and the validator module's .d.ts edited by hand",
      between: (r) => {
        editDescription(r.schemas);
        writeFileSync(join(r.out, "docs/events/queue.created.md"), "hand edit\n");
        writeFileSync(join(r.out, "types/queue.created.d.ts"), "hand edit\n");
        writeFileSync(join(r.out, "validators/draft7.d.ts"), "hand edit\n");
      },
      reads: { pages: 2, validators: 1, "validator-types": 1, "event-types": 2 },
    },
    // The output folder deleted: the spare the first run left (cache/output-spare.ts) still holds
    // each file the record names, that very file: each is kept from there, none read.
    { given: "the output folder deleted", between: (r) => rmSync(r.out, { recursive: true }), reads: { pages: 0, validators: 0, "validator-types": 0, "event-types": 0 } },
    // The output folder and the spare deleted: the record names files that are gone, every page is read.
    {
      given: "the output folder and the cache's spare deleted",
      between: (r) => {
        rmSync(r.out, { recursive: true });
        rmSync(join(r.cache, SPARE_FOLDER), { recursive: true });
      },
      reads: { pages: -1, validators: -1, "validator-types": -1, "event-types": -1 },
    },
  ];
  for (const { given, between, reads } of cases) {
    it(`${given}: the next process's output equals an uncached run's, byte for byte`, async () => {
      const r = registry("run");
      await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } });
      between(r);
      const spy = vi.spyOn(CacheStore.prototype, "get");
      await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } });
      const read = (kind: string) => spy.mock.calls.filter(([k]) => k === kind).length;
      const counted: Reads = { pages: read("pages"), validators: read("validators"), "validator-types": read("validator-types"), "event-types": read("event-types") };
      spy.mockRestore();
      if (reads.pages >= 0) expect(counted).toEqual(reads);
      else {
        expect(counted.pages).toBeGreaterThan(10);
        expect(counted["event-types"]).toBeGreaterThan(10);
      }
      const uncached = await renderPackage({ schemas: r.schemas, out: r.out });
      const written = readTree(r.out);
      expect([...written.keys()].sort()).toEqual([...uncached.keys()].sort());
      for (const [path, content] of uncached) expect(written.get(path), path).toBe(content);
    });
  }
});
