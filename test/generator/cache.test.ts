/**
 * The generator cache never serves stale output: after every kind of change (a schema edited,
 * an event renamed or deleted, a template changed, a tool upgraded) a cached run produces exactly
 * what an uncached run produces, and a corrupted entry is refused, not served. The no-op manifest
 * notices any hand edit of the output. A large registry (validators split per domain) recompiles
 * only the module of the edited event.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeSyntheticRegistry } from "../../bench/synthetic-registry.js";
import { checkGenerated, generate } from "../../generator/generate-run.js";
import { renderPackage } from "../../generator/pipeline.js";
import { main } from "../../generator/cli/main.js";
import { defaultCacheDir } from "../../generator/cache/generator-cache.js";
import { CacheStore } from "../../generator/cache/disk-store.js";
import { SPLIT_MODULES_ABOVE } from "../../generator/validators/module-layout.js";
import { readTree } from "../support/tree.js";

const tmp = mkdtempSync(join(process.cwd(), "test", ".tmp-cache-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
function fresh(name: string): { schemas: string; out: string; cache: string; root: string } {
  const root = join(tmp, `${name}-${counter++}`);
  cpSync("schemas", join(root, "schemas"), { recursive: true });
  return { root, schemas: join(root, "schemas"), out: join(root, "out"), cache: join(root, "cache") };
}

/** Entry keys per kind: prettier, types, validators, verdicts, pages, manifest. */
function entries(cacheDir: string): Map<string, Set<string>> {
  const store = new CacheStore(cacheDir);
  const out = new Map<string, Set<string>>();
  for (const kind of safeList(cacheDir)) if (kind !== "last-prune") out.set(kind, store.keys(kind));
  return out;
}

/** The pack files of every kind. */
function packFiles(cacheDir: string): string[] {
  return safeList(cacheDir).flatMap((kind) => safeList(join(cacheDir, kind)).filter((n) => n.endsWith(".pack")).map((n) => join(cacheDir, kind, n)));
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function added(before: Map<string, Set<string>>, after: Map<string, Set<string>>, kind: string): number {
  return [...(after.get(kind) ?? [])].filter((n) => !before.get(kind)?.has(n)).length;
}

function expectSame(actual: Map<string, string>, expected: Map<string, string>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [path, content] of expected) expect(actual.get(path), `${path} differs from the uncached run`).toBe(content);
}

/** A cached generate into `out`, then the same registry rendered without any cache: must be identical. */
async function expectCachedRunMatches(r: { schemas: string; out: string; cache: string }, extra: { templates?: string; toolVersions?: Record<string, string> } = {}) {
  const { templates, toolVersions } = extra;
  await generate({ schemas: r.schemas, out: r.out, ...(templates ? { templates } : {}), cache: { dir: r.cache, ...(toolVersions ? { toolVersions } : {}) } });
  const uncached = await renderPackage({ schemas: r.schemas, out: r.out, ...(templates ? { templates } : {}) });
  expectSame(readTree(r.out), uncached);
}

