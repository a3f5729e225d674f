/**
 * `index.js` and `index.d.ts` joined from per-event fragments (emit/package/index-fragments.ts):
 * after each kind of edit, the files equal the whole templates rendered without any fragment, and
 * exactly the events whose fragment depends on the edited input are rendered again, whether the
 * fragments were kept in a session's memory or in the disk cache by another process.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GeneratorCache } from "../../generator/cache/generator-cache.js";
import { emitPackageFiles } from "../../generator/emit/package-files.js";
import { indexFragmentStore, joinIndexFiles, KeptFragments, readsNoList, type FragmentStore } from "../../generator/emit/package/index-fragments.js";
import { createTemplates, type TemplateSet } from "../../generator/emit/templates.js";
import { validatorExports } from "../../generator/emit/validators.js";
import { checkRegistryAt } from "../../generator/front-end/front-end.js";
import { shippedDependencies } from "../../generator/load/shipped-dependencies.js";
import { readTemplates } from "../../generator/load/templates.js";
import { REPO_ROOT } from "../support/bin.js";
import { editJson } from "../support/edit-json.js";

const FIXTURE = join(REPO_ROOT, "test/fixtures/good/features");
const tmp = mkdtempSync(join(tmpdir(), "jetschema-index-fragments-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const builtIn = createTemplates(readTemplates());

/** The store, counting the events whose fragment a run rendered (a fragment is set only when it was not found). */
const counting = (store: FragmentStore) => {
  const counted = { rendered: 0, store: { ...store, set: (key: string, f: Parameters<FragmentStore["set"]>[1]) => (counted.rendered++, store.set(key, f)) } };
  return counted;
};
const emit = (schemas: string, store?: FragmentStore, templates: TemplateSet = builtIn) => {
  const { model, schemas: set } = checkRegistryAt(schemas, { standalone: true });
  return emitPackageFiles(model, validatorExports(model, set.modules()), templates, shippedDependencies(), true, undefined, undefined, store);
};
const copyFixture = () => {
  const schemas = mkdtempSync(join(tmp, "case-"));
  cpSync(FIXTURE, schemas, { recursive: true });
  return schemas;
};
const renameDataField = (s: string) => {
  editJson(join(s, "registry.json"), (v) => (v.envelope.fields.data = "payload"));
  editJson(join(s, "envelope.schema.json"), (v) => {
    v.required = v.required.map((name: string) => (name === "data" ? "payload" : name));
    v.properties.payload = v.properties.data;
    delete v.properties.data;
  });
};
const newEvent = (s: string) => {
  mkdirSync(join(s, "order/cancelled"));
  cpSync(join(s, "order/shipped/1.0.json"), join(s, "order/cancelled/1.0.json"));
};

/** given: an edit between two runs; want: how many of the events' fragments the second run renders (the fixture has two events). */
const cases: { given: string; edit: (schemas: string) => void; rendered: number }[] = [
  { given: "nothing changed", edit: () => undefined, rendered: 0 },
  { given: "one event's description (its doc line)", edit: (s) => editJson(join(s, "order/shipped/1.0.json"), (v) => (v.description = "Shipped, edited.")), rendered: 1 },
  { given: "a new minor of one event (its version union)", edit: (s) => cpSync(join(s, "order/shipped/1.0.json"), join(s, "order/shipped/1.1.json")), rendered: 1 },
  { given: "an event's type (x-type)", edit: (s) => editJson(join(s, "order/placed/1.0.json"), (v) => (v["x-type"] = "shop.order.placed.edited")), rendered: 2 },
  { given: "a shared definition (a file that is not an event version)", edit: (s) => editJson(join(s, "defs/money.json"), (v) => (v.description = "Money, edited.")), rendered: 2 },
  { given: "a context field added to the envelope (every publish signature)", edit: (s) => editJson(join(s, "envelope.schema.json"), (v) => (v.properties.region = { type: "string" })), rendered: 2 },
  { given: "registry.json: the envelope's data field renamed (read by every block through ../fieldKeys)", edit: renameDataField, rendered: 2 },
  { given: "registry.json: a stream's limits (in every event's inputs)", edit: (s) => editJson(join(s, "registry.json"), (v) => (v.streams.ORDERS.max_age = "7d")), rendered: 2 },
  { given: "a new event (every event's names)", edit: newEvent, rendered: 3 },
];

