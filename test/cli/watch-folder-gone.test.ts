/**
 * `jetschema generate --watch` when the registry folder itself goes away for a moment (a
 * `git checkout` that removes and restores it, a move away and back): node's watch of the folder
 * ends without an error, and a process with nothing else to wait for ended as if done (exit 13,
 * silently). It must say the folder is missing, wait for it, watch it again once back (a save
 * after that regenerates), and still stop on SIGINT with exit 0. Run as users run it (the bin, a
 * child process).
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stopAllWatchers, watchProcess } from "../support/watch-process.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-watch-gone-"));
afterAll(() => {
  stopAllWatchers();
  rmSync(tmp, { recursive: true, force: true });
});

const MISSING = /the registry folder .* is missing: waiting for it to come back/;

interface Case {
  given: string;
  /** Takes the folder away. */
  away: (schemas: string) => void;
  /** Brings it back, once the watcher said it is missing. */
  back: (schemas: string) => void;
}

const cases: Case[] = [
  { given: "removed, then put back", away: (s) => rmSync(s, { recursive: true }), back: (s) => cpSync("schemas", s, { recursive: true }) },
  // The same folder (its inode) back: the watch of it has ended all the same.
  { given: "moved away, then back", away: (s) => renameSync(s, `${s}-away`), back: (s) => renameSync(`${s}-away`, s) },
];

describe.each(cases)("jetschema generate --watch given the registry folder $given", (c) => {
  it("keeps watching: runs again once it is back, regenerates after a save, stops on SIGINT with exit 0", async () => {
    const dir = join(tmp, `case-${cases.indexOf(c)}`);
    const schemas = join(dir, "schemas");
    const out = join(dir, "out");
    cpSync("schemas", schemas, { recursive: true });
    const w = watchProcess(["--schemas", schemas, "--out", out, "--cache-dir", join(dir, "cache")]);
    // Settled: every folder of the registry watched.
    await w.settled(/watching .* for changes/, 0, { quietMs: 1000 });

    let mark = w.mark();
    c.away(schemas);
    await w.waitFor(MISSING, mark);
    c.back(schemas);
    await w.waitFor(new RegExp(`${MISSING.source}[^]*(is up to date with|generated \\d+ files)`), mark);

    // Watched again: a save regenerates.
    mark = w.mark();
    const placed = join(schemas, "queue/paused/1.0.json");
    const value = JSON.parse(readFileSync(placed, "utf8"));
    value.properties.note = { type: "string", maxLength: 40, description: "Added after the folder came back." };
    writeFileSync(placed, JSON.stringify(value, null, 2) + "\n");
    await w.waitFor(/generated \d+ files/, mark);
    expect(readFileSync(join(out, "types/queue.paused.d.ts"), "utf8")).toContain("note?: string");

    w.child.kill("SIGINT");
    expect(await w.exited).toBe(0);
  }, 120_000);
});
