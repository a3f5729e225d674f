/**
 * A folder's table in two parts (cache/folder-table.ts): each run, as one process after another,
 * must be served every value the runs before it left under a key, whichever part holds it; an
 * edit's run writes the delta alone, and the base is written again, with only what that run used,
 * once the dead entries and the delta pass an eighth of it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { folderTable, type TablePart } from "../../generator/cache/folder-table.js";
import { GeneratorCache } from "../../generator/cache/generator-cache.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-folder-table-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The two parts as the cache keeps them between processes, with the parts each run wrote. */
function stored() {
  const parts = new Map<TablePart, string>();
  let written: TablePart[] = [];
  return {
    parts,
    written: () => written,
    /** One process's table over what the last left. */
    run: () => {
      written = [];
      return folderTable<string>({ read: (part) => parts.get(part), write: (part, text) => (written.push(part), parts.set(part, text)) });
    },
  };
}

const keys = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `k${from + i}`);
const valueOf = (key: string) => `value of ${key}`;

describe("a folder's table, a base and a delta", () => {
  it("an edit's run writes the delta alone; every value is served to the runs after it", () => {
    const table = stored();
    // A cold run: every key set, the base written.
    const cold = table.run();
    for (const key of keys(100)) expect(cold.get(key)).toBeUndefined(), cold.set(key, valueOf(key));
    cold.save();
    expect(table.written()).toEqual(["base", "delta"]);
    // Edits, one after another: the event's old key no longer asked for, its new key set.
    let live = keys(100);
    for (let edit = 0; edit < 8; edit++) {
      const run = table.run();
      live = [...live.slice(1), `new${edit}`];
      for (const key of live.slice(0, -1)) expect(run.get(key)).toBe(valueOf(key));
      expect(run.get(live.at(-1)!)).toBeUndefined();
      run.set(live.at(-1)!, valueOf(live.at(-1)!));
      run.save();
      expect(table.written()).toEqual(["delta"]);
      expect(Object.keys(JSON.parse(table.parts.get("delta")!) as object).sort()).toEqual(keys(edit + 1).map((_, i) => `new${i}`).sort());
    }
    // A run that asks for the same keys as the last writes nothing.
    const same = table.run();
    for (const key of live) expect(same.get(key)).toBe(valueOf(key));
    same.save();
    expect(table.written()).toEqual([]);
  });

  it("past an eighth of the base dead or in the delta, the base is written with what the run used, the delta emptied", () => {
    const table = stored();
    const cold = table.run();
    for (const key of keys(100)) cold.set(key, valueOf(key));
    cold.save();
    let live = keys(100);
    // 100 / 8 + 16 = 28.5: 14 edits leave 14 dead and 14 in the delta.
    for (let edit = 0; edit < 15; edit++) {
      const run = table.run();
      live = [...live.slice(1), `new${edit}`];
      for (const key of live.slice(0, -1)) run.get(key);
      run.set(live.at(-1)!, valueOf(live.at(-1)!));
      run.save();
      expect(table.written()).toEqual(edit < 14 ? ["delta"] : ["base", "delta"]);
    }
    expect(Object.keys(JSON.parse(table.parts.get("base")!) as object).sort()).toEqual([...live].sort());
    expect(table.parts.get("delta")).toBe("{}");
    const after = table.run();
    for (const key of live) expect(after.get(key)).toBe(valueOf(key));
  });

  const damaged: Array<{ given: string; delta: string }> = [
    { given: "not JSON", delta: "{not json" },
    { given: "an array", delta: "[1, 2]" },
    { given: "null", delta: "null" },
  ];
  it.each(damaged)("a delta that is $given is none: the base is still served", ({ delta }) => {
    const table = stored();
    const cold = table.run();
    for (const key of keys(100)) cold.set(key, valueOf(key));
    cold.save();
    expect(table.written()).toEqual(["base", "delta"]);
    table.parts.set("delta", delta);
    const run = table.run();
    for (const key of keys(100)) expect(run.get(key)).toBe(valueOf(key));
  });

  it("through the disk cache, process after process: an edit leaves the base entry as it was", () => {
    const dir = join(tmp, "cache");
    const root = join(tmp, "registry");
    const process = () => new GeneratorCache({ dir });
    const first = process();
    const fragments = first.packageFragments(root);
    for (const key of keys(50)) fragments.set(key, { texts: [valueOf(key)], js: true, dts: true });
    fragments.save();
    first.store.flush();
    const folder = first.folderName(root);
    const base = process().get("package-fragments", folder);
    expect(base).toBeDefined();
    const edit = process();
    const edited = edit.packageFragments(root);
    for (const key of keys(49, 1)) expect(edited.get(key)?.texts).toEqual([valueOf(key)]);
    edited.set("new", { texts: ["new"], js: true, dts: false });
    edited.save();
    edit.store.flush();
    const next = process();
    expect(next.get("package-fragments", folder)).toBe(base);
    const served = next.packageFragments(root);
    expect(served.get("new")).toEqual({ texts: ["new"], js: true, dts: false });
    expect(served.get("k1")?.texts).toEqual([valueOf("k1")]);
  });
});