describe("index.* joined from per-event fragments", () => {
  describe.each([
    { kept: "in a session's memory", stores: () => { const kept = new KeptFragments(); return { first: kept.over(undefined), second: () => (kept.endRun(), kept.over(undefined)) }; } },
    {
      kept: "in the disk cache, read by another process",
      stores: () => {
        const dir = mkdtempSync(join(tmp, "cache-"));
        const table = () => new GeneratorCache({ dir }).packageFragments(dir);
        const first = new GeneratorCache({ dir });
        const flushAfter = (store: FragmentStore): FragmentStore => ({ ...store, done: () => (store.done(), first.store.flush()) });
        return { first: flushAfter(indexFragmentStore(undefined, first.packageFragments(dir))!), second: () => indexFragmentStore(undefined, table())! };
      },
    },
  ])("kept $kept", ({ stores }) => {
    it.each(cases)("$given: renders $rendered event(s), and the files equal the templates rendered whole", ({ edit, rendered }) => {
      const schemas = copyFixture();
      const { first, second } = stores();
      const before = counting(first);
      emit(schemas, before.store);
      expect(before.rendered).toBe(2);
      edit(schemas);
      const after = counting(second());
      const joined = emit(schemas, after.store);
      const whole = emit(schemas);
      expect(after.rendered).toBe(rendered);
      expect(joined.files).toEqual(whole.files);
      expect(joined.laidOut).toEqual(whole.laidOut);
    });
  });

  it("a run joining the same texts as the last run gives its files again; a changed text is joined anew", () => {
    const schemas = copyFixture();
    cpSync(join(schemas, "order/shipped/1.0.json"), join(schemas, "order/shipped/1.1.json"));
    const kept = new KeptFragments();
    const run = () => {
      const files = emit(schemas, kept.over(undefined)).files;
      kept.endRun();
      return files.get("index.d.ts")!;
    };
    const first = run();
    editJson(join(schemas, "order/shipped/1.0.json"), (v) => (v.description = "Not the latest: index.* prints the latest's."));
    expect(run()).toBe(first);
    expect(run()).toBe(first);
    editJson(join(schemas, "order/shipped/1.1.json"), (v) => (v.description = "The latest, edited."));
    const edited = run();
    expect(edited).not.toBe(first);
    expect(edited).toContain("The latest, edited.");
    expect(edited).toBe(emit(schemas).files.get("index.d.ts"));
  });

  it("an event's description changes only that event's lines of index.d.ts", () => {
    const schemas = copyFixture();
    const kept = new KeptFragments();
    const before = emit(schemas, kept.over(undefined)).files.get("index.d.ts")!.split("\n");
    kept.endRun();
    editJson(join(schemas, "order/shipped/1.0.json"), (v) => (v.description = "Shipped, edited."));
    const after = emit(schemas, kept.over(undefined)).files.get("index.d.ts")!.split("\n");
    expect(after.length).toBe(before.length);
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((line) => line.includes("Shipped, edited."))).toBe(true);
  });
});

/** given: an override of index.d.ts.hbs; want: whether it is joined from fragments (else rendered whole), and the same files either way. */
const overrides: { given: string; edit: (text: string) => string; joined: boolean }[] = [
  { given: "a comment added in a block", edit: (t) => t.replace("export interface Events {\n", "export interface Events {\n  // per major\n"), joined: true },
  { given: "a block reading the data beside it (../namespace)", edit: (t) => t.replace("/** {{{docLine}}} */", "/** {{{docLine}}} ({{../namespace}}) */"), joined: true },
  { given: "a block reading its item's place (@index)", edit: (t) => t.replace("/** {{{docLine}}} */", "/** {{{docLine}}} #{{@index}} */"), joined: false },
  { given: "a block with {{else}}", edit: (t) => t.replace("{{{importLine}}}\n{{/each}}", "{{{importLine}}}\n{{else}}\n// none\n{{/each}}"), joined: false },
  { given: "a list read outside its block", edit: (t) => t.replace("export type EventName", "// {{majors.length}} majors\nexport type EventName"), joined: false },
  { given: "the whole data read outside a block", edit: (t) => t.replace("export type EventName", "// {{#with this}}{{namespace}}{{/with}}\nexport type EventName"), joined: false },
];

