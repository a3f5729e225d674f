/**
 * A `generate --watch` session (the bin, a child process, real files) keeps the registry, the
 * cache entries and the AsyncAPI sections of its last run (generator/generate-session.ts). After
 * every edit of a series its output folder must be byte-for-byte what a fresh full generate
 * (no cache, no session) makes of the registry as it then is; a broken save is reported, leaves
 * the output alone, and the watch goes on.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
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

function editJson(file: string, edit: (value: any) => void, root = schemas): void {
  const path = join(root, file);
  const value = JSON.parse(readFileSync(path, "utf8"));
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

const RUN_ENDED = /generated \d+ files|is up to date|error:/;
const original = (file: string) => readFileSync(join("schemas", file), "utf8");
const restore = (file: string) => writeFileSync(join(schemas, file), original(file));

/** `reported`: a save the run refuses, with where (file and JSON pointer) each expected problem is reported. */
const edits: { given: string; edit: () => void; want: "regenerated" | { reported: RegExp[] } }[] = [
  { given: "a description changed", edit: () => editJson("queue/paused/1.0.json", (s) => (s.description = "Paused, as edited while watching.")), want: "regenerated" },
  {
    given: "a field added",
    edit: () => editJson("queue/paused/1.0.json", (s) => (s.properties.note = { type: "string", maxLength: 40, description: "Added while watching." })),
    want: "regenerated",
  },
  { given: "a shared definition changed", edit: () => editJson("defs/common.json", (s) => (s.description = "Edited while watching.")), want: "regenerated" },
  {
    given: "a $ref'd shared definition's constraint changed (it feeds many events)",
    edit: () => editJson("defs/common.json", (s) => (s.$defs.QueueId.maxLength = 96)),
    want: "regenerated",
  },
  {
    given: "a $ref'd shared definition renamed away",
    edit: () => editJson("defs/common.json", (s) => ((s.$defs.QueueKey = s.$defs.QueueId), delete s.$defs.QueueId)),
    want: { reported: [/queue\/created\/1\.0\.json:\d+:\d+ at #\/properties\/\w+\/\$ref: error: Every \$ref resolves to a schema/, /queue\/paused\/1\.0\.json:\d+:\d+ at #\/properties\/\w+\/\$ref: error/] },
  },
  { given: "the shared definition restored", edit: () => restore("defs/common.json"), want: "regenerated" },
  {
    given: "a $ref cycle through no data made in a shared definition (its steps are kept per schema)",
    edit: () => editJson("defs/common.json", (s) => (s.$defs.QueueId.allOf = [{ $ref: "#/$defs/QueueId" }])),
    want: { reported: [/defs\/common\.json:\d+:\d+ at #\/\$defs\/QueueId\/allOf\/0\/\$ref: error: A \$ref cycle passes through data/] },
  },
  { given: "the cycle removed again", edit: () => restore("defs/common.json"), want: "regenerated" },
  {
    given: "a property named __proto__ (what the rule found is kept per schema)",
    edit: () => editJson("queue/updated/1.0.json", (s) => Object.defineProperty(s.properties, "__proto__", { value: { type: "string" }, enumerable: true, configurable: true, writable: true })),
    want: { reported: [/queue\/updated\/1\.0\.json:\d+:\d+ at #\/properties\/__proto__: error: No property is named __proto__/] },
  },
  { given: "the property named __proto__ removed", edit: () => restore("queue/updated/1.0.json"), want: "regenerated" },
  { given: "a new event", edit: () => cpSync(join(schemas, "queue/resumed"), join(schemas, "queue/halted"), { recursive: true }), want: "regenerated" },
  { given: "an event renamed (its folder moved: the folders listed again)", edit: () => renameSync(join(schemas, "queue/halted"), join(schemas, "queue/stopped")), want: "regenerated" },
  {
    given: "an event's subject renamed (the subject tree, the streams' events, every page that lists subjects)",
    edit: () => editJson("queue/paused/1.0.json", (s) => (s["x-subject"] = "waitingroom.queue.halted-for-now.v1")),
    want: "regenerated",
  },
  { given: "the subject restored", edit: () => editJson("queue/paused/1.0.json", (s) => delete s["x-subject"]), want: "regenerated" },
  {
    given: "an event's subject taken by another event (a cross-event rule)",
    edit: () => editJson("queue/paused/1.0.json", (s) => (s["x-subject"] = "waitingroom.queue.resumed.v1")),
    want: { reported: [/error: [^\n]*subject "waitingroom\.queue\.resumed\.v1" is already used by/] },
  },
  {
    given: "its subject one that no stream captures (a rule over the streams and every event)",
    edit: () => editJson("queue/paused/1.0.json", (s) => (s["x-subject"] = "waitingroom.elsewhere.paused.v1")),
    want: { reported: [/queue\/paused\/1\.0\.json:\d+:\d+: error: [^\n]*no stream in registry\.json captures "waitingroom\.elsewhere\.paused\.v1"/] },
  },
  { given: "the subject restored again", edit: () => editJson("queue/paused/1.0.json", (s) => delete s["x-subject"]), want: "regenerated" },
  { given: "a version deleted", edit: () => rmSync(join(schemas, "session/started/1.1.json")), want: "regenerated" },
  { given: "an event version added", edit: () => writeFileSync(join(schemas, "session/active/1.1.json"), original("session/active/1.0.json")), want: "regenerated" },
  { given: "the added version removed again", edit: () => rmSync(join(schemas, "session/active/1.1.json")), want: "regenerated" },
  {
    given: "a minor made incompatible with the one before",
    edit: () => editJson("position/admitted/1.1.json", (s) => ((s.properties.note = { type: "string", maxLength: 40 }), s.required.push("note"))),
    want: { reported: [/position\/admitted\/1\.1\.json:\d+:\d+ at #\/required\/4: error: A property became required without a default \(BACKWARD\)/] },
  },
  { given: "the minor compatible again", edit: () => restore("position/admitted/1.1.json"), want: "regenerated" },
  { given: "an event's mode made FORWARD", edit: () => editJson("registry.json", (r) => (r.compatibilityOverrides = { "position.admitted": "FORWARD" })), want: "regenerated" },
  {
    given: "a minor its latest cannot read (the major a union: each minor's payload and envelope in the AsyncAPI document, the types, the pages)",
    edit: () => editJson("position/admitted/1.1.json", (s) => ((s.properties.note = { type: "string", maxLength: 40 }), s.required.push("note"), s.examples.forEach((e: any) => (e.note = "noted")))),
    want: "regenerated",
  },
  { given: "the union's latest minor edited (only its own sections made again)", edit: () => editJson("position/admitted/1.1.json", (s) => (s.properties.note.maxLength = 41)), want: "regenerated" },
  { given: "the minor read whole again", edit: () => restore("position/admitted/1.1.json"), want: "regenerated" },
  { given: "the mode restored", edit: () => restore("registry.json"), want: "regenerated" },
  { given: "a schema broken", edit: () => editJson("queue/resumed/1.0.json", (s) => (s.properties = { x: { type: "no-such-type" } })), want: { reported: [/queue\/resumed\/1\.0\.json:\d+:\d+ at #\/properties\/x\/type: error/] } },
  { given: "the schema fixed", edit: () => restore("queue/resumed/1.0.json"), want: "regenerated" },
  { given: "the envelope's description edited (its AsyncAPI form is kept)", edit: () => editJson("envelope.schema.json", (e) => (e.description = "Edited while watching.")), want: "regenerated" },
  { given: "an envelope property's constraint edited (every event's envelope)", edit: () => editJson("envelope.schema.json", (e) => (e.properties.source.maxLength = 77)), want: "regenerated" },
  { given: "the envelope restored", edit: () => restore("envelope.schema.json"), want: "regenerated" },
  { given: "registry.json edited (a stream's description)", edit: () => editJson("registry.json", (r) => (r.streams.POSITION_EVENTS.description = "Edited while watching.")), want: "regenerated" },
  { given: "registry.json made invalid", edit: () => editJson("registry.json", (r) => (r.compatibility = "SIDEWAYS")), want: { reported: [/registry\.json:\d+:\d+ at #\/compatibility: error: registry\.json follows registry\.schema\.json/] } },
  { given: "registry.json valid again", edit: () => restore("registry.json"), want: "regenerated" },
  { given: "the first edit undone", edit: () => restore("queue/paused/1.0.json"), want: "regenerated" },
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
      if (want !== "regenerated") {
        expect(line, `${given}: ${ran}`).toBe("error:");
        for (const where of want.reported) expect(ran, given).toMatch(where);
        // Nothing written while the registry is invalid.
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

/** A copy of the example registry under tmp/`name`, watched into `out` there, its first run done. */
async function watchCopy(name: string) {
  const dir = join(tmp, name);
  const schemas = join(dir, "schemas");
  const out = join(dir, "out");
  cpSync("schemas", schemas, { recursive: true });
  const w = watchProcess(["--schemas", schemas, "--out", out, "--cache-dir", join(dir, "cache")]);
  await w.waitFor(/watching .* for changes/, 0, 60_000);
  return { dir, schemas, out, w };
}

describe("a generate --watch session whose output folder was deleted by hand", () => {
  it("writes it again on a save that changes no content, instead of reporting it up to date", async () => {
    const { schemas, out, w } = await watchCopy("deleted");
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

describe("a generate --watch session whose output files were changed by hand", () => {
  it("writes them again on the next save, keeps no swapped-out tree once stopped", async () => {
    const { dir, schemas, out, w } = await watchCopy("hand-edited");
    // Two saves first: the session then fills the tree it swapped out as the next staging tree.
    for (const description of ["First save.", "Second save."]) {
      const mark = w.mark();
      editJson("queue/paused/1.0.json", (s) => (s.description = description), schemas);
      await w.settled(RUN_ENDED, mark);
    }
    // Edited in place (the swapped-out tree holds a link of the same file), replaced by a new file, deleted.
    writeFileSync(join(out, "index.js"), "// edited by hand\n");
    writeFileSync(join(out, "subjects.js.new"), "// replaced by hand\n");
    renameSync(join(out, "subjects.js.new"), join(out, "subjects.js"));
    rmSync(join(out, "streams.js"));
    const mark = w.mark();
    editJson("queue/paused/1.0.json", (s) => (s.description = "Third save."), schemas);
    expect(await w.settled(RUN_ENDED, mark), w.output().slice(mark)).toMatch(/generated \d+ files/);
    const expected = await renderPackage({ schemas, out: join(dir, "unused") });
    const written = readTree(out);
    expect([...written.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, content] of expected) expect(written.get(path), path).toBe(content);
    w.child.kill("SIGINT");
    expect(await w.exited).toBe(0);
    expect(readdirSync(dir).filter((name) => name.startsWith(".out."))).toEqual([]);
  }, 180_000);
});
