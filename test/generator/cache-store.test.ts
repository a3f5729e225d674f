/**
 * The cache store: a run's entries are written as one pack per kind by flush(), served to later
 * runs and refused when damaged; a hit keeps a pack alive (its time is refreshed once it is a day
 * old, not on every hit); prune() deletes what nobody used for a week, never what this run used;
 * a kind of many packs is compacted into one, keeping every entry still young or in use; and
 * what a run sets beyond its memory budget waits in a temporary pack, served from there, never
 * seen by another run before flush().
 */
import { readdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CacheStore } from "../../generator/cache/disk-store.js";
import { digest } from "../../generator/base/hash.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-cache-store-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const DAY = 24 * 3600 * 1000;
const key = (n: number) => n.toString(16).padStart(64, "0");
const packs = (dir: string, kind = "pages") => readdirSync(join(dir, kind)).filter((n) => n.endsWith(".pack")).map((n) => join(dir, kind, n));
const age = (path: string, ms: number) => {
  const then = new Date(Date.now() - ms);
  utimesSync(path, then, then);
};
/** One run: sets the given entries and flushes them. */
function write(dir: string, entries: Record<number, string>, now?: number): void {
  const store = new CacheStore(dir);
  for (const [n, value] of Object.entries(entries)) store.set("pages", key(Number(n)), value);
  store.flush(now);
}

