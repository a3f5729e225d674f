/**
 * Package files printed from plain data (registry.js, subjects.*, streams.*, load/*) are cached by the
 * data's exact JSON (GeneratorCache.printed, emit/package-files.ts): an edit that leaves their data
 * as it was prints none of them again, an edit of their data prints exactly the files it reaches,
 * and the output of every run equals an uncached run's byte for byte.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { renderPackage } from "../../generator/pipeline.js";
import { CacheStore } from "../../generator/cache/disk-store.js";
import { readTree } from "../support/tree.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-printed-cache-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;

/** The package files cached by their data. */
const PRINTED = ["registry.js", "subjects.js", "subjects.d.ts", "streams.js", "streams.d.ts", "load/node.js", "load/bundled.js"];

function editJson(path: string, edit: (value: any) => void): void {
  const value = JSON.parse(readFileSync(path, "utf8"));
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

const cases: Array<{ given: string; edit: (schemas: string) => void; reprinted: string[] }> = [
  {
    given: "an optional property added to one event",
    edit: (schemas) => editJson(join(schemas, "queue/paused/1.0.json"), (s) => (s.properties.note = { type: "string", maxLength: 40 })),
    reprinted: [],
  },
  {
    given: "a new minor of one event (registry.js lists each version's validator)",
    edit: (schemas) => {
      const v10 = JSON.parse(readFileSync(join(schemas, "queue/paused/1.0.json"), "utf8"));
      v10.properties.note = { type: "string", maxLength: 40 };
      writeFileSync(join(schemas, "queue/paused/1.1.json"), JSON.stringify(v10, null, 2));
    },
    reprinted: ["registry.js"],
  },
  {
    given: "a stream's max_age in registry.json",
    edit: (schemas) => editJson(join(schemas, "registry.json"), (r) => (r.streams.SESSION_EVENTS.max_age = "72h")),
    reprinted: ["streams.d.ts", "streams.js"],
  },
];

describe("package files printed from plain data, cached by that data", () => {
  for (const { given, edit, reprinted } of cases) {
    it(`${given}: re-prints ${reprinted.length ? reprinted.join(", ") : "none of them"}, and the output equals an uncached run's`, async () => {
      const root = join(tmp, `run-${counter++}`);
      const r = { schemas: join(root, "schemas"), out: join(root, "out"), cache: join(root, "cache") };
      cpSync("schemas", r.schemas, { recursive: true });
      await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } });
      const before = new CacheStore(r.cache).keys("printed");
      expect(before.size).toBe(PRINTED.length);
      const textsBefore = PRINTED.map((file) => readFileSync(join(r.out, file), "utf8"));
      edit(r.schemas);
      await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } });
      const added = [...new CacheStore(r.cache).keys("printed")].filter((k) => !before.has(k));
      expect(added.length).toBe(reprinted.length);
      const uncached = await renderPackage({ schemas: r.schemas, out: r.out });
      const written = readTree(r.out);
      expect([...written.keys()].sort()).toEqual([...uncached.keys()].sort());
      for (const [path, content] of uncached) expect(written.get(path), path).toBe(content);
      // What the edit changed of these files is exactly what was printed again.
      expect(PRINTED.filter((file, i) => written.get(file) !== textsBefore[i]).sort()).toEqual(reprinted);
    });
  }
});
