/**
 * The previous AsyncAPI document and its layout (emit/asyncapi/document-layout.ts): a separate
 * process takes every section whose key or JSON is unchanged from the document the output holds,
 * reads no event's sections from the cache, and writes the document an uncached run writes. A
 * layout that does not fit the document, or a document that is not the one recorded, is not used.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { ASYNCAPI_PATH, asyncApiYaml, cachedAsyncApi } from "../../generator/emit/asyncapi/emit-asyncapi.js";
import { DocumentLayouts, type LayoutStore } from "../../generator/emit/asyncapi/document-layout.js";
import type { EventSectionStore } from "../../generator/emit/asyncapi/event-sections.js";
import type { SectionStore } from "../../generator/emit/asyncapi/yaml-sections.js";
import { generate } from "../../generator/generate-run.js";
import { renderPackage } from "../../generator/pipeline.js";
import { CacheStore } from "../../generator/cache/disk-store.js";

const REGISTRY = "examples/slotwise";
const EVENTS = 8;
const tmp = mkdtempSync(join(tmpdir(), "jetschema-document-layout-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
let counter = 0;

function editJson(path: string, edit: (value: any) => void): void {
  const value = JSON.parse(readFileSync(path, "utf8"));
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

/** The stores of one cache directory, in memory, counting what a run reads from them. */
function stores() {
  const events = new Map<string, string>();
  const sections = new Map<string, string>();
  const layouts = new Map<string, string>();
  const reads = { events: 0, sections: 0 };
  return {
    layouts,
    reads,
    event: { get: (key) => (reads.events++, events.get(key)), set: (key, text) => void events.set(key, text) } satisfies EventSectionStore,
    section: { get: (json) => (reads.sections++, sections.get(json)), set: (json, text) => void sections.set(json, text) } satisfies SectionStore,
    layout: { get: (digest) => layouts.get(digest), set: (digest, layout) => void layouts.set(digest, layout) } satisfies LayoutStore,
  };
}

/** A process writing the document as a separate `generate` does: the previous document (`text`, named `digest`) and its layout. */
function written(model: ReturnType<typeof checkRegistryAt>["model"], s: ReturnType<typeof stores>, previous?: { digest: string; text: string | undefined }) {
  s.reads.events = s.reads.sections = 0;
  const layouts = new DocumentLayouts(s.layout, previous);
  const text = asyncApiYaml(model, cachedAsyncApi(s.section, s.event, layouts));
  const digest = `document ${counter++}`;
  layouts.written(digest);
  return { text, digest };
}

const edits: Array<{ given: string; edit: (dir: string) => void; made: number }> = [
  { given: "nothing edited", edit: () => undefined, made: 0 },
  {
    given: "one event's schema edited",
    edit: (dir) => editJson(join(dir, "payment/transaction/failed/1.0.json"), (s) => (s.properties.retryable = { type: "boolean", description: "Whether to try again." })),
    made: 1,
  },
  { given: "one event's title edited", edit: (dir) => editJson(join(dir, "payment/transaction/failed/1.0.json"), (s) => (s.title = "Payment Declined")), made: 1 },
  { given: "a shared definition edited (every event's key)", edit: (dir) => editJson(join(dir, "defs/common.json"), (s) => (s.$defs.Id.maxLength = 64)), made: EVENTS },
  { given: "the registry's description edited (info, and every event's key)", edit: (dir) => editJson(join(dir, "registry.json"), (r) => (r.description = "Edited description.")), made: EVENTS },
  { given: "an event added (every event's names)", edit: (dir) => cpSync(join(dir, "business/service/updated"), join(dir, "business/service/archived"), { recursive: true }), made: EVENTS + 1 },
];