function editJson(path: string, edit: (value: any) => void): void {
  const value = JSON.parse(readFileSync(path, "utf8"));
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

/** Replaces (or, with `to` undefined, removes) every string equal to `from` in registry.json. */
function renameInRegistry(schemas: string, from: string, to: string | undefined): void {
  const walk = (v: any): any => {
    if (Array.isArray(v)) return v.filter((x) => !(x === from && to === undefined)).map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v === from ? to : v;
  };
  editJson(join(schemas, "registry.json"), (reg) => Object.assign(reg, walk(reg)));
}

/** Rewrites every entry's payload with `poison`, through the store (so signed), so only a wrong key could serve it. */
function poisonEntries(cacheDir: string, poison: (kind: string, payload: string) => string): number {
  let n = 0;
  const store = new CacheStore(cacheDir);
  for (const [kind, keys] of entries(cacheDir)) {
    for (const key of keys) {
      store.set(kind, key, poison(kind, store.get(kind, key)!));
      n++;
    }
  }
  store.flush();
  return n;
}

const POISON = "/* POISONED CACHE ENTRY */";
const poisonAll = (kind: string, payload: string) => {
  if (kind === "verdicts") {
    // Every validation "failed": served, it would fail the run on its examples.
    const v = JSON.parse(payload) as Record<string, Record<string, unknown>>;
    for (const file of Object.values(v)) for (const d of Object.keys(file)) file[d] = [false, [{ instancePath: "", schemaPath: "#", keyword: "poison", params: {}, message: POISON }]];
    return JSON.stringify(v);
  }
  if (kind === "manifest") return payload;
  return `${payload}\n${POISON}\n`;
};

describe("generator cache: a cached run is an uncached run", () => {
  it("a first run with an empty cache, then a second one served from it, both equal the uncached output", async () => {
    const r = fresh("first");
    await expectCachedRunMatches(r);
    const before = entries(r.cache);
    for (const kind of ["types", "event-types", "validators", "verdicts", "pages", "manifest"]) expect(before.get(kind)?.size, kind).toBeGreaterThan(0);
    // Every file of this registry is written in prettier's layout: prettier has nothing to cache.
    expect(before.get("prettier")?.size ?? 0, "prettier").toBe(0);
    rmSync(r.out, { recursive: true });
    await expectCachedRunMatches(r);
    // Nothing new to compute: the second run only read entries.
    for (const kind of ["prettier", "types", "event-types", "validators", "verdicts", "pages"]) expect(added(before, entries(r.cache), kind), kind).toBe(0);
  });

  it("editing one schema: the output follows the edit, and only what the edit touches is recomputed", async () => {
    const r = fresh("edit");
    await expectCachedRunMatches(r);
    const before = entries(r.cache);
    editJson(join(r.schemas, "queue/paused/1.0.json"), (s) => {
      s.description = "Admission was paused (edited).";
      s.properties.note = { type: "string", maxLength: 40, description: "A new optional note." };
    });
    await expectCachedRunMatches(r);
    const after = entries(r.cache);
    expect(readFileSync(join(r.out, "types/queue.paused.d.ts"), "utf8")).toContain("note?: string");
    expect(added(before, after, "types")).toBe(1);
    expect(added(before, after, "validators")).toBe(1);
    // The event's .d.ts and index.d.ts are laid out as prettier would: nothing for prettier.
    expect(added(before, after, "prettier")).toBe(0);
    // The event's page and the index (its summary line): re-rendered; every other page served.
    expect(readFileSync(join(r.out, "docs/events/queue.paused.md"), "utf8")).toContain("A new optional note.");
    expect(added(before, after, "pages")).toBe(2);
  });

  it("editing an example only: the example check is recomputed, nothing is served from the old verdicts", async () => {
    const r = fresh("example");
    await expectCachedRunMatches(r);
    editJson(join(r.schemas, "queue/paused/1.0.json"), (s) => {
      s.examples[0].reason = "maintenance window (edited example)";
    });
    await expectCachedRunMatches(r);
    // An invalid example must fail the cached run exactly as it fails an uncached one.
    editJson(join(r.schemas, "queue/paused/1.0.json"), (s) => {
      s.examples[0].reason = "";
    });
    await expect(generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } })).rejects.toThrow(/Every example is valid against its schema/);
    await expect(renderPackage({ schemas: r.schemas, out: r.out })).rejects.toThrow(/Every example is valid against its schema/);
  });

  it("a file made invalid against its meta-schema is checked again, though files with its old bytes passed before", async () => {
    const r = fresh("meta");
    await expectCachedRunMatches(r);
    const original = readFileSync(join(r.schemas, "queue/paused/1.0.json"), "utf8");
    editJson(join(r.schemas, "queue/paused/1.0.json"), (s) => {
      s.properties.reason.type = "strin";
    });
    await expect(generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } })).rejects.toThrow(/Every schema is valid against its meta-schema/);
    writeFileSync(join(r.schemas, "queue/paused/1.0.json"), original);
    await expectCachedRunMatches(r);
  });

  it("a file given a duplicate key is refused, though a file of the same value without it passed before", async () => {
    const r = fresh("duplicate-key");
    await expectCachedRunMatches(r);
    const file = join(r.schemas, "queue/paused/1.0.json");
    const original = readFileSync(file, "utf8");
    // The same parsed value (JSON.parse keeps the last "type"), other bytes: only the text tells.
    writeFileSync(file, original.replace('"type": "object"', '"type": "object",\n  "type": "object"'));
    await expectSameFailure(r, /duplicate key "type"/);
    writeFileSync(file, original);
    await expectCachedRunMatches(r);
  });

  /** A cached run fails with exactly the message of an uncached one. */
  async function expectSameFailure(r: { schemas: string; out: string; cache: string }, rule: RegExp): Promise<void> {
    const uncached = await renderPackage({ schemas: r.schemas, out: r.out }).then(() => undefined, (err: Error) => err.message);
    expect(uncached).toMatch(rule);
    await expect(generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } })).rejects.toThrow(uncached);
  }

  it("a minor made incompatible, then compatible again: the compatibility findings follow the edit", async () => {
    const r = fresh("compat");
    await expectCachedRunMatches(r);
    const file = join(r.schemas, "position/admitted/1.1.json");
    const original = readFileSync(file, "utf8");
    editJson(file, (s) => {
      s.properties.note = { type: "string", maxLength: 40 };
      s.required.push("note");
      for (const example of s.examples) example.note = "a note";
    });
    await expectSameFailure(r, /A property became required without a default/);
    // Served from the findings of the run before: the same failure again.
    await expectSameFailure(r, /A property became required without a default/);
    editJson(join(r.schemas, "registry.json"), (reg) => {
      reg.compatibilityIgnores = [{ event: "position.admitted", version: "1.1", rule: "A property became required without a default", reason: "no producer has shipped 1.0 yet" }];
    });
    await expectCachedRunMatches(r);
    writeFileSync(file, original);
    await expectCachedRunMatches(r);
  });

  it("registry.json made invalid after valid runs: checked again, though its old bytes passed before", async () => {
    const r = fresh("registry-json");
    await expectCachedRunMatches(r);
    const original = readFileSync(join(r.schemas, "registry.json"), "utf8");
    editJson(join(r.schemas, "registry.json"), (reg) => (reg.compatibility = "SIDEWAYS"));
    await expectSameFailure(r, /registry\.json follows registry\.schema\.json/);
    writeFileSync(join(r.schemas, "registry.json"), original);
    await expectCachedRunMatches(r);
  });

  it("renaming an event folder", async () => {
    const r = fresh("rename");
    await expectCachedRunMatches(r);
    renameSync(join(r.schemas, "queue/paused"), join(r.schemas, "queue/halted"));
    renameInRegistry(r.schemas, "queue.paused", "queue.halted");
    await expectCachedRunMatches(r);
    const files = readTree(r.out);
    expect(files.has("types/queue.halted.d.ts")).toBe(true);
    expect(files.has("types/queue.paused.d.ts")).toBe(false);
    // And back: the old entries are valid again and serve the old output exactly.
    renameSync(join(r.schemas, "queue/halted"), join(r.schemas, "queue/paused"));
    renameInRegistry(r.schemas, "queue.halted", "queue.paused");
    await expectCachedRunMatches(r);
  });

  it("deleting an event", async () => {
    const r = fresh("delete");
    await expectCachedRunMatches(r);
    rmSync(join(r.schemas, "queue/maintenance"), { recursive: true });
    renameInRegistry(r.schemas, "queue.maintenance", undefined);
    await expectCachedRunMatches(r);
    expect(readTree(r.out).has("types/queue.maintenance.d.ts")).toBe(false);
    expect(readFileSync(join(r.out, "registry.js"), "utf8")).not.toContain("queue.maintenance");
  });

  // Event pages and type files are served by their inputs (model/event-inputs.ts), without
  // computing them: every kind of input they read, edited, must renew the ones that show it.
  describe("event pages and type files keyed by their inputs", () => {
    const page = (r: { out: string }, event: string) => readFileSync(join(r.out, `docs/events/${event}.md`), "utf8");

    it("a shared definition edited: every page showing it follows", async () => {
      const r = fresh("pages-defs");
      await expectCachedRunMatches(r);
      editJson(join(r.schemas, "defs/common.json"), (s) => {
        s.$defs.PositionId.description = "Identifier of a place in a queue (edited definition).";
        s.$defs.PositionId.maxLength = 99;
      });
      await expectCachedRunMatches(r);
      expect(page(r, "position.admitted")).toContain("99");
      // A new title renames the shared type: every event type file using it follows.
      editJson(join(r.schemas, "defs/common.json"), (s) => {
        s.$defs.PositionId.title = "Place in line";
      });
      await expectCachedRunMatches(r);
      expect(readFileSync(join(r.out, "types/position.admitted.d.ts"), "utf8")).toContain("PlaceInLine");
    });

    it("registry.json edited (a service, a consumer, a stream): the pages naming them follow", async () => {
      const r = fresh("pages-registry");
      await expectCachedRunMatches(r);
      editJson(join(r.schemas, "registry.json"), (reg) => {
        reg.services["edited-service"] = { publishes: [], consumes: ["queue.paused"] };
        const first = Object.keys(reg.consumers)[0]!;
        reg.consumers[`${first}-edited`] = { ...reg.consumers[first] };
        reg.streams.QUEUE_EVENTS.description = "Queue administration (edited).";
      });
      await expectCachedRunMatches(r);
      expect(page(r, "queue.paused")).toContain("edited-service");
    });

    it("the envelope edited: every page's envelope table follows", async () => {
      const r = fresh("pages-envelope");
      await expectCachedRunMatches(r);
      editJson(join(r.schemas, "envelope.schema.json"), (s) => {
        s.properties.source.description = "The producing service (edited envelope).";
      });
      await expectCachedRunMatches(r);
      expect(page(r, "queue.paused")).toContain("edited envelope");
    });

    it("another event's version file that a $ref reaches, edited: the referring page follows", async () => {
      const r = fresh("pages-cross-ref");
      editJson(join(r.schemas, "queue/resumed/1.0.json"), (s) => {
        s.properties.paused_reason = { $ref: "../paused/1.0.json#/properties/reason", description: "Why it had been paused." };
      });
      await expectCachedRunMatches(r);
      editJson(join(r.schemas, "queue/paused/1.0.json"), (s) => {
        s.properties.reason.maxLength = 77;
      });
      await expectCachedRunMatches(r);
      expect(page(r, "queue.resumed")).toMatch(/paused_reason[^\n]*77/);
    });

    it("an event added: its page appears and every other page still equals the uncached one", async () => {
      const r = fresh("pages-added");
      await expectCachedRunMatches(r);
      cpSync(join(r.schemas, "queue/paused"), join(r.schemas, "queue/frozen"), { recursive: true });
      editJson(join(r.schemas, "queue/frozen/1.0.json"), (s) => {
        s.title = "Queue frozen";
        delete s.examples;
      });
      await expectCachedRunMatches(r);
      expect(readTree(r.out).has("docs/events/queue.frozen.md")).toBe(true);
    });
  });

  it("changing a template, in place and back", async () => {
    const r = fresh("template");
    const templates = join(r.root, "templates");
    mkdirSync(join(templates, "docs"), { recursive: true });
    const original = readFileSync("templates/docs/event.md.hbs", "utf8");
    await expectCachedRunMatches(r);
    writeFileSync(join(templates, "docs/event.md.hbs"), original.replace(/\n/, "\n\n_Template v2._\n"));
    await expectCachedRunMatches(r, { templates });
    expect(readFileSync(join(r.out, "docs/events/queue.paused.md"), "utf8")).toContain("Template v2");
    writeFileSync(join(templates, "docs/event.md.hbs"), original.replace(/\n/, "\n\n_Template v3._\n"));
    await expectCachedRunMatches(r, { templates });
    expect(readFileSync(join(r.out, "docs/events/queue.paused.md"), "utf8")).toContain("Template v3");
    rmSync(join(templates, "docs/event.md.hbs"));
    await expectCachedRunMatches(r, { templates });
    expect(readFileSync(join(r.out, "docs/events/queue.paused.md"), "utf8")).not.toContain("_Template v");
  });

  it("changing a package template cut at its blocks (kept compiled in the cache), in place, uncuttable and back", async () => {
    const r = fresh("template-cut");
    const templates = join(r.root, "templates");
    mkdirSync(join(templates, "package"), { recursive: true });
    const original = readFileSync("templates/package/index.d.ts.hbs", "utf8");
    const inBlock = (insert: string) => original.replace(/(\{\{#each majors\}\}\n)/, `$1${insert}\n`);
    await expectCachedRunMatches(r);
    for (const [text, mark] of [
      [inBlock("// block v2 {{event}}"), "// block v2 "],
      [inBlock("// block v3 {{event}}"), "// block v3 "],
      [inBlock("// block v4 at {{@index}}"), "// block v4 at 0"],
      [original, undefined],
    ] as const) {
      writeFileSync(join(templates, "package/index.d.ts.hbs"), text);
      await expectCachedRunMatches(r, { templates });
      const dts = readFileSync(join(r.out, "index.d.ts"), "utf8");
      if (mark) expect(dts).toContain(mark);
      else expect(dts).not.toContain("// block v");
    }
  });

  for (const tool of ["prettier", "json-schema-to-typescript", "ajv", "jetschema"]) {
    it(`a different ${tool} version never meets entries written by another`, async () => {
      const r = fresh(`tool-${tool}`);
      // Entries written "by the old version", then poisoned: if any were served, the output would show it.
      await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache, toolVersions: { [tool]: "0.0.0-old" } } });
      expect(poisonEntries(r.cache, poisonAll)).toBeGreaterThan(0);
      rmSync(r.out, { recursive: true });
      await expectCachedRunMatches(r);
      expect(JSON.stringify([...readTree(r.out).values()])).not.toContain("POISONED");
      // The poison is real: the old version's keys would serve it.
      const withOldKeys = await renderPackage({ schemas: r.schemas, out: r.out, cache: { dir: r.cache, toolVersions: { [tool]: "0.0.0-old" } } }).then(
        (files) => [...files.values()].join("\n"),
        (err: Error) => err.message,
      );
      expect(withOldKeys).toContain("POISONED CACHE ENTRY");
    });
  }

  it("a corrupted entry is refused (and removed), never served", async () => {
    const r = fresh("corrupt");
    await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } });
    const all = packFiles(r.cache);
    expect(all.length).toBeGreaterThan(4);
    all.forEach((path, i) => {
      const text = readFileSync(path, "utf8");
      const nl = text.indexOf("\n");
      switch (i % 4) {
        case 0: // one character of the first payload changed: the digest no longer matches
          writeFileSync(path, text.slice(0, nl + 1) + "X" + text.slice(nl + 2));
          break;
        case 1: // truncated
          writeFileSync(path, text.slice(0, Math.max(nl + 1, text.length - 10)));
          break;
        case 2: // garbage instead of a header
          writeFileSync(path, "not a header\n" + text.slice(nl + 1));
          break;
        default: // a whole, valid pack of another kind in its place
          writeFileSync(path, readFileSync(all[(i + 1) % all.length]!, "utf8"));
      }
    });
    rmSync(r.out, { recursive: true });
    await expectCachedRunMatches(r);
    // A run reading them removed or replaced every bad one: a third run finds only good entries.
    await expectCachedRunMatches(r);
  });
});

