/**
 * A watch session's sweep ahead (GenerateSession.sweepAhead): the `stat` calls of a run, made
 * while the watch waits out a burst of changes, and taken by the next run instead of its own.
 * What the sweep saw change must reach the output (a folder's new entries, a file renamed over),
 * and so must what changes after it where the sweep cannot vouch for it: a file the watcher named
 * (its folders are listed again), a file or folder of the swapped-out tree removed or replaced, a
 * folder changed just before the sweep. Each case's run writes what a fresh full generate writes,
 * byte for byte. One change is the sweep's blind spot by its contract, and shows the run took the
 * sweep's identities: a file rewritten in place that no watcher reported (a registry file, or an
 * output file edited by hand), which the run after the next sweep sees. */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate-run.js";
import { GenerateSession } from "../../generator/generate-session.js";
import { StageTimings } from "../../generator/base/timings.js";
import { SETTLED_NS } from "../../generator/load/stat-record.js";
import { renderPackage } from "../../generator/pipeline.js";
import { editJson } from "../support/edit-json.js";
import { REPO_ROOT } from "../support/bin.js";
import { readTree } from "../support/tree.js";

const FIXTURE = join(REPO_ROOT, "test/fixtures/good/features");
const EDITED = "order/shipped/1.0.json";
/** The catalog page of an event no save edits: the output's file that cases change by hand. */
const PAGE = "docs/events/order.placed.md";
const tmp = mkdtempSync(join(tmpdir(), "jetschema-sweep-ahead-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A session that has run twice (so a swapped-out tree is kept) on a registry settled long enough
 * for its folder listings to be trusted (load/folder-listings.ts), the output's folders left long
 * enough for the sweep to take them as they are (write/output-dir.ts).
 */
async function watched() {
  const root = mkdtempSync(join(tmp, "case-"));
  const schemas = join(root, "schemas");
  const out = join(root, "out");
  cpSync(FIXTURE, schemas, { recursive: true });
  await sleep(Number(SETTLED_NS / 1_000_000n) + 100);
  const session = new GenerateSession();
  const options = { schemas, out, cache: { dir: join(root, "cache") } };
  await generate(options, session);
  await save(session, schemas, "First save.");
  await generate(options, session);
  await sleep(250);
  const retired = session.output?.retired;
  if (!retired) throw new Error("the session kept no swapped-out tree");
  return { schemas, out, session, retired, options, run: () => generate(options, session) };
}

/** An editor's save of EDITED's description, the watcher telling the session. */
function save(session: GenerateSession, schemas: string, description: string): void {
  editJson(join(schemas, EDITED), (s) => (s.description = description));
  session.named.add(EDITED);
}

/** An editor's atomic save: the new text written beside the file, then renamed over it. */
function renameOver(file: string, description: string): void {
  const saved = `${file}.tmp`;
  writeFileSync(saved, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), description }, null, 2));
  renameSync(saved, file);
}

async function expectFreshOutput(schemas: string, out: string, given: string): Promise<void> {
  const expected = await renderPackage({ schemas, out: join(tmp, "unused") });
  const written = readTree(out);
  expect([...written.keys()].sort(), given).toEqual([...expected.keys()].sort());
  for (const [path, content] of expected) expect(written.get(path), `${given}: ${path}`).toBe(content);
}

interface Case {
  given: string;
  /** Done before the sweep (nothing when absent). */
  before?: (w: Awaited<ReturnType<typeof watched>>) => void;
  /** Done after the sweep, before the run. */
  after: (w: Awaited<ReturnType<typeof watched>>) => void;
}