describe("the previous document's sections, by its layout", () => {
  it.each(edits)("$given: the document is the uncached one; $made event(s) made, no unchanged one read from the cache", ({ given, edit, made }) => {
    const dir = join(tmp, given.replace(/\W+/g, "-"));
    cpSync(REGISTRY, dir, { recursive: true });
    const s = stores();
    const first = written(checkRegistryAt(dir).model, s);
    expect(s.layouts.has(first.digest)).toBe(true);
    edit(dir);
    const { model } = checkRegistryAt(dir);
    const next = written(model, s, { digest: first.digest, text: first.text });
    expect(next.text).toBe(asyncApiYaml(model));
    // The events whose sections are made are the ones the cache is asked for (and misses).
    expect(s.reads.events).toBe(made);
    // Unchanged: every section known by its JSON taken from the previous document too.
    if (made === 0) expect(s.reads.sections).toBe(0);
    // The next process finds this run's layout.
    expect(s.layouts.has(next.digest)).toBe(true);
  });

  it.each([
    { given: "the document is not the one recorded (edited by hand)", previous: (p: { text: string; digest: string }) => ({ digest: p.digest, text: undefined }) },
    { given: "the document is shorter than its layout says", previous: (p: { text: string; digest: string }) => ({ digest: p.digest, text: p.text.slice(1) }) },
    { given: "no layout under the document's digest", previous: (p: { text: string; digest: string }) => ({ digest: "another", text: p.text }) },
  ])("$given: the layout is not used, the cache serves as before", ({ previous }) => {
    const { model } = checkRegistryAt(REGISTRY);
    const s = stores();
    const first = written(model, s);
    const next = written(model, s, previous(first));
    expect(next.text).toBe(first.text);
    expect(s.reads.events).toBe(EVENTS);
  });

  it.each([
    { given: "a layout that is not JSON", damage: (layout: string) => "{" + layout },
    { given: "a layout whose section lies beyond the document", damage: (layout: string) => layout.replace(/,(\d+)\]\]/, (_m, length) => `,${Number(length) + 10_000_000}]]`) },
    { given: "a layout naming a part that is not one", damage: (layout: string) => layout.replace('"schemas"', '"operations"') },
    { given: "a layout without its length", damage: (layout: string) => layout.replace(/^\{"length":\d+,/, "{") },
  ])("$given is not used: the cache serves as before", ({ damage }) => {
    const { model } = checkRegistryAt(REGISTRY);
    const s = stores();
    const first = written(model, s);
    const layout = s.layouts.get(first.digest)!;
    expect(damage(layout)).not.toBe(layout);
    s.layouts.set(first.digest, damage(layout));
    const next = written(model, s, first);
    expect(next.text).toBe(first.text);
    expect(s.reads.events).toBe(EVENTS);
  });
});

describe("generate takes the unchanged sections from the document the output holds", () => {
  const run = async (r: { schemas: string; out: string; cache: string }) => {
    const spy = vi.spyOn(CacheStore.prototype, "get");
    await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } });
    const reads = (kind: string) => spy.mock.calls.filter(([k]) => k === kind).length;
    const counted = { events: reads("asyncapi-events"), layouts: reads("asyncapi-layout") };
    spy.mockRestore();
    return counted;
  };
  const expectUncached = async (r: { schemas: string; out: string }) => {
    const uncached = (await renderPackage({ schemas: r.schemas, out: r.out })).get(ASYNCAPI_PATH);
    expect(readFileSync(join(r.out, ASYNCAPI_PATH), "utf8")).toBe(uncached);
  };

  it.each([
    { given: "the output untouched", between: () => undefined, events: 1 },
    // Same size, another time: the record's identity no longer holds; every event is read from the cache.
    { given: "the output's document edited by hand", between: (out: string) => writeFileSync(join(out, ASYNCAPI_PATH), readFileSync(join(out, ASYNCAPI_PATH), "utf8").replace("3.0.0", "3.0.1")), events: EVENTS },
    { given: "the output's document removed", between: (out: string) => rmSync(join(out, ASYNCAPI_PATH)), events: EVENTS },
  ])("after an edit, $given: the document equals an uncached run's, $events event(s) read from the cache", async ({ between, events }) => {
    const root = join(tmp, `generate-${counter++}`);
    const r = { schemas: join(root, "registry"), out: join(root, "out"), cache: join(root, "cache") };
    cpSync(REGISTRY, r.schemas, { recursive: true });
    await run(r);
    editJson(join(r.schemas, "payment/transaction/failed/1.0.json"), (s) => (s.title = "Payment Declined"));
    between(r.out);
    const counted = await run(r);
    expect(counted.events).toBe(events);
    await expectUncached(r);
    // And the process after it takes this one's layout.
    editJson(join(r.schemas, "payment/transaction/failed/1.0.json"), (s) => (s.title = "Payment Refused"));
    expect((await run(r)).events).toBe(1);
    await expectUncached(r);
  });
});