describe("a user's index.d.ts template", () => {
  it("the built-in package.json.hbs reads neither list (the emitter joins the fragments without asking)", () => {
    expect(readsNoList(builtIn, "package/package.json.hbs")).toBe(true);
  });


  it.each(overrides)("$given: joined from fragments: $joined; the files a run without fragments writes", ({ edit, joined }) => {
    const schemas = copyFixture();
    const dir = mkdtempSync(join(tmp, "templates-"));
    mkdirSync(join(dir, "package"));
    writeFileSync(join(dir, "package/index.d.ts.hbs"), edit(builtIn.source("package/index.d.ts.hbs")));
    const templates = createTemplates(readTemplates(dir));
    expect(templates.segments("package/index.d.ts.hbs", ["majors", "events"]) !== undefined).toBe(joined);
    const kept = new KeptFragments();
    const counted = counting(kept.over(undefined));
    const first = emit(schemas, counted.store, templates);
    expect(counted.rendered).toBe(joined ? 2 : 0);
    expect(first.files).toEqual(emit(schemas, undefined, templates).files);
  });

  it("a text between blocks holding the marker of a block's place cannot be cut apart: not joined (rendered whole by the emitter)", () => {
    const texts = new Map([
      ["package/index.js.hbs", "// {{namespace}}\n{{#each majors}}{{name}}\n{{/each}}"],
      ["package/index.d.ts.hbs", "{{#each events}}{{name}}\n{{/each}}"],
    ]);
    const templates = createTemplates({ texts, overridden: new Set(texts.keys()) });
    const items = () => ({ majors: [{ data: { name: "placed" }, exact: { js: true, dts: true } }], event: { name: "order.placed" } });
    const join = (namespace: string) => joinIndexFiles(templates, { namespace }, ["order.placed"], () => "inputs", items, new KeptFragments().over(undefined));
    expect(join("shop")).toMatchObject({ js: "// shop\nplaced\n" });
    expect(join("shop\u0000jetschema: a block's place\u0000")).toBeUndefined();
  });

  it("a template edited between two runs renders every event again", () => {
    const schemas = copyFixture();
    const dir = mkdtempSync(join(tmp, "templates-"));
    mkdirSync(join(dir, "package"));
    writeFileSync(join(dir, "package/index.d.ts.hbs"), overrides[0]!.edit(builtIn.source("package/index.d.ts.hbs")));
    const templates = createTemplates(readTemplates(dir));
    const kept = new KeptFragments();
    emit(schemas, kept.over(undefined));
    kept.endRun();
    const counted = counting(kept.over(undefined));
    const joined = emit(schemas, counted.store, templates);
    expect(counted.rendered).toBe(2);
    expect(joined.files.get("index.d.ts")).toContain("// per major");
    expect(joined.files).toEqual(emit(schemas, undefined, templates).files);
  });

  /** given: what a block reads beside its item, changed between two runs of the same events' inputs; want: every event rendered again. */
  it.each([
    { given: "../namespace", block: "{{#each majors}}{{name}} in {{../namespace}}\n{{/each}}" },
    { given: "@root.namespace", block: "{{#each majors}}{{name}} in {{@root.namespace}}\n{{/each}}" },
  ])("a block reading $given beside its item is rendered again when that changes", ({ block }) => {
    const texts = new Map([
      ["package/index.js.hbs", block],
      ["package/index.d.ts.hbs", "{{#each events}}{{name}}\n{{/each}}"],
    ]);
    const templates = createTemplates({ texts, overridden: new Set(texts.keys()) });
    const kept = new KeptFragments();
    const items = () => ({ majors: [{ data: { name: "placed" }, exact: { js: true, dts: true } }], event: { name: "order.placed" } });
    const run = (namespace: string) => {
      const counted = counting(kept.over(undefined));
      const files = joinIndexFiles(templates, { namespace }, ["order.placed"], () => "the same inputs", items, counted.store);
      kept.endRun();
      return { files, rendered: counted.rendered };
    };
    expect(run("shop")).toMatchObject({ rendered: 1, files: { js: "placed in shop\n", dts: "order.placed\n" } });
    expect(run("shop")).toMatchObject({ rendered: 0, files: { js: "placed in shop\n" } });
    expect(run("store")).toMatchObject({ rendered: 1, files: { js: "placed in store\n" } });
  });
});