describe("cache store", () => {
  it("a long-lived store keeps its index across flushes: later runs read no header again, and see packs compacted away by another run", () => {
    const dir = join(tmp, "kept-index");
    write(dir, { 1: "one" });
    const store = new CacheStore(dir);
    expect(store.get("pages", key(1))).toBe("one");
    expect(store.stats.scanned).toBe(1);
    for (let run = 2; run < 12; run++) {
      store.set("pages", key(run), `run ${run}`);
      store.flush();
      expect(store.get("pages", key(1))).toBe("one");
      expect(store.get("pages", key(run))).toBe(`run ${run}`);
    }
    expect(store.stats.scanned).toBe(1);
    expect(store.stats.rejected).toBe(0);
    expect(packs(dir).length).toBeLessThanOrEqual(8);

    // Another run compacts the kind: the packs this store indexed are gone; then this store's next run.
    const other = new CacheStore(dir);
    for (let n = 0; n < 9; n++) {
      other.set("pages", key(100 + n), `other ${n}`);
      other.flush();
    }
    store.flush();
    expect(store.get("pages", key(5))).toBe("run 5");
    expect(store.get("pages", key(108))).toBe("other 8");
    expect(store.stats.rejected).toBe(0);
  });

  it("an entry asked for as absent by design (a delta) is no miss when absent, and a hit when found", () => {
    const dir = join(tmp, "absent-by-design");
    const store = new CacheStore(dir);
    expect(store.get("front-end-delta", key(1), false)).toBeUndefined();
    expect(store.stats.misses).toEqual({});
    store.set("front-end-delta", key(1), "delta");
    expect(store.get("front-end-delta", key(1), false)).toBe("delta");
    expect(store.stats.hits).toEqual({ "front-end-delta": 1 });
    expect(store.get("front-end-delta", key(2))).toBeUndefined();
    expect(store.stats.misses).toEqual({ "front-end-delta": 1 });
  });

  it("writes one pack per kind per run, served to the next run", () => {
    const dir = join(tmp, "packs");
    const store = new CacheStore(dir);
    for (let n = 0; n < 50; n++) store.set("pages", key(n), `page ${n}`);
    store.set("types", key(1), "type 1");
    expect(store.get("pages", key(3))).toBe("page 3");
    store.flush();
    expect(packs(dir)).toHaveLength(1);
    expect(packs(dir, "types")).toHaveLength(1);
    const next = new CacheStore(dir);
    expect(next.get("pages", key(49))).toBe("page 49");
    expect(next.get("types", key(1))).toBe("type 1");
    expect(next.get("types", key(2))).toBeUndefined();
    expect(next.keys("pages").size).toBe(50);
  });

  it.each([
    ["a payload byte changed", (text: string) => text.replace("page 7", "pXge 7"), 7],
    // Into the last entry's payload: the index after it is gone with it.
    ["the pack truncated", (text: string) => text.slice(0, text.lastIndexOf("page 9") + 4), 9],
    ["garbage instead of the first header", (text: string) => "not a header\n" + text, 0],
  ])("%s: the damaged entries are refused, and the next flush rewrites the kind without them", (_what, damage, bad) => {
    const dir = join(tmp, `damage-${bad}`);
    write(dir, Object.fromEntries(Array.from({ length: 10 }, (_, n) => [n, `page ${n}`])));
    const [pack] = packs(dir);
    writeFileSync(pack!, damage(readFileSync(pack!, "utf8")));
    const reader = new CacheStore(dir);
    expect(reader.get("pages", key(bad))).toBeUndefined();
    expect(reader.stats.rejected).toBeGreaterThan(0);
    reader.flush();
    const after = new CacheStore(dir);
    expect(packs(dir)).not.toContain(pack);
    expect(after.get("pages", key(bad))).toBeUndefined();
    expect(after.stats.rejected).toBe(0);
    for (let n = 0; n < 10; n++) if (n !== bad && bad !== 0) expect(after.get("pages", key(n))).toBe(`page ${n}`);
  });

  describe("a pack's index (its last record: every other record's key, digest, offset and length)", () => {
    const values = Object.fromEntries(Array.from({ length: 10 }, (_, n) => [n, `page ${n} ${"é".repeat(n * 50)}`]));
    /** A pack of `values` as one run writes it, then `damage` done to its bytes. */
    function damaged(name: string, damage: (bytes: Buffer) => Buffer): string {
      const dir = join(tmp, `index-${name}`);
      write(dir, values);
      const [pack] = packs(dir);
      const bytes = readFileSync(pack!);
      const after = damage(bytes);
      expect(after.equals(bytes)).toBe(false);
      writeFileSync(pack!, after);
      return dir;
    }
    const indexAt = (bytes: Buffer) => bytes.lastIndexOf('{"format":');
    /** `bytes` with the one at `at` replaced by `to` (a digit by another digit, a hex digit by another). */
    const changed = (bytes: Buffer, at: number, to = bytes[at] === 0x30 ? "1" : "0") => Buffer.concat([bytes.subarray(0, at), Buffer.from(to), bytes.subarray(at + 1)]);
    const lineOf = (bytes: Buffer, n: number) => bytes.indexOf(key(n), bytes.indexOf("\n", indexAt(bytes)));

    it("is read instead of the headers: a header damaged in the middle loses no entry (each payload still checks)", () => {
      const dir = damaged("header", (bytes) => {
        const at = bytes.indexOf(`"key":"${key(3)}"`);
        return changed(bytes, at + 1, "X");
      });
      const store = new CacheStore(dir);
      for (let n = 0; n < 10; n++) expect(store.get("pages", key(n))).toBe(values[n]);
      expect(store.stats.rejected).toBe(0);
    });

    // Each a damage to the index alone: the pack is then read header by header, every entry served as written, its digest the payload's.
    it.each([
      ["an offset's digit", (bytes: Buffer) => changed(bytes, lineOf(bytes, 4) + 64 + 1 + 64 + 1 + 15)],
      ["a digest's hex digit", (bytes: Buffer) => changed(bytes, lineOf(bytes, 4) + 64 + 1 + 5)],
      ["a key's hex digit", (bytes: Buffer) => changed(bytes, lineOf(bytes, 4) + 10)],
      ["the trailer's offset", (bytes: Buffer) => changed(bytes, bytes.length - 2)],
      ["the trailer cut off", (bytes: Buffer) => bytes.subarray(0, bytes.length - 5)],
      ["the index record gone (a pack of an older writer)", (bytes: Buffer) => bytes.subarray(0, indexAt(bytes))],
      ["the index record's header of another kind", (bytes: Buffer) => Buffer.concat([bytes.subarray(0, indexAt(bytes)), Buffer.from(bytes.toString("latin1", indexAt(bytes)).replace('"kind":"pages"', '"kind":"paged"'), "latin1")])],
    ])("%s: passed over for the headers", (name, damage) => {
      const dir = damaged(name.replace(/\W+/g, "-"), damage);
      const store = new CacheStore(dir);
      for (let n = 0; n < 10; n++) {
        expect(store.get("pages", key(n))).toBe(values[n]);
        expect(store.storedDigest("pages", key(n))).toBe(digest(values[n]!));
      }
      expect(store.keys("pages")).toEqual(new Set(Object.keys(values).map((n) => key(Number(n)))));
    });
  });

  it("a pack of another kind put in place is refused", () => {
    const dir = join(tmp, "misplaced");
    write(dir, { 1: "page" });
    const other = new CacheStore(dir);
    other.set("types", key(1), "type");
    other.flush();
    writeFileSync(packs(dir)[0]!, readFileSync(packs(dir, "types")[0]!));
    expect(new CacheStore(dir).get("pages", key(1))).toBeUndefined();
  });

  it("records read one after another into one buffer: each its own text, longer, shorter, multi-byte and beyond the buffer; a damaged one after them is a miss", () => {
    const dir = join(tmp, "scratch");
    const values: Record<number, string> = {
      1: "x".repeat(10_000),
      2: "short",
      3: "é€😀".repeat(3000),
      4: "y".repeat(300 * 1024),
      5: "",
      6: "z".repeat(5000),
    };
    write(dir, values);
    const store = new CacheStore(dir);
    for (const n of [1, 2, 3, 4, 5, 2, 1, 6]) expect(store.get("pages", key(n)), `record ${n}`).toBe(values[n]);
    // The last record's payload damaged in place (same length): refused, though the buffer held its bytes a moment ago.
    const pack = packs(dir)[0]!;
    const bytes = readFileSync(pack);
    const at = bytes.lastIndexOf("z".repeat(100));
    bytes.write("Z", at);
    writeFileSync(pack, bytes);
    const after = new CacheStore(dir);
    expect(after.get("pages", key(6))).toBeUndefined();
    expect(after.get("pages", key(2))).toBe("short");
    expect(after.stats.rejected).toBe(1);
  });

  it("records read in the order written come from reads of a buffer's worth: each its own text, a damaged one among them a miss, the ones after it served; out of order and across packs too", () => {
    const dir = join(tmp, "read-ahead");
    // Records of a few KB, multi-byte and empty ones among them, a few buffers' worth (256 KiB each).
    const value = (n: number) => (n % 97 === 0 ? "" : `record ${n} é€😀 `.padEnd(1000 + ((n * 37) % 3000), n % 2 ? "y" : "z"));
    write(dir, Object.fromEntries(Array.from({ length: 600 }, (_, n) => [n, value(n)])));
    write(dir, { 5000: "another pack" });
    const pack = packs(dir).find((p) => readFileSync(p, "latin1").includes("record 1 "))!;
    const bytes = readFileSync(pack);
    bytes.write("Q", bytes.indexOf("record 300 ") + 1);
    writeFileSync(pack, bytes);
    const store = new CacheStore(dir);
    for (let n = 0; n < 600; n++) {
      expect(store.get("pages", key(n)), `record ${n}`).toBe(n === 300 ? undefined : value(n));
      // Another pack's record between two of this one's.
      if (n % 150 === 0) expect(store.get("pages", key(5000))).toBe("another pack");
    }
    expect(store.stats.rejected).toBe(1);
    for (const n of [599, 3, 450, 451, 2, 1, 0, 598]) expect(store.get("pages", key(n)), `record ${n}`).toBe(value(n));
  });

  it("a hit on a pack older than a day refreshes its time; a hit on a fresh one leaves it", () => {
    const dir = join(tmp, "touch");
    write(dir, { 1: "one" });
    write(join(dir, "b"), { 2: "two" });
    const [old] = packs(dir);
    const [fresh] = packs(join(dir, "b"));
    age(old!, 3 * DAY);
    age(fresh!, 3600 * 1000);
    const before = statSync(fresh!).mtimeMs;
    expect(new CacheStore(dir).get("pages", key(1))).toBe("one");
    expect(new CacheStore(join(dir, "b")).get("pages", key(2))).toBe("two");
    expect(Date.now() - statSync(old!).mtimeMs).toBeLessThan(60_000);
    expect(statSync(fresh!).mtimeMs).toBe(before);
  });

  it("prune deletes packs unused for a week, keeps younger ones and those this run used", () => {
    const dir = join(tmp, "prune");
    for (const n of [1, 2, 3]) write(dir, { [n]: `entry ${n}` });
    const [p1, p2, p3] = [1, 2, 3].map((n) => packs(dir).find((p) => readFileSync(p, "utf8").includes(`entry ${n}`)));
    rmSync(join(dir, "last-prune")); // the writing runs pruned already: due again
    age(p1!, 8 * DAY); // old, unused: deleted
    age(p2!, 8 * DAY); // old, but read by this run: kept (and refreshed)
    age(p3!, 2 * DAY); // younger than a week: kept
    const run = new CacheStore(dir);
    expect(run.get("pages", key(2))).toBe("entry 2");
    expect(run.prune()).toBe(1);
    const next = new CacheStore(dir);
    expect(next.get("pages", key(1))).toBeUndefined();
    expect(next.get("pages", key(2))).toBe("entry 2");
    expect(next.get("pages", key(3))).toBe("entry 3");
  });

  it("compacts a kind of many packs into one: entries used or younger than a week stay, the newest value of a key wins", () => {
    const dir = join(tmp, "compact");
    const now = Date.now();
    write(dir, { 1: "old, unused", 2: "old, used" }, now - 8 * DAY);
    for (let n = 3; n < 10; n++) write(dir, { [n]: `entry ${n}`, 5: `rewritten by ${n}` }, now - 9 + n);
    expect(packs(dir)).toHaveLength(8);
    const run = new CacheStore(dir);
    expect(run.get("pages", key(2))).toBe("old, used");
    run.set("pages", key(10), "entry 10");
    run.flush(now);
    expect(packs(dir)).toHaveLength(1);
    const next = new CacheStore(dir);
    expect([...next.keys("pages")].sort()).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10].map(key).sort());
    expect(next.get("pages", key(5))).toBe("rewritten by 9");
    expect(next.get("pages", key(10))).toBe("entry 10");
  });

  it("leaves a pack that outweighs all the others as it is, merging the small ones beside it (the newest value still wins); once they outweigh it, all into one", () => {
    const dir = join(tmp, "compact-small");
    write(dir, Object.fromEntries(Array.from({ length: 50 }, (_, n) => [1000 + n, `large entry ${n} `.repeat(20)])));
    const [large] = packs(dir);
    const largeBytes = readFileSync(large!);
    for (let n = 1; n < 8; n++) write(dir, n === 3 ? { [n]: `small ${n}`, 1000: "rewritten" } : { [n]: `small ${n}` });
    expect(packs(dir)).toHaveLength(8);
    const run = new CacheStore(dir);
    run.set("pages", key(8), "small 8");
    run.flush();
    expect(packs(dir)).toHaveLength(2);
    expect(packs(dir)).toContain(large);
    expect(readFileSync(large!)).toEqual(largeBytes);
    const next = new CacheStore(dir);
    for (let n = 1; n <= 8; n++) expect(next.get("pages", key(n))).toBe(`small ${n}`);
    expect(next.get("pages", key(1000))).toBe("rewritten");
    expect(next.get("pages", key(1049))).toBe("large entry 49 ".repeat(20));

    for (let n = 0; n < 7; n++) write(dir, { [2000 + n]: "x".repeat(4000) });
    expect(packs(dir)).toHaveLength(1);
    expect(packs(dir)).not.toContain(large);
    const last = new CacheStore(dir);
    expect(last.get("pages", key(1000))).toBe("rewritten");
    expect(last.get("pages", key(1049))).toBe("large entry 49 ".repeat(20));
    expect(last.get("pages", key(2006))).toBe("x".repeat(4000));
  });

  describe("a run setting more than its memory budget (1 Mi characters a kind)", () => {
    const MiB = 1024 * 1024;
    const big = (n: number, tag = "") => `${tag}${n}`.padEnd(MiB, "x");
    const files = (dir: string, kind = "pages") => readdirSync(join(dir, kind));

    it.each([
      ["served in the same run, before and after flush", { sets: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], rewrite: undefined as number | undefined }],
      ["a key set again after it spilled: the newest value wins", { sets: [0, 1, 2, 3, 4, 5, 6], rewrite: 2 }],
    ])("%s", (name, { sets, rewrite }) => {
      const dir = join(tmp, `spill-${name.length}`);
      const run = new CacheStore(dir);
      for (const n of sets) run.set("pages", key(n), big(n));
      if (rewrite !== undefined) run.set("pages", key(rewrite), big(rewrite, "again "));
      const want = (n: number) => (n === rewrite ? big(n, "again ") : big(n));
      // Spilled: a temporary file no listing counts as a pack, so another run sees none of it yet.
      expect(files(dir).some((f) => f.endsWith(".pack.tmp"))).toBe(true);
      expect(new CacheStore(dir).keys("pages").size).toBe(0);
      for (const n of sets) expect(run.get("pages", key(n))).toBe(want(n));
      expect(run.storedDigest("pages", key(0))).toMatch(/^[0-9a-f]{64}$/);
      run.flush();
      expect(files(dir).filter((f) => f !== "last-prune")).toEqual([expect.stringMatching(/^\d+-\d+-[a-z0-9]+\.pack$/)]);
      for (const n of sets) expect(run.get("pages", key(n))).toBe(want(n));
      const next = new CacheStore(dir);
      for (const n of sets) expect(next.get("pages", key(n))).toBe(want(n));
      expect(next.stats.rejected).toBe(0);
    });

    it("what writePending wrote before a wait is one pack per kind with what was set after it, each record where its header says (many records to a write)", () => {
      const dir = join(tmp, "write-pending");
      const run = new CacheStore(dir);
      // Thousands of small records, multi-byte among them: several write batches of a megabyte.
      const value = (n: number) => `record ${n} é€ `.padEnd(500 + (n % 300), n % 2 ? "y" : "z");
      for (let n = 0; n < 3000; n++) run.set("pages", key(n), value(n));
      run.set("verdicts", key(1), "early verdict");
      run.writePending();
      expect(files(dir).filter((f) => f.endsWith(".pack.tmp"))).toHaveLength(1);
      expect(files(dir, "verdicts").filter((f) => f.endsWith(".pack.tmp"))).toHaveLength(1);
      expect(new CacheStore(dir).keys("pages").size).toBe(0);
      run.set("pages", key(5000), "set after the wait");
      run.set("verdicts", key(2), "late verdict");
      for (const n of [0, 1, 1999, 2999]) expect(run.get("pages", key(n))).toBe(value(n));
      run.flush();
      expect(files(dir).filter((f) => f !== "last-prune")).toEqual([expect.stringMatching(/^\d+-\d+-[a-z0-9]+\.pack$/)]);
      expect(files(dir, "verdicts")).toEqual([expect.stringMatching(/^\d+-\d+-[a-z0-9]+\.pack$/)]);
      const next = new CacheStore(dir);
      for (let n = 0; n < 3000; n++) expect(next.get("pages", key(n))).toBe(value(n));
      expect(next.get("pages", key(5000))).toBe("set after the wait");
      expect([next.get("verdicts", key(1)), next.get("verdicts", key(2))]).toEqual(["early verdict", "late verdict"]);
      expect(next.stats.rejected).toBe(0);
    });

    it("a spilled record damaged on disk before flush is a miss, not wrong output", () => {
      const dir = join(tmp, "spill-damaged");
      const run = new CacheStore(dir);
      for (let n = 0; n < 6; n++) run.set("pages", key(n), big(n));
      const tmpPack = join(dir, "pages", files(dir).find((f) => f.endsWith(".pack.tmp"))!);
      writeFileSync(tmpPack, readFileSync(tmpPack, "latin1").replace(`${0}xxxx`, `${0}XXXX`), "latin1");
      expect(run.get("pages", key(0))).toBeUndefined();
      expect(run.get("pages", key(5))).toBe(big(5));
    });

    it("compacting the kind keeps what spilled, and leaves no temporary file", () => {
      const dir = join(tmp, "spill-compact");
      for (let n = 100; n < 108; n++) write(dir, { [n]: `entry ${n}` });
      expect(packs(dir)).toHaveLength(8);
      const run = new CacheStore(dir);
      for (let n = 0; n < 6; n++) run.set("pages", key(n), big(n));
      run.flush();
      expect(files(dir).filter((f) => f !== "last-prune")).toHaveLength(1);
      const next = new CacheStore(dir);
      for (let n = 0; n < 6; n++) expect(next.get("pages", key(n))).toBe(big(n));
      expect(next.get("pages", key(107))).toBe("entry 107");
    });
  });
});
