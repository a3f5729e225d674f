/**
 * `watchFolders`' `ahead`: the work a run takes instead of doing it (GenerateSession.sweepAhead),
 * done after the last event before each run, of any file (one the job ignores too): once a burst
 * has been quiet for half of the wait, or right before a run that comes first; never while a run
 * is in progress. The watcher here is a stand-in that reports changes when told (node's own is
 * exercised by watch-session.test.ts), so the timings are the test's.
 */
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync, type FSWatcher } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { watchFolders } from "../../generator/cli/watch-folders.js";

const tmp = mkdtempSync(join(tmpdir(), "jetschema-watch-ahead-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const QUIET_MS = 200;

/** A watch of `tmp` whose changes the test reports, and what happened when (ms since the start). */
function watched(jobMs = 0) {
  const started = performance.now();
  const at = () => performance.now() - started;
  const log: Array<{ what: "change" | "ahead" | "run start" | "run end"; ms: number }> = [];
  let report: (file: string) => void = () => undefined;
  let running = false;
  const aheadDuringRun: number[] = [];
  const watching = watchFolders(
    [{ dir: tmp, relevant: (file) => file?.endsWith(".json") ?? true }],
    async () => {
      running = true;
      log.push({ what: "run start", ms: at() });
      await sleep(jobMs);
      log.push({ what: "run end", ms: at() });
      running = false;
    },
    {
      quietMs: QUIET_MS,
      ahead: () => {
        if (running) aheadDuringRun.push(at());
        log.push({ what: "ahead", ms: at() });
      },
      watchTree: (_dir, listener) => {
        report = (file) => listener("change", file);
        return Object.assign(new EventEmitter(), { close: () => undefined, ref: () => undefined, unref: () => undefined }) as unknown as FSWatcher;
      },
    },
  );
  /** A change of a file the job reads (`a.json`), or of one it ignores. */
  const change = (file = "a.json") => {
    log.push({ what: "change", ms: at() });
    report(file);
  };
  const of = (what: string) => log.filter((e) => e.what === what).map((e) => e.ms);
  return { watching, change, log, of, aheadDuringRun };
}

describe("watchFolders' ahead", () => {
  it("runs once per burst, half the quiet wait after its last change, before the run", async () => {
    const w = watched();
    try {
      for (let i = 0; i < 4; i++) {
        w.change();
        await sleep(QUIET_MS / 5);
      }
      await sleep(QUIET_MS * 2);
      const lastChange = Math.max(...w.of("change"));
      const [ahead, ...moreAhead] = w.of("ahead");
      const [run, ...moreRuns] = w.of("run start");
      expect({ moreAhead, moreRuns }).toEqual({ moreAhead: [], moreRuns: [] });
      expect(ahead! - lastChange).toBeGreaterThanOrEqual(QUIET_MS / 2 - 5);
      expect(run! - lastChange).toBeGreaterThanOrEqual(QUIET_MS - 5);
      expect(ahead).toBeLessThan(run!);
    } finally {
      await w.watching.close();
    }
  });

  it("is not done while a run is in progress: a change during a run gets it right before its own run", async () => {
    const w = watched(QUIET_MS * 3);
    try {
      w.change();
      await sleep(QUIET_MS * 1.5);
      // The first run is in progress now; this change's ahead and run both fall inside it.
      w.change();
      await sleep(QUIET_MS * 6);
      const runs = w.of("run start");
      const aheads = w.of("ahead");
      expect({ runs: runs.length, aheads: aheads.length, aheadDuringRun: w.aheadDuringRun }).toEqual({ runs: 2, aheads: 2, aheadDuringRun: [] });
      expect(aheads[1]).toBeGreaterThanOrEqual(w.of("run end")[0]!);
      expect(aheads[1]).toBeLessThanOrEqual(runs[1]!);
    } finally {
      await w.watching.close();
    }
  });

  it("follows an event of a file the job ignores: done again, right before the run it does not delay", async () => {
    const w = watched();
    try {
      w.change();
      await sleep(QUIET_MS * 0.75);
      // After the first ahead, before the run: a folder made, an editor's temporary file.
      w.change("new-folder");
      await sleep(QUIET_MS * 2);
      const [run, ...moreRuns] = w.of("run start");
      const aheads = w.of("ahead");
      expect({ moreRuns, aheads: aheads.length }).toEqual({ moreRuns: [], aheads: 2 });
      expect(aheads[1]).toBeGreaterThanOrEqual(w.of("change")[1]!);
      expect(aheads[1]).toBeLessThanOrEqual(run!);
      // The run keeps the time of the last change it reads.
      expect(run! - w.of("change")[0]!).toBeLessThan(QUIET_MS * 1.2);
    } finally {
      await w.watching.close();
    }
  });

  it("is not done for events of files the job ignores alone: no run, no ahead", async () => {
    const w = watched();
    try {
      w.change("editor.swp");
      await sleep(QUIET_MS * 2);
      expect(w.log.map((e) => e.what)).toEqual(["change"]);
    } finally {
      await w.watching.close();
    }
  });

  it("is not done once the watch is closed", async () => {
    const w = watched();
    w.change();
    await w.watching.close();
    await sleep(QUIET_MS * 2);
    expect(w.log.map((e) => e.what)).toEqual(["change"]);
  });
});
