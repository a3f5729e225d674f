/**
 * A watch session serves most cache entries from memory (cache/remembering-store.ts, and the pages,
 * package texts and AsyncAPI sections it keeps), so nothing reads them from disk. Once an hour a
 * save marks what it served as used, refreshing the time of its packs when a day old, so that
 * after a week of watching another run's prune does not take them for unused: a later run finds
 * every entry the session used.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { GenerateSession } from "../../generator/generate-session.js";
import { CacheStore } from "../../generator/cache/disk-store.js";
import { RememberingStore } from "../../generator/cache/remembering-store.js";
import { REPO_ROOT } from "../support/bin.js";

const FIXTURE = join(REPO_ROOT, "test/fixtures/good/features");
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const tmp = mkdtempSync(join(tmpdir(), "jetschema-marks-used-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every pack file under the cache folder. */
const packs = (cache: string) => readdirSync(cache, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".pack"));

const editDescription = (file: string, description: string) => {
  const value = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  value.description = description;
  writeFileSync(file, JSON.stringify(value, null, 2));
};

/** given: how long a session ran between its first save and the next; want: whether a prune by another run afterwards leaves the next run a miss. */
const cases = [
  { given: "a week and a day", elapsed: 8 * DAY, want: { misses: {} } },
  { given: "two days (nothing is a week old: the control)", elapsed: 2 * DAY, want: { misses: {} } },
];

describe("a watch session marks the cache entries it serves from memory as used", () => {
  it.each(cases)("after $given, another run's prune leaves every entry the session used", async ({ elapsed, want }) => {
    const root = mkdtempSync(join(tmp, "case-"));
    const schemas = join(root, "schemas");
    const cache = join(root, "cache");
    cpSync(FIXTURE, schemas, { recursive: true });
    let now = Date.now();
    const session = new GenerateSession(() => now);
    await generate({ schemas, out: join(root, "out"), cache: { dir: cache } }, session);
    // As the watch does once it has reported a run: the cache's writes follow the output.
    session.writeCache();
    const written = new Set(packs(cache));

    now += elapsed;
    editDescription(join(schemas, "order/shipped/1.0.json"), "Shipped, edited during a long watch.");
    session.named.add("order/shipped/1.0.json");
    await generate({ schemas, out: join(root, "out"), cache: { dir: cache } }, session);
    session.writeCache();
    // What the second save wrote, it wrote then.
    for (const pack of packs(cache).filter((p) => !written.has(p))) utimesSync(join(cache, pack), now / 1000, now / 1000);
    await session.settle();

    new CacheStore(cache).prune(now + HOUR);

    const later = new GenerateSession(() => now + HOUR);
    await generate({ schemas, out: join(root, "out-later"), cache: { dir: cache } }, later);
    const { stats } = later.cacheFor({ dir: cache }).store;
    expect(stats.hits["pages"]).toBeGreaterThan(0);
    expect({ misses: stats.misses }).toEqual(want);
  });

  it.each([
    { given: "half an hour after the last marking", elapsed: HOUR / 2, marks: false },
    { given: "an hour after the last marking", elapsed: HOUR, marks: true },
  ])("a run $given marks what it serves from memory: $marks", ({ elapsed, marks }) => {
    let now = Date.now();
    const store = new RememberingStore(join(tmp, `store-${elapsed}`), () => now);
    store.startRun();
    expect(store.marking).toBe(false);
    store.endRun();
    now += elapsed;
    store.startRun();
    expect(store.marking).toBe(marks);
    store.endRun();
    expect(store.marking).toBe(false);
  });
});
