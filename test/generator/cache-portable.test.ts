/**
 * A cache restored elsewhere keeps its value (generator/cache: no key holds an absolute path but
 * the output record's). A project generated at one path, its registry, cache and (when committed)
 * output copied to another path as a fresh clone has them (new inodes and times): the run there
 * checks no registry file against its meta-schemas again, compiles no validator, and writes the
 * same bytes; an edit there still regenerates what it changes. What the cache served and missed
 * is read from what `--timings` reports (StageTimings.cache).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkGenerated, generate } from "../../generator/generate-run.js";
import { renderPackage } from "../../generator/pipeline.js";
import { StageTimings, type CacheUse } from "../../generator/base/timings.js";
import { readTree } from "../support/tree.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-cache-portable-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;

interface Project {
  root: string;
  schemas: string;
  out: string;
  cache: string;
  templates?: string;
}

/** A project folder laid out as a user's: the registry, the output, the cache where it goes by default. */
function projectAt(root: string, withTemplates: boolean): Project {
  return {
    root,
    schemas: join(root, "schemas"),
    out: join(root, "generated"),
    cache: join(root, "node_modules", ".cache", "jetschema"),
    ...(withTemplates ? { templates: join(root, "templates") } : {}),
  };
}

async function generateIn(p: Project): Promise<{ upToDate: boolean; use: CacheUse; report: string }> {
  const timings = new StageTimings();
  const { upToDate } = await generate({ schemas: p.schemas, out: p.out, ...(p.templates ? { templates: p.templates } : {}), cache: { dir: p.cache }, timings });
  return { upToDate, use: timings.cache!, report: timings.report() };
}

/** Generated at A; then registry, templates, cache and (`committedOutput`) output copied to B as a clone and a restored cache have them; A is gone. */
async function movedProject(given: { committedOutput: boolean; templates: boolean }): Promise<{ at: Project; outputAtA: Map<string, string> }> {
  const a = projectAt(join(tmp, `a-${counter}`), given.templates);
  const b = projectAt(join(tmp, `elsewhere-${counter++}`, "b"), given.templates);
  cpSync("schemas", a.schemas, { recursive: true });
  if (a.templates) {
    mkdirSync(join(a.templates, "docs"), { recursive: true });
    writeFileSync(join(a.templates, "docs/event.md.hbs"), readFileSync("templates/docs/event.md.hbs", "utf8").replace(/\n/, "\n\n_Our template._\n"));
  }
  await generateIn(a);
  const outputAtA = readTree(a.out);
  // cpSync keeps no times: every file of B is new on disk, as a checkout's are.
  cpSync(a.schemas, b.schemas, { recursive: true });
  if (a.templates) cpSync(a.templates, b.templates!, { recursive: true });
  if (given.committedOutput) cpSync(a.out, b.out, { recursive: true });
  cpSync(a.cache, b.cache, { recursive: true, preserveTimestamps: true });
  rmSync(a.root, { recursive: true, force: true });
  return { at: b, outputAtA };
}

const registryFiles = 24;

describe("a project and its cache moved to another path", () => {
  const cases: Array<{ given: { committedOutput: boolean; templates: boolean }; want: { upToDate: boolean; missed: Record<string, number> } }> = [
    // The manifest names files by their paths inside the registry: the committed output is up to date, nothing is rendered.
    // The output record, a record of inodes at A, is missed: every file is read and compared by content.
    { given: { committedOutput: true, templates: false }, want: { upToDate: true, missed: { "output-record": 1 } } },
    { given: { committedOutput: true, templates: true }, want: { upToDate: true, missed: { "output-record": 1 } } },
    // Rendered again from the cache: only the output record (a record of inodes at A) is missed.
    { given: { committedOutput: false, templates: false }, want: { upToDate: false, missed: { "output-record": 1 } } },
    { given: { committedOutput: false, templates: true }, want: { upToDate: false, missed: { "output-record": 1 } } },
  ];
  for (const { given, want } of cases) {
    it(`output ${given.committedOutput ? "committed" : "not committed"}${given.templates ? ", with --templates" : ""}: ${want.upToDate ? "up to date" : "rendered from the cache"}, the same bytes`, async () => {
      const { at, outputAtA } = await movedProject(given);
      const run = await generateIn(at);
      expect(run.upToDate).toBe(want.upToDate);
      expect(run.use.missed).toEqual(want.missed);
      if (!want.upToDate) {
        expect(run.use.metaSchemaChecks).toEqual({ files: registryFiles, checked: 0 });
        expect(run.report).toContain(`registry files checked against their meta-schemas: 0 of ${registryFiles}`);
        expect(run.use.served.validators).toBeGreaterThan(0);
      }
      expect(readTree(at.out)).toEqual(outputAtA);
    });
  }

  it("generate --check at the new path (the CI recipe's step) answers from the manifest: nothing rendered", async () => {
    const { at } = await movedProject({ committedOutput: true, templates: false });
    const timings = new StageTimings();
    expect(await checkGenerated({ schemas: at.schemas, out: at.out, cache: { dir: at.cache }, timings })).toEqual([]);
    expect(timings.cache).toMatchObject({ served: { manifest: 1 }, missed: {} });
  });

  it("an edit at the new path regenerates the edited event: one file checked, the output an uncached run's", async () => {
    const { at, outputAtA } = await movedProject({ committedOutput: true, templates: false });
    const file = join(at.schemas, "queue/paused/1.0.json");
    const schema = JSON.parse(readFileSync(file, "utf8"));
    schema.description = "Admission from a queue was paused (edited after the move).";
    writeFileSync(file, JSON.stringify(schema, null, 2) + "\n");
    const run = await generateIn(at);
    expect(run.upToDate).toBe(false);
    expect(run.use.metaSchemaChecks).toEqual({ files: registryFiles, checked: 1 });
    const uncached = await renderPackage({ schemas: at.schemas, out: at.out });
    const written = readTree(at.out);
    expect(written).toEqual(uncached);
    const changed = [...written].filter(([path, text]) => outputAtA.get(path) !== text).map(([path]) => path);
    expect(changed).toContain("docs/events/queue.paused.md");
  });
});
