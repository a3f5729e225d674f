/**
 * The catalog rendered beside the compile (emitDocsAsReported): the pages that validate nothing
 * at once, an event's page only once every schema file of its versions is reported, the same
 * pages as emitDocs once all are, and none after the run is stopped.
 */
import { describe, expect, it } from "vitest";
import { emitDocs, emitDocsAsReported } from "../../generator/emit/catalog/emit-catalog.js";
import { eventPage } from "../../generator/emit/catalog/anchors.js";
import { createTemplates } from "../../generator/emit/templates.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { readTemplates } from "../../generator/load/templates.js";

/** A `reported` this test settles file by file. */
function reports() {
  const settle = new Map<string, () => void>();
  const promises = new Map<string, Promise<void>>();
  const of = (file: string) => {
    if (!promises.has(file)) promises.set(file, new Promise<void>((resolve) => settle.set(file, resolve)));
    return promises.get(file)!;
  };
  return { reported: of, report: (file: string) => (of(file), settle.get(file)!()) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

function setUp() {
  const { model, schemas } = checkRegistryAt("schemas", { standalone: true });
  const templates = createTemplates(readTemplates());
  const files = new Map<string, string>();
  return { model, schemas, templates, files, target: { set: (path: string, text: string) => files.set(path, text) } };
}

describe("the catalog as the compile reports", () => {
  it("renders the index and the definitions at once, an event's page once its versions are reported, then the same pages as emitDocs", async () => {
    const { model, schemas, templates, files, target } = setUp();
    const { reported, report } = reports();
    const done = emitDocsAsReported(target, model, schemas, templates, reported, new AbortController().signal);
    await turn();
    const eventPaths = model.events.map((e) => `docs/${eventPage(e.name)}`);
    expect(eventPaths.length).toBeGreaterThan(1);
    expect(files.has("docs/README.md")).toBe(true);
    expect(eventPaths.filter((p) => files.has(p))).toEqual([]);

    const [first, ...rest] = model.events;
    const firstFiles = first!.majors.flatMap((m) => m.versions.map((v) => v.file));
    for (const file of firstFiles.slice(0, -1)) report(file);
    await turn();
    expect(eventPaths.filter((p) => files.has(p))).toEqual([]);
    report(firstFiles.at(-1)!);
    await turn();
    expect(eventPaths.filter((p) => files.has(p))).toEqual([`docs/${eventPage(first!.name)}`]);

    for (const event of rest) for (const m of event.majors) for (const v of m.versions) report(v.file);
    await done;
    expect(new Map([...files].sort())).toEqual(new Map([...emitDocs(model, schemas, templates)].sort()));
  });

  it("renders no event page once stopped", async () => {
    const { model, schemas, templates, files, target } = setUp();
    const { reported, report } = reports();
    const stop = new AbortController();
    const done = emitDocsAsReported(target, model, schemas, templates, reported, stop.signal);
    const before = files.size;
    stop.abort();
    for (const event of model.events) for (const m of event.majors) for (const v of m.versions) report(v.file);
    await done;
    expect(files.size).toBe(before);
    expect([...files.keys()].filter((p) => p.startsWith("docs/events/"))).toEqual([]);
  });
});