describe("generator cache: the no-op run", () => {
  it("does nothing when inputs and output are unchanged, and notices any edit of either", async () => {
    const r = fresh("noop");
    const first = await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } });
    expect(first.upToDate).toBe(false);
    const second = await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } });
    expect(second).toEqual({ files: first.files, upToDate: true });
    expect(await checkGenerated({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } })).toEqual([]);

    // A hand edit and a missing file are each repaired by the next run.
    const uncached = await renderPackage({ schemas: r.schemas, out: r.out });
    for (const damage of [() => writeFileSync(join(r.out, "index.js"), "// edited by hand\n"), () => rmSync(join(r.out, "subjects.d.ts"))]) {
      damage();
      expect((await checkGenerated({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } })).length).toBe(1);
      expect((await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } })).upToDate).toBe(false);
      expectSame(readTree(r.out), uncached);
    }
    // An extra file is not jetschema's: --check lists it, generate refuses to delete it.
    writeFileSync(join(r.out, "types/extra.d.ts"), "export {};\n");
    expect(await checkGenerated({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } })).toEqual(["types/extra.d.ts"]);
    await expect(generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } })).rejects.toThrow(/did not write: types\/extra\.d\.ts/);
    rmSync(join(r.out, "types/extra.d.ts"));

    // An input change is never a no-op, even a whitespace-only one.
    const file = join(r.schemas, "queue/paused/1.0.json");
    writeFileSync(file, readFileSync(file, "utf8") + "\n");
    expect((await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } })).upToDate).toBe(false);
    // A node_modules folder in the output (a workspace) is not part of it.
    mkdirSync(join(r.out, "node_modules/dep"), { recursive: true });
    expect((await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } })).upToDate).toBe(true);
  });
});

