/**
 * A `generate --watch` session (the bin, a child process, real files) keeps the registry, the
 * cache entries and the AsyncAPI sections of its last run (generator/generate-session.ts). After
 * every edit of a series its output folder must be byte-for-byte what a fresh full generate
 * (no cache, no session) makes of the registry as it then is; a broken save is reported, leaves
 * the output alone, and the watch goes on.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderPackage } from "../../generator/pipeline.js";
import { readTree } from "../support/tree.js";
import { stopAllWatchers, watchProcess } from "../support/watch-process.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-watch-session-"));
afterAll(() => {
  stopAllWatchers();
  rmSync(tmp, { recursive: true, force: true });
});
const schemas = join(tmp, "schemas");
const out = join(tmp, "out");

function editJson(file: string, edit: (value: any) => void): void {
  const path = join(schemas, file);
  const value = JSON.parse(readFileSync(path, "utf8"));
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

const RUN_ENDED = /generated \d+ files|is up to date|error:/;

const edits: { given: string; edit: () => void; want: "regenerated" | "reported" }[] = [
  { given: "a description changed", edit: () => editJson("queue/paused/1.0.json", (s) => (s.description = "Paused, as edited while watching.")), want: "regenerated" },
  {
    given: "a field added",
    edit: () => editJson("queue/paused/1.0.json", (s) => (s.properties.note = { type: "string", maxLength: 40, description: "Added while watching." })),
    want: "regenerated",
  },
  { given: "a shared definition changed", edit: () => editJson("defs/common.json", (s) => (s.description = "Edited while watching.")), want: "regenerated" },
  { given: "a new event", edit: () => cpSync(join(schemas, "queue/resumed"), join(schemas, "queue/halted"), { recursive: true }), want: "regenerated" },
  { given: "a version deleted", edit: () => rmSync(join(schemas, "session/started/1.1.json")), want: "regenerated" },
  { given: "a schema broken", edit: () => editJson("queue/resumed/1.0.json", (s) => (s.properties = { x: { type: "no-such-type" } })), want: "reported" },
  { given: "the schema fixed", edit: () => writeFileSync(join(schemas, "queue/resumed/1.0.json"), readFileSync("schemas/queue/resumed/1.0.json", "utf8")), want: "regenerated" },
  { given: "the first edit undone", edit: () => writeFileSync(join(schemas, "queue/paused/1.0.json"), readFileSync("schemas/queue/paused/1.0.json", "utf8")), want: "regenerated" },
];

describe("a generate --watch session after a series of edits", () => {
  it("writes what a fresh full generate writes, after every edit", async () => {
    cpSync("schemas", schemas, { recursive: true });
    const w = watchProcess(["--schemas", schemas, "--out", out, "--cache-dir", join(tmp, "cache")]);
    await w.waitFor(/watching .* for changes/, 0, 60_000);
    let expected = readTree(out);
    for (const { given, edit, want } of edits) {
      const mark = w.mark();
      edit();
      const line = await w.settled(RUN_ENDED, mark);
      const ran = w.output().slice(mark);
      if (want === "reported") {
        expect(line, `${given}: ${ran}`).toBe("error:");
        expect(ran).toContain("queue/resumed/1.0.json");
        expect(readTree(out), given).toEqual(expected);
        continue;
      }
      // Fixing a broken save restores what was written before it: nothing to rewrite then.
      expect(ran, given).toMatch(/generated \d+ files|is up to date/);
      expected = await renderPackage({ schemas, out: join(tmp, "unused") });
      const written = readTree(out);
      expect([...written.keys()].sort(), given).toEqual([...expected.keys()].sort());
      for (const [path, content] of expected) expect(written.get(path), `${given}: ${path}`).toBe(content);
    }
    w.child.kill("SIGINT");
    expect(await w.exited).toBe(0);
  }, 600_000);
});

describe("a generate --watch session whose output folder was deleted by hand", () => {
  it("writes it again on a save that changes no content, instead of reporting it up to date", async () => {
    const dir = join(tmp, "deleted");
    const schemas = join(dir, "schemas");
    const out = join(dir, "out");
    cpSync("schemas", schemas, { recursive: true });
    const w = watchProcess(["--schemas", schemas, "--out", out, "--cache-dir", join(dir, "cache")]);
    await w.waitFor(/watching .* for changes/, 0, 60_000);
    const expected = readTree(out);
    rmSync(out, { recursive: true, force: true });
    const mark = w.mark();
    const touched = new Date(Date.now() + 5_000);
    utimesSync(join(schemas, "queue/paused/1.0.json"), touched, touched);
    const line = await w.settled(RUN_ENDED, mark);
    expect(line, w.output().slice(mark)).toMatch(/generated \d+ files/);
    expect(existsSync(out)).toBe(true);
    expect(readTree(out)).toEqual(expected);
    w.child.kill("SIGINT");
    expect(await w.exited).toBe(0);
  }, 120_000);
});