const cases: Case[] = [
  {
    given: "a registry file saved again after the sweep, the watcher naming it",
    after: ({ session, schemas }) => save(session, schemas, "Saved again after the sweep."),
  },
  {
    given: "a new event's folder and file made after the sweep, the watcher naming the file",
    after: ({ session, schemas }) => {
      mkdirSync(join(schemas, "order/cancelled"));
      const placed = JSON.parse(readFileSync(join(schemas, "order/placed/1.0.json"), "utf8")) as Record<string, unknown>;
      writeFileSync(join(schemas, "order/cancelled/1.0.json"), JSON.stringify({ ...placed, title: "Order Cancelled", description: "Made after the sweep." }, null, 2));
      session.named.add("order/cancelled/1.0.json");
    },
  },
  {
    given: "a registry file renamed over before the sweep, unreported (its folder changed)",
    before: ({ schemas }) => renameOver(join(schemas, "order/placed/1.0.json"), "Renamed over before the sweep."),
    after: () => undefined,
  },
  {
    given: "a new minor version added before the sweep, unreported (its folder changed)",
    before: ({ schemas }) => {
      const placed = JSON.parse(readFileSync(join(schemas, "order/placed/1.0.json"), "utf8")) as Record<string, unknown>;
      writeFileSync(join(schemas, "order/placed/1.1.json"), JSON.stringify({ ...placed, description: "A minor added before the sweep." }, null, 2));
    },
    after: () => undefined,
  },
  {
    given: "a file of the swapped-out tree removed after the sweep, at the tree's top",
    after: ({ retired }) => rmSync(join(retired, "runtime.js")),
  },
  {
    given: "a file of the swapped-out tree removed after the sweep, in a folder",
    after: ({ retired }) => rmSync(join(retired, "docs/events/order.placed.md")),
  },
  {
    given: "a folder of the swapped-out tree replaced by an empty one after the sweep",
    after: ({ retired }) => {
      rmSync(join(retired, "load"), { recursive: true });
      mkdirSync(join(retired, "load"));
    },
  },
  {
    // Changed in the same tick as the sweep, a folder's times could miss a later change.
    given: "a folder of the swapped-out tree changed just before the sweep, a file in it edited by hand after",
    before: ({ retired }) => chmodSync(join(retired, "docs/events"), 0o755),
    after: ({ retired }) => writeFileSync(join(retired, PAGE), "edited by hand\n"),
  },
];

/** Changes after the sweep that no watcher reported: the run keeps what the sweep saw (`stale` checks PAGE). */
const blindSpots: Array<Omit<Case, "after"> & { rewrite: Case["after"]; stale: (page: string | undefined) => void }> = [
  {
    given: "a registry file rewritten in place after it, unreported",
    rewrite: ({ schemas }) => editJson(join(schemas, "order/placed/1.0.json"), (s) => (s.description = "Rewritten in place after the sweep.")),
    stale: (page) => expect(page).not.toContain("Rewritten in place after the sweep"),
  },
  {
    // The tree's own folder changed a moment ago, as the last swap renames it: its folders are still taken as swept.
    given: "an output file edited by hand in place after it (a link of the swapped-out tree's)",
    before: ({ retired }) => chmodSync(retired, 0o755),
    rewrite: ({ retired }) => writeFileSync(join(retired, PAGE), "edited by hand\n"),
    stale: (page) => expect(page).toBe("edited by hand\n"),
  },
];

/** A session that saved again, `before` done, swept, `after` done, then ran. */
async function runAfterSweep({ before, after }: Pick<Case, "before" | "after">) {
  const w = await watched();
  save(w.session, w.schemas, "Saved before the sweep.");
  before?.(w);
  w.session.sweepAhead();
  after(w);
  return { ...w, result: await w.run() };
}

describe("a run after the session's sweep ahead", () => {
  it.each(cases)("writes what a fresh generate writes, given $given", async (c) => {
    const w = await runAfterSweep(c);
    expect(w.result.upToDate).toBe(false);
    await expectFreshOutput(w.schemas, w.out, c.given);
  }, 60_000);

  it.each(blindSpots)("takes the sweep's identities: $given, the run after the next save writes it again", async (c) => {
    const w = await runAfterSweep({ ...c, after: c.rewrite });
    c.stale(readTree(w.out).get(PAGE));
    save(w.session, w.schemas, "Saved once more.");
    w.session.sweepAhead();
    await w.run();
    await expectFreshOutput(w.schemas, w.out, "the next save");
  }, 60_000);

  it("is reported by --timings as made ahead, outside the run's total; a run without one reports none", async () => {
    const w = await watched();
    const timed = async () => {
      const timings = new StageTimings();
      await generate({ ...w.options, timings }, w.session);
      return timings.report();
    };
    save(w.session, w.schemas, "Saved before the sweep.");
    w.session.sweepAhead();
    expect(await timed()).toMatch(/\n {2}stat calls made ahead +\d+ ms {2}in the quiet wait, before the run: not in the total/);
    save(w.session, w.schemas, "Saved without a sweep.");
    expect(await timed()).not.toMatch(/made ahead/);
  }, 60_000);

  it("is not taken by a run it was not made for: the session's registry read since", async () => {
    const w = await watched();
    w.session.sweepAhead();
    save(w.session, w.schemas, "A run between the sweep and this one.");
    await w.run();
    const placed = join(w.schemas, "order/placed/1.0.json");
    editJson(placed, (s) => (s.description = "Rewritten in place, unreported, after the run between."));
    save(w.session, w.schemas, "Saved again.");
    await w.run();
    await expectFreshOutput(w.schemas, w.out, "a stale sweep");
  }, 60_000);
});
