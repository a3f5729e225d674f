/**
 * `watchFolders` when node's recursive watch fails. An `rm -rf` of the registry racing node's
 * listing of the tree makes the watch fail with ENOENT on a sub-folder; a real removal does that
 * only by chance (watch-folder-gone.test.ts meets it once in many runs), so here the first watch
 * fails on purpose, the way node fails, and every later one is node's own: the watch must be
 * started again, the job run, and a later save still seen. Any other failure is the caller's.
 */
import { watch, writeFileSync, mkdtempSync, rmSync, type FSWatcher } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { watchFolders, type WatchOptions } from "../../generator/cli/watch-folders.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-watch-folders-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const failure = (code: string) => Object.assign(new Error(`${code}: no such file or directory, watch '${tmp}/gone'`), { code });

interface Case {
  given: string;
  /** How the first watch fails: thrown while starting, or reported by the watcher afterwards. */
  fails: "throws" | "reports";
  code: string;
  /** seesLaterSave: a save after the failure runs the job; not asked where the caller was told (it stops). */
  want: { watchesStarted: number; errors: string[]; seesLaterSave?: boolean };
}

const cases: Case[] = [
  { given: "a sub-folder gone while the watch starts (ENOENT thrown)", fails: "throws", code: "ENOENT", want: { watchesStarted: 2, errors: [], seesLaterSave: true } },
  { given: "a sub-folder gone under a running watch (ENOENT reported)", fails: "reports", code: "ENOENT", want: { watchesStarted: 2, errors: [], seesLaterSave: true } },
  { given: "too many watches (EMFILE thrown)", fails: "throws", code: "EMFILE", want: { watchesStarted: 1, errors: ["EMFILE"], seesLaterSave: false } },
  { given: "too many watches (EMFILE reported)", fails: "reports", code: "EMFILE", want: { watchesStarted: 1, errors: ["EMFILE"] } },
];

const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
};

describe.each(cases)("watchFolders given $given", (c) => {
  it(`starts ${c.want.watchesStarted} watch(es), tells the caller of ${c.want.errors.join(", ") || "nothing"}`, async () => {
    const dir = mkdtempSync(join(tmp, "case-"));
    let started = 0;
    const errors: string[] = [];
    let runs = 0;
    const watchTree: WatchOptions["watchTree"] = (folder, listener) => {
      started++;
      if (started === 1 && c.fails === "throws") throw failure(c.code);
      const real: FSWatcher = watch(folder, { recursive: true }, listener);
      if (started === 1) setImmediate(() => real.emit("error", failure(c.code)));
      return real;
    };
    const watching = watchFolders(
      [{ dir }],
      async () => {
        runs++;
      },
      { quietMs: 20, onError: (err) => errors.push((err as NodeJS.ErrnoException).code ?? err.message), watchTree },
    );
    try {
      // A restarted watch runs the job once (what changed meanwhile is unknown).
      await until(() => started === c.want.watchesStarted && (c.want.errors.length > 0 ? errors.length > 0 : runs === 1), 3000);
      expect({ started, errors }).toEqual({ started: c.want.watchesStarted, errors: c.want.errors });
      if (c.want.seesLaterSave === undefined) return;
      const before = runs;
      writeFileSync(join(dir, "a.json"), "{}");
      expect(await until(() => runs > before, c.want.seesLaterSave ? 5000 : 500)).toBe(c.want.seesLaterSave);
    } finally {
      await watching.close();
    }
  });
});