describe("generator cache: the command line", () => {
  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["node", "jetschema", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("--cache-dir keeps the cache there, a second run reports nothing rewritten, --no-cache neither reads nor writes it", async () => {
    const r = fresh("cli");
    const args = ["generate", "--schemas", r.schemas, "--out", r.out];
    const first = await cli(...args, "--cache-dir", r.cache);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^generated \d+ files/);
    expect(entries(r.cache).get("types")?.size).toBeGreaterThan(0);
    const second = await cli(...args, "--cache-dir", r.cache);
    expect(second.out).toContain("nothing rewritten");
    expect((await cli(...args, "--check", "--cache-dir", r.cache)).out).toContain("up to date");

    const other = join(r.root, "other-cache");
    const uncached = await cli(...args, "--no-cache", "--cache-dir", other);
    expect(uncached.code, uncached.err).toBe(0);
    expect(uncached.out).toMatch(/^generated \d+ files/);
    expect(safeList(other)).toEqual([]);
  });

  it("the default cache folder is node_modules/.cache/jetschema of the nearest package", () => {
    expect(defaultCacheDir(join(process.cwd(), "test", "generator"))).toBe(join(process.cwd(), "node_modules", ".cache", "jetschema"));
  });
});

describe("generator cache: a large registry", () => {
  it(
    `splits validators per domain above ${SPLIT_MODULES_ABOVE} schemas; an edit recompiles one module and matches the uncached run`,
    async () => {
      const root = join(tmp, `large-${counter++}`);
      const r = { schemas: join(root, "schemas"), out: join(root, "out"), cache: join(root, "cache") };
      const { versions } = writeSyntheticRegistry(r.schemas, { events: 170 });
      expect(versions).toBeGreaterThan(SPLIT_MODULES_ABOVE);
      await generate({ schemas: r.schemas, out: r.out, cache: { dir: r.cache } });
      const modules = [...readTree(r.out).keys()].filter((p) => /^validators\/.*\.js$/.test(p));
      expect(modules).toContain("validators/draft7/_envelope.js");
      expect(modules).toContain("validators/draft7/order.js");
      expect(readFileSync(join(r.out, "registry.js"), "utf8")).toContain('lazy("./validators/draft7/order.js", ');

      const before = entries(r.cache);
      const edited = readdirSync(join(r.schemas, "order")).sort()[3]!;
      const folder = join(r.schemas, "order", edited, readdirSync(join(r.schemas, "order", edited))[0]!);
      editJson(join(folder, readdirSync(folder).sort().pop()!), (s) => {
        s.properties.cache_test = { type: "integer", minimum: 1 };
      });
      await expectCachedRunMatches(r);
      const after = entries(r.cache);
      expect(added(before, after, "validators")).toBe(1);
      expect(added(before, after, "verdicts")).toBe(1);
      expect(added(before, after, "types")).toBe(1);
    },
    240_000,
  );
});
