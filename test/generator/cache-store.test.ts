/**
 * The cache store's housekeeping: a hit keeps an entry alive (its time is refreshed once it is a
 * day old, not on every hit), and prune() deletes what nobody used for a week, never what this
 * run used.
 */
import { mkdtempSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CacheStore } from "../../generator/cache/disk-store.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-cache-store-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const DAY = 24 * 3600 * 1000;
const key = (n: number) => n.toString(16).padStart(64, "0");
const entryPath = (dir: string, n: number) => join(dir, "pages", key(n).slice(0, 2), key(n));
const age = (path: string, ms: number) => {
  const then = new Date(Date.now() - ms);
  utimesSync(path, then, then);
};

describe("cache store housekeeping", () => {
  it("a hit on an entry older than a day refreshes its time; a hit on a fresh one leaves it", () => {
    const dir = join(tmp, "touch");
    new CacheStore(dir).set("pages", key(1), "one");
    new CacheStore(dir).set("pages", key(2), "two");
    age(entryPath(dir, 1), 3 * DAY);
    age(entryPath(dir, 2), 3600 * 1000);
    const before = statSync(entryPath(dir, 2)).mtimeMs;
    const store = new CacheStore(dir);
    expect(store.get("pages", key(1))).toBe("one");
    expect(store.get("pages", key(2))).toBe("two");
    expect(Date.now() - statSync(entryPath(dir, 1)).mtimeMs).toBeLessThan(60_000);
    expect(statSync(entryPath(dir, 2)).mtimeMs).toBe(before);
  });

  it("prune deletes entries unused for a week, keeps younger ones and those this run used", () => {
    const dir = join(tmp, "prune");
    const writer = new CacheStore(dir);
    for (const n of [1, 2, 3]) writer.set("pages", key(n), `entry ${n}`);
    age(entryPath(dir, 1), 8 * DAY); // old, unused: deleted
    age(entryPath(dir, 2), 8 * DAY); // old, but read by this run: kept (and refreshed)
    age(entryPath(dir, 3), 2 * DAY); // younger than a week: kept
    const run = new CacheStore(dir);
    expect(run.get("pages", key(2))).toBe("entry 2");
    expect(run.prune()).toBe(1);
    const next = new CacheStore(dir);
    expect(next.get("pages", key(1))).toBeUndefined();
    expect(next.get("pages", key(2))).toBe("entry 2");
    expect(next.get("pages", key(3))).toBe("entry 3");
  });
});
